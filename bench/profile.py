"""Where a request's time goes: cProfile over one address read many times in one Django process, the cache
off (CACHE_URL=dummy://), so every read is computed as the first read after a write is (`--cached`: on).

    python -m bench.profile /api/v1/decisions/?page_size=100 [--factor 10] [--reads 50] [--sort tottime] [--cached]

Reads the database `make bench` built (bench/work/f<factor>.sqlite3, or rcm_bench_f<factor> on the
PostgreSQL server DATABASE_URL names). Prints the wall time per read, the time in SQL, and the top entries."""

import argparse
import cProfile
import os
import pstats
import time

from bench.run import database_urls
from bench.servers import app_env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--factor", type=int, default=10, choices=(1, 10))
    parser.add_argument("--reads", type=int, default=50)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--save", help="write the raw profile here (for snakeviz, pstats)")
    parser.add_argument("--cached", action="store_true", help="keep the cache on: what a repeated read costs")
    arguments = parser.parse_args()
    cache = "locmem://" if arguments.cached else "dummy://"
    os.environ.update(app_env(database_urls()[arguments.factor], CACHE_URL=cache))
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rcm.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(3):  # warm what a running server has warm
        if client.get(arguments.path).status_code != 200:
            raise SystemExit(f"{arguments.path} does not answer 200")
    started = time.perf_counter()
    for _ in range(arguments.reads):
        client.get(arguments.path)
    wall = (time.perf_counter() - started) / arguments.reads * 1000
    with CaptureQueriesContext(connection) as captured:
        for _ in range(arguments.reads):
            client.get(arguments.path)
    sql = sum(float(query["time"]) for query in captured.captured_queries) / arguments.reads * 1000
    print(f"{arguments.path} at factor {arguments.factor}: {wall:.2f} ms a read (no profiler), of which SQL "
          f"{sql:.2f} ms in {len(captured.captured_queries) // arguments.reads} queries")  # fmt: skip
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(arguments.reads):
        client.get(arguments.path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    if arguments.save:
        stats.dump_stats(arguments.save)
    print_parts(stats, arguments.reads)
    stats.sort_stats(arguments.sort).print_stats(arguments.top)


# The parts of a request worth naming: (label, file suffix, function). Cumulative, so they overlap where one
# calls another (building SQL happens inside paginating, for instance); the share is of the whole request.
PARTS = (
    ("the whole request", "django/test/client.py", "request"),
    ("middleware and view dispatch", "rest_framework/views.py", "dispatch"),
    ("DRF initial: authentication, permissions, throttles, parameters", "rest_framework/views.py", "initial"),
    ("the queryset: visibility, annotations, filters", "rest_framework/generics.py", "filter_queryset"),
    ("paginate: count and page rows", "decisions/api/pagination.py", "paginate_queryset"),
    ("serializer .data (related rows and representation)", "rest_framework/serializers.py", "data"),
    ("building SQL (compiler.as_sql)", "django/db/models/sql/compiler.py", "as_sql"),
    ("running SQL (cursor.execute)", "django/db/backends/utils.py", "execute"),
    ("fetching rows (results_iter)", "django/db/models/sql/compiler.py", "results_iter"),
    ("JSON rendering", "rest_framework/renderers.py", "render"),
    ("finalize_response (headers, cache store)", "decisions/api/views/base.py", "finalize_response"),
)


def print_parts(stats: pstats.Stats, reads: int) -> None:
    whole = None
    for label, suffix, function in PARTS:
        cumulative = sum(
            entry[3] for (filename, _line, name), entry in stats.stats.items()
            if filename.endswith(suffix) and name == function
        )  # fmt: skip
        whole = whole or cumulative or 1
        print(f"  {cumulative / reads * 1000:8.2f} ms {cumulative / whole:6.1%}  {label}")


if __name__ == "__main__":
    main()
