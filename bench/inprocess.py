"""Measurements taken inside one Django process: SQL queries per page (D), each page's cold time (the first
read after a write: the record's version moved, as every committed write moves it, so no cached body or list
page answers) and import time (F).

Run as `python -m bench.inprocess PAGES_JSON` with DATABASE_URL set. It prints its query counts as one JSON
line, then times one cold read of the page each line of its input names (`cold <name>`, answered with the
milliseconds), so that the benchmark alternates the two sizes read by read (bench/run.py `in_process`): a
machine that slows down for a minute then slows both alike, instead of whichever size it was reading. On
`done` it times the imports and prints the last JSON line."""

import json
import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rcm.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from decisions.caching.versions import record_version_bump
    from decisions.management.commands.load_ix_meeting import SEED_DIR
    from decisions.parsing import parse_declaration
    from decisions.services.meetings import meeting_import

    pages = json.loads(sys.argv[1])
    client = Client()
    queries = {}
    for name, path in pages.items():
        client.get(path)  # warm caches the way a running server would have them
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        queries[name] = len(captured.captured_queries)
    print(json.dumps({"queries": queries}), flush=True)

    for line in sys.stdin:
        command, _, name = line.strip().partition(" ")
        if command != "cold":
            break
        record_version_bump()  # outside a transaction: the version moves at once, as after a write's commit
        started = time.perf_counter()
        client.get(pages[name])
        print(round((time.perf_counter() - started) * 1000, 3), flush=True)

    text = (SEED_DIR / "ix_meeting_2004_en.txt").read_text(encoding="utf-8")
    timings = []
    for n in range(20):
        started = time.perf_counter()
        with transaction.atomic():
            meeting_import(draft=parse_declaration(text), source_text=text, slug=f"bench-import-{n}")
            transaction.set_rollback(True)
        timings.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"import_ms": timings}), flush=True)


if __name__ == "__main__":
    main()
