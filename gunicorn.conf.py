"""gunicorn's settings for every server of this project (`make serve`, benchmarks, load tests, the operations
tests): gunicorn reads this file from the working directory, so what is measured is what runs. Each value can be
overridden on the command line or by the environment variable named.

gunicorn 27 opens a control socket at one fixed path per user ($XDG_RUNTIME_DIR/gunicorn.ctl or
~/.gunicorn/gunicorn.ctl), so two instances on one machine would take over each other's socket. It stays off
unless GUNICORN_CONTROL_SOCKET names this instance's own path (for `gunicornc`)."""

import os

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
