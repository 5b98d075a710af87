"""The production server as gunicorn.conf.py sets it up: two instances on one machine (`make serve` twice, a
server beside a load test) share no control socket (gunicorn 27 would open both at one path per user), and
the access log names the client the app counted, not the proxy."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORTS = (8241, 8242)


def start(port: int, home: Path, *arguments: str, **extra: str) -> subprocess.Popen:
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "DJANGO_SECRET_KEY": "instances-test-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{home / 'unused.sqlite3'}",
        **extra,
    }
    command = [str(Path(sys.executable).parent / "gunicorn"), "rcm.wsgi:application", f"--bind=127.0.0.1:{port}"]
    command += arguments
    return subprocess.Popen(command, cwd=ROOT, env=environment, stderr=subprocess.PIPE, text=True)  # noqa: S603


def answers(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310 - loopback only
    except urllib.error.HTTPError:
        return True  # any HTTP answer: the instance serves
    except OSError:
        return False
    return True


def test_two_instances_share_no_control_socket(tmp_path):
    """Failed before the fix: both opened ~/.gunicorn/gunicorn.ctl (here under XDG_RUNTIME_DIR)."""
    (tmp_path / "runtime").mkdir()
    servers = [start(port, tmp_path) for port in PORTS]
    try:
        deadline = time.monotonic() + 30
        while not all(answers(port) for port in PORTS) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert all(answers(port) for port in PORTS)
        assert not list(tmp_path.rglob("*.ctl"))
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def test_an_instance_given_its_own_control_socket_opens_it_there(tmp_path):
    (tmp_path / "runtime").mkdir()
    own = tmp_path / "instance-a.ctl"
    server = start(PORTS[0], tmp_path, GUNICORN_CONTROL_SOCKET=str(own))
    try:
        deadline = time.monotonic() + 30
        while not (answers(PORTS[0]) and own.exists()) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert own.exists() and own.is_socket()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_the_access_log_names_the_client_a_trusted_proxy_vouches_for(tmp_path):
    """Failed before the fix: the log printed the connecting address (here the proxy), whoever the client was."""
    (tmp_path / "runtime").mkdir()
    log = tmp_path / "access.log"
    server = start(PORTS[0], tmp_path, f"--access-logfile={log}", RCM_TRUSTED_PROXIES="127.0.0.1")
    try:
        deadline = time.monotonic() + 30
        while not answers(PORTS[0]) and time.monotonic() < deadline:
            time.sleep(0.3)
        request = urllib.request.Request(f"http://127.0.0.1:{PORTS[0]}/healthz?probe=1")  # noqa: S310
        request.add_header("X-Forwarded-For", "6.6.6.6, 203.0.113.9")
        with contextlib.suppress(urllib.error.HTTPError):  # any answer is logged
            urllib.request.urlopen(request, timeout=5)  # noqa: S310 - loopback only
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    line = next(line for line in log.read_text().splitlines() if "probe=1" in line)
    assert line.startswith("203.0.113.9 ")


def listening_sockets(port: int) -> int:
    """How many sockets listen on the loopback port (Linux's table of TCP sockets: state 0A is LISTEN)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for row in rows if row.split()[1].endswith(f":{port:04X}") and row.split()[3] == "0A")


def test_each_worker_listens_and_a_second_server_on_the_port_refuses_to_start(tmp_path):
    """Each worker has its own socket, so the kernel spreads connections across workers (a client's kept-alive
    connections all landed on one worker in one benchmark run in two). A second server on the same port then
    refuses to start, as it did when the workers shared one socket, instead of taking half the connections."""
    (tmp_path / "runtime").mkdir()
    first = start(PORTS[0], tmp_path, "--workers=3")
    try:
        deadline = time.monotonic() + 30
        while not (answers(PORTS[0]) and listening_sockets(PORTS[0]) == 3) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert listening_sockets(PORTS[0]) == 3
        second = start(PORTS[0], tmp_path)
        _out, error = second.communicate(timeout=60)
        assert second.returncode != 0
        assert f"127.0.0.1:{PORTS[0]} is already in use: is another server listening on it?" in error
        assert answers(PORTS[0]) and listening_sockets(PORTS[0]) == 3
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)
