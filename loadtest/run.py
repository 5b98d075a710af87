"""`make loadtest`: 50 concurrent clients for a fixed time against gunicorn on PostgreSQL, ~90% reads across
the pages and the API, ~10% progress reports and validations with tokens; then the database is checked:
every acknowledged write is there exactly once, and every stored status equals its recomputation.

With LOADTEST_FAULTS=1 the run also restarts PostgreSQL a third of the way in and kills a gunicorn worker
two thirds of the way in: requests during the outage must fail fast with 503, service must resume within
5 seconds of the database's return, and nothing acknowledged may be lost. Its mail server (loadtest/mailserver.py,
on loopback) refuses connections for the first quarter, hangs for the second, then accepts: every
notification of an acknowledged write must then be delivered exactly once, and no report answered 503 may be
stored. The e-mail worker (`manage.py run_worker`) runs beside gunicorn throughout."""

import json
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from loadtest.client import Client, Ledger, run_client
from loadtest.mailserver import SwitchableMailServer, free_port
from loadtest.report import check_database, check_mail, summarise

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("LOADTEST_PORT", "8201"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "40"))
FAULTS = os.environ.get("LOADTEST_FAULTS", "") in ("1", "true", "yes")
CLIENTS = int(os.environ.get("LOADTEST_CLIENTS", "30" if FAULTS else "50"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "4"))
DATABASE = os.environ.get("LOADTEST_DATABASE", "rcm_loadtest")
MAIL_PORT = free_port()
DRAIN_SECONDS = 90
MEMBERS = ["BZ", "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"]
READS = [
    "/", "/meetings/", "/meetings/ix-panama-city-2004/", "/meetings/ix-panama-city-2004/D8/", "/actions/",
    "/grid/", "/decisions/", "/parties/MX/", "/api/v1/decisions/?meeting=ix-panama-city-2004",
    "/api/v1/actions/?page_size=50", "/api/v1/meetings/", "/api/v1/stats/", "/api/v1/progress-updates/",
]  # fmt: skip


def database_url() -> str:
    base = os.environ.get("DATABASE_URL", "") or "postgres://postgres@127.0.0.1:5432/rcm"
    if not base.startswith("postgres"):
        raise SystemExit("make loadtest runs on PostgreSQL: set DATABASE_URL=postgres://…")
    return base.rsplit("/", 1)[0] + "/" + DATABASE


def environment(url: str) -> dict[str, str]:
    return {
        **os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "loadtest-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_COOKIES": "0", "DJANGO_LOG_LEVEL": "ERROR",
        "API_THROTTLE_ANON": "off", "API_THROTTLE_USER": "off", "API_THROTTLE_TOKEN": "off",
        "DATABASE_CONN_MAX_AGE": "60", "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1", "DJANGO_EMAIL_PORT": str(MAIL_PORT), "DJANGO_EMAIL_TIMEOUT": "2",
        "RCM_MAIL_RETRY_SECONDS": "1", "RCM_MAIL_RETRY_MAX_SECONDS": "4", "RCM_MAIL_ATTEMPTS": "200",
        "RCM_SITE_URL": f"http://127.0.0.1:{PORT}",
    }  # fmt: skip


def manage(url: str, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment(url), capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def prepare(url: str) -> dict:
    name, admin = url.rsplit("/", 1)[1], url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)  # noqa: S603,S607
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)  # noqa: S603,S607
    manage(url, "migrate", "--noinput", "-v0")
    manage(url, "collectstatic", "--noinput", "-v0")
    manage(url, "load_ix_meeting")
    password = secrets.token_urlsafe(16)
    secret = ROOT / "loadtest" / ".password"
    secret.write_text(password)
    try:
        manage(url, "create_account", "lt-ts", "--role", "secretariat", "--password-file", str(secret),
               "--email", "lt-ts@loadtest.example")  # fmt: skip
        for code in MEMBERS:
            manage(url, "create_account", f"lt-{code.lower()}", "--role", "focal-point", "--party", code,
                   "--password-file", str(secret), "--email", f"lt-{code.lower()}@loadtest.example")  # fmt: skip
    finally:
        secret.unlink()
    actions = json.loads(manage(url, "shell", "-c", ACTIONS_BY_PARTY).strip().splitlines()[-1])
    return {"password": password, "actions_by_party": actions}


ACTIONS_BY_PARTY = (
    "import json; from decisions.models import Action; out = {};"
    "[out.setdefault(a.responsible.code, []).append(a.pk) for a in Action.objects.select_related('responsible')];"
    "print(json.dumps(out))"
)


def token(username: str, password: str) -> str:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    connection.request("POST", "/api/v1/auth/token/", json.dumps({"username": username, "password": password}),
                       {"Content-Type": "application/json"})  # fmt: skip
    response = connection.getresponse()
    body = json.loads(response.read())
    if response.status != 201:
        raise SystemExit(f"no token for {username}: {response.status} {body}")
    return body["token"]


def start_gunicorn(url: str) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "gunicorn"), "rcm.wsgi:application",
               f"--bind=127.0.0.1:{PORT}", f"--workers={WORKERS}",
               "--graceful-timeout=5", "--log-level=error"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=environment(url))  # noqa: S603
    for _ in range(100):
        try:
            import urllib.request

            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)  # noqa: S310 - loopback
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def inject_faults(master: subprocess.Popen, started: float, events: dict) -> None:
    time.sleep(SECONDS / 3)
    cluster = sorted(os.listdir("/etc/postgresql"))[-1]
    events["db_down"] = time.perf_counter()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)  # noqa: S603,S607
    while subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode:  # noqa: S603,S607
        time.sleep(0.1)
    events["db_up"] = time.perf_counter()
    time.sleep(max(0.0, started + 2 * SECONDS / 3 - time.perf_counter()))
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    if children:
        os.kill(int(children[0]), signal.SIGKILL)
        events["worker_killed"] = time.perf_counter()


def switch_mail(mail: SwitchableMailServer, started: float, events: dict) -> None:
    """Refuse for the first quarter of the run, hang for the second, then accept."""
    time.sleep(max(0.0, started + SECONDS / 4 - time.perf_counter()))
    mail.hang()
    events["mail_hangs"] = time.perf_counter()
    time.sleep(max(0.0, started + SECONDS / 2 - time.perf_counter()))
    mail.accept()
    events["mail_back"] = time.perf_counter()


def drain(url: str) -> float | None:
    """Seconds after the run until the outbox holds nothing pending (None: not within DRAIN_SECONDS)."""
    started = time.perf_counter()
    query = "SELECT count(*) FROM outbox_outboxmessage WHERE state = 'pending'"
    while time.perf_counter() - started < DRAIN_SECONDS:
        pending = subprocess.run(["psql", url, "-tAc", query], capture_output=True, text=True)  # noqa: S603,S607
        if pending.returncode == 0 and pending.stdout.strip() == "0":
            return round(time.perf_counter() - started, 1)
        time.sleep(1)
    return None


def main() -> None:
    url = database_url()
    setup = prepare(url)
    mail = SwitchableMailServer(MAIL_PORT)
    if not FAULTS:
        mail.accept()
    master = start_gunicorn(url)
    worker = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=environment(url))  # noqa: S603
    ledger, events = Ledger(), {}
    try:
        plan = {
            "reads": READS,
            "actions_by_party": setup["actions_by_party"],
            "focal_tokens": [(code, token(f"lt-{code.lower()}", setup["password"])) for code in MEMBERS],
            "ts_token": token("lt-ts", setup["password"]),
        }
        started, deadline = time.perf_counter(), time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=run_client, args=(Client(PORT, ledger, random.Random(n)), plan, deadline))  # noqa: S311
            for n in range(CLIENTS)
        ]
        if FAULTS:
            threads.append(threading.Thread(target=inject_faults, args=(master, started, events)))
            threads.append(threading.Thread(target=switch_mail, args=(mail, started, events)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if mail.mode != "accept":
            mail.accept()
        drained = drain(url)
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        mail.stop()
    report = summarise(ledger, events, SECONDS, faults=FAULTS)
    report["database"] = check_database(url, ledger, environment(url))
    report["mail"] = check_mail(url, ledger, dict(mail.recorder.received), drained)
    (ROOT / "loadtest" / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    failures = report["failures"] + report["database"]["failures"] + report["mail"]["failures"]
    if failures:
        print("LOADTEST FAILED:\n- " + "\n- ".join(failures))
        raise SystemExit(1)
    print("loadtest passed")


if __name__ == "__main__":
    main()
