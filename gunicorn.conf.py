"""gunicorn's settings for every server of this project (`make serve`, benchmarks, load tests): gunicorn reads
this file from the working directory.

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
