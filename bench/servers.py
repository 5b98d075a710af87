"""Starting and stopping what the benchmark measures: gunicorn serving the app, Datasette serving the file."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of the app under test. RCM_BENCH_FLOOR mounts the benchmark's own routes (bench/floor.py),
    which the app never has otherwise."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "0", "RCM_BENCH_FLOOR": "1"}
    env.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    env["DJANGO_SECURE_COOKIES"] = "0"
    env["DJANGO_LOG_LEVEL"] = "WARNING"
    # Persistent connections, as production runs (docs/deployment.md): without them every request that reads the
    # record's version opens a database connection first, which is then most of a cached answer's time.
    env.setdefault("DATABASE_CONN_MAX_AGE", "60")
    # Throttling would measure the limiter, not the application.
    env["API_THROTTLE_ANON"] = env["API_THROTTLE_USER"] = env["API_THROTTLE_TOKEN"] = "off"  # noqa: S105
    env.update(extra)
    return env


def manage(database_url: str, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=app_env(database_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def free_port() -> int:
    """A loopback port nobody listens on now: benchmarks run beside other servers (and other benchmarks)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


@contextmanager
def gunicorn(database_url: str, port: int, workers: int = 2, **env: str):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "rcm.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=app_env(database_url, **env))  # noqa: S603
    process.port = port
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/v1/")
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@contextmanager
def datasette(sqlite_path: Path, port: int, venv: Path):
    command = [str(venv / "bin" / "datasette"), "serve", str(sqlite_path), "--port", str(port), "--host", "127.0.0.1"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        wait_until_up(f"http://127.0.0.1:{port}/")
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def worker_peak_rss_kib(master: subprocess.Popen) -> int:
    """The largest peak resident set (VmHWM) among the gunicorn master's worker processes."""
    peaks = []
    for child in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]))
    return max(peaks) if peaks else 0
