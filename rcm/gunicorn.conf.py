"""How gunicorn serves the app — `make serve`, the benchmark and the load test all read this file, so what is
measured is what runs. Each value can be overridden on the command line or by the environment variable named."""

import os

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
