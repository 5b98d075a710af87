"""Load and latency measurements on loopback, bounded in time and in requests."""

import http.client
import os
import re
import statistics
import subprocess
import time
from urllib.parse import urlsplit

WRK_SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
WRK_CONNECTIONS = 8


def wrk_rps(url: str, headers: dict[str, str] | None = None, seconds: int = WRK_SECONDS) -> float:
    """Requests per second that wrk sustains against one URL (bounded: a few seconds, loopback only)."""
    command = ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"errors while loading {url}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def latencies_ms(url: str, count: int) -> list[float]:
    """Sequential requests on one keep-alive connection: the latency one delegate sees."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    timings = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", path, headers={"Accept-Language": "en"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    return timings


def fetch_etag(url: str) -> str:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
    response = connection.getresponse()
    response.read()
    etag = response.getheader("ETag")
    connection.close()
    if not etag:
        raise RuntimeError(f"{url} sent no ETag")
    return etag


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 3),
        "min": round(ordered[0], 3),
        "max": round(ordered[-1], 3),
        "p95": round(ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))], 3),
        "n": len(ordered),
    }
