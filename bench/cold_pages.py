"""The first read of a few pages after a write (the record's version moved, so no cached body answers), timed in
one process: `python -m bench.cold_pages [READS]` with DATABASE_URL set (and the settings `bench/run.py`
passes). A quick before/after for one change, lighter than `make bench`; prints JSON with each page's median,
min and max in ms, and its SQL queries."""

import json
import os
import statistics
import sys
import time

PAGES = {
    "dashboard": "/",
    "actions_stale": "/actions/?stale=on",
    "api_actions_stale": "/api/v1/actions/?stale=true&page_size=100",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rcm.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from decisions.caching.versions import record_version_bump

    reads = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    client = Client()
    report = {}
    for name, path in PAGES.items():
        timings, sql = [], []
        for _ in range(reads):
            record_version_bump()  # outside a transaction: the version moves at once, as after a write's commit
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        report[name] = {
            "median_ms": round(statistics.median(timings), 1),
            "min_ms": round(min(timings), 1),
            "max_ms": round(max(timings), 1),
            "sql_median_ms": round(statistics.median(sql), 1),
            "slowest_query_ms": round(max(float(q["time"]) for q in captured.captured_queries) * 1000, 1),
            "queries": len(captured.captured_queries),
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
