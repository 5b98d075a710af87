"""gunicorn's settings for every server of this project (`make serve`, benchmarks, load tests, the operations
tests): gunicorn reads this file from the working directory, so what is measured is what runs. Each value can be
overridden on the command line or by the environment variable named.

gunicorn 27 opens a control socket at one fixed path per user ($XDG_RUNTIME_DIR/gunicorn.ctl or
~/.gunicorn/gunicorn.ctl), so two instances on one machine would take over each other's socket. It stays off
unless GUNICORN_CONTROL_SOCKET names this instance's own path (for `gunicornc`)."""

import errno
import os
import socket

import gunicorn.util

# The access log names the client as the app decided it (rcm.clients: X-Forwarded-For only as far as a trusted
# proxy wrote it), not the proxy's address that %(h)s would print.
access_log_format = '%({rcm_client_address}e)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'

control_socket_path = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
if control_socket_path:
    control_socket = control_socket_path
else:
    control_socket_disable = True

# Threads keep HTTP/1.1 connections alive between requests: a client syncing 51 pages of the API opens one
# connection, not 51 (sync workers answer every request with `Connection: close`). Django is thread-safe, and
# each thread has its own database connection.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "4"))
# Seconds an idle kept-alive connection waits for the next request (behind a proxy: longer than the proxy's).
keepalive = int(os.environ.get("WEB_KEEPALIVE", "5"))
timeout = 30
graceful_timeout = 10

# Each worker listens on a socket of its own (SO_REUSEPORT), and the kernel spreads new connections across them. On
# one socket shared by every worker, the worker that was idle took each new connection: a client's kept-alive
# connections often all landed on one worker, which served them on one core while the others idled (the
# benchmark's eight readers: 520 req/s spread four and four, 230 with all eight on one worker, in one run in two).
# The price: on a reload (HUP) a stopping worker's socket closes with it, and a connection the kernel had queued on
# it but the worker had not yet accepted is reset (a proxy retries it). WEB_REUSE_PORT=0 shares one socket again.
reuse_port = os.environ.get("WEB_REUSE_PORT", "1") != "0"


def on_starting(server):
    """A port is shared by every socket listening on it with SO_REUSEPORT: a second server started on this one's
    port by mistake would take half its connections instead of failing. Refuse to start on a port something
    already listens on, as a shared socket's own bind would. Each address is probed as gunicorn binds it (IPv6
    for an IPv6 literal, IPv4 otherwise; an empty host is every address); any other failure to bind is left to
    gunicorn's own bind to report."""
    if not server.cfg.reuse_port:
        return
    for address in server.cfg.address:
        if not isinstance(address, tuple):
            continue  # a Unix socket or an inherited descriptor: gunicorn binds it itself, and fails if it is taken
        host, port = address[:2]
        family = socket.AF_INET6 if gunicorn.util.is_ipv6(host) else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # Past connections' TIME_WAIT do not count (SO_REUSEADDR); a listening socket does.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    message = f"{host or '*'}:{port} is already in use: is another server listening on it?"
                    raise RuntimeError(message) from None
