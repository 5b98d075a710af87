"""`make bench`: the tracker at the RCM's real size (factor 1) and ten times it, side by side with Datasette,
with the floor (the same rows with no framework) and with a bare Django view (the same bytes with no API), then
read while someone writes; on this machine, loopback only.

Systems under test alternate within each round so that a noisy machine affects them alike; every figure is
the median of the rounds with its spread. Writes bench/results.json (bench/results-postgresql.json on
PostgreSQL), the run's section of docs/performance.md, and prints a table.

BENCH_ROUNDS, BENCH_SECONDS (of wrk per measurement), BENCH_LATENCY_REQUESTS and BENCH_COLD_READS make a run
shorter; BENCH_REUSE=1 keeps the databases of the previous run instead of building them again. With
CACHE_URL=redis://… the servers share one Redis cache, as in production (bench/results-<database>-redis.json)."""

import http.client
import json
import os
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from bench.measure import fetch_etag, latencies_ms, summary, wrk_rps
from bench.mixed import mixed_round, mixed_summary, reporter_credentials, writer_credentials
from bench.report import assemble, print_table, setup_name, write_docs
from bench.servers import ROOT, datasette, free_port, gunicorn, manage, worker_peak_rss_kib

WORK = ROOT / "bench" / "work"
BENCH_VENV = ROOT / ".venv-bench"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
LATENCY_REQUESTS = int(os.environ.get("BENCH_LATENCY_REQUESTS", "60"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
API_LIST = "/api/v1/decisions/?page_size=100"
API_ACTIONS = "/api/v1/actions/?page_size=100"
API_LIST_PAGES = "/api/v1/decisions/?level=all&page_size=5&page="
FLOOR = "/bench/floor/decisions/"
BARE = "/bench/bare/decisions/"


def database_urls() -> dict[int, str]:
    """Two databases per run, named after the one DATABASE_URL names (so two people's runs never share one)."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        root, name = base.rsplit("/", 1)
        return {factor: f"{root}/{name or 'rcm'}_bench_f{factor}" for factor in (1, 10)}
    return {factor: f"sqlite:///{WORK / f'f{factor}.sqlite3'}" for factor in (1, 10)}


def build(factor: int, url: str) -> dict:
    """A fresh database with the synthetic history at this factor."""
    if REUSE and _exists(url):
        return {"factor": factor, "build_seconds": None, "generated": "reused from the previous run"}
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)  # noqa: S603,S607
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)  # noqa: S603,S607
    started = time.perf_counter()
    manage(url, "migrate", "--noinput", "-v0")
    manage(url, "load_ix_parties")
    output = manage(url, "generate_demo_data", "--factor", str(factor), "--seed", "42")
    if not url.startswith("sqlite"):
        # What autovacuum does within minutes of a bulk load in production: the visibility map lets a count read
        # an index alone (the "no news" count at factor 10: 17 → 9 ms), as SQLite's does from the start.
        subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)  # noqa: S603,S607
    return {"factor": factor, "build_seconds": round(time.perf_counter() - started, 1), "generated": output.strip()}


def _exists(url: str) -> bool:
    if url.startswith("sqlite"):
        return Path(url.removeprefix("sqlite:///")).exists()
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    found = subprocess.run(["psql", admin, "-Atc", "SELECT datname FROM pg_database"], capture_output=True, text=True)  # noqa: S603,S607
    return name in found.stdout.split()


def pages(url: str) -> dict[str, str]:
    """The pages of figure D, addressed in this database (a meeting in the middle of the history)."""
    slug = manage(url, "shell", "-c", SLUG_QUERY).strip().splitlines()[-1]
    return {
        "dashboard": "/",
        "meeting": f"/meetings/{slug}/",
        "grid": "/grid/",
        "actions": "/actions/",
        "api_list": API_LIST,
        "api_actions": API_ACTIONS,
    }


SLUG_QUERY = (
    "from decisions.models import Meeting; qs = Meeting.objects.order_by('start_date');print(qs[qs.count() // 2].slug)"
)


COLD_READS = int(os.environ.get("BENCH_COLD_READS", "5"))


def in_process(urls: dict[int, str], page_paths: dict[int, dict[str, str]]) -> dict[int, dict]:
    """D, the cold timings and F, from one process per size (`bench.inprocess`). The cold reads alternate between
    the sizes read by read, and which size goes first alternates by round: the growth ratio compares reads taken
    side by side, whatever the machine does meanwhile."""
    children = {}
    for factor, url in urls.items():
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_LOG_LEVEL": "WARNING",
            "API_THROTTLE_ANON": "off",
            "API_THROTTLE_USER": "off",
        }
        children[factor] = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "bench.inprocess", json.dumps(page_paths[factor])],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
    results = {factor: json.loads(_line(child)) for factor, child in children.items()}
    cold = {factor: {name: [] for name in page_paths[factor]} for factor in children}
    factors = list(children)
    for round_number in range(COLD_READS):
        for name in page_paths[factors[0]]:
            for factor in factors if round_number % 2 == 0 else factors[::-1]:
                children[factor].stdin.write(f"cold {name}\n")
                children[factor].stdin.flush()
                cold[factor][name].append(float(_line(children[factor])))
    for factor, child in children.items():
        child.stdin.write("done\n")
        child.stdin.flush()
        results[factor] |= json.loads(_line(child)) | {"cold_ms": cold[factor]}
        if child.wait(timeout=600) != 0:
            raise RuntimeError(f"bench.inprocess at factor {factor} failed")
    return results


def _line(child: subprocess.Popen) -> str:
    line = child.stdout.readline()
    if not line:
        raise RuntimeError("bench.inprocess stopped before answering")
    return line


def throughput(urls: dict[int, str]) -> dict:
    """A, B, C at factor 1: the API list against Datasette, against the floor, against a bare view of the same
    bytes, and answered 304; and the same list computed on every request (the cache turned off:
    CACHE_URL=dummy://), which is what the first read after every write costs."""
    runs = {name: [] for name in ("api", "datasette", "floor", "bare", "conditional", "computed")}
    sqlite = urls[1].startswith("sqlite")
    body = WORK / "api_list_body.json"
    with ExitStack() as stack:
        app, computed_port, ds_port = free_port(), free_port(), free_port()
        stack.enter_context(gunicorn(urls[1], app, RCM_BENCH_BARE_BODY=str(body)))
        stack.enter_context(gunicorn(urls[1], computed_port, CACHE_URL="dummy://"))
        if sqlite:  # Datasette serves SQLite files only
            stack.enter_context(datasette(WORK / "f1.sqlite3", ds_port, BENCH_VENV))
        base = f"http://127.0.0.1:{app}"
        etag = fetch_etag(base + API_LIST)
        body.write_bytes(fetch_body(base + API_LIST))  # what the bare view serves: the cached list's bytes
        # The bare view right after the cached list it is compared with, on the same workers: measured after the
        # floor instead, its rate spread over 3× between rounds (818–2,478 req/s in one run).
        targets = {
            "api": (base + API_LIST, None),
            "bare": (base + BARE, None),
            "conditional": (base + API_LIST, {"If-None-Match": etag}),
            "datasette": (f"http://127.0.0.1:{ds_port}/f1/decisions_decision.json?_size=100&_shape=objects", None),
            "floor": (base + FLOOR, None),
            "computed": (f"http://127.0.0.1:{computed_port}" + API_LIST, None),
        }
        if not sqlite:
            del targets["datasette"]
        for _round in range(ROUNDS):
            for name, (url, headers) in targets.items():
                runs[name].append(wrk_rps(url, headers=headers))
        loop = sync_loop(base)  # on the server as `make serve` runs it (gunicorn.conf.py)
    names = {
        "api": "api_list_rps",
        "datasette": "datasette_rps",
        "floor": "floor_rps",
        "bare": "bare_view_rps",
        "conditional": "conditional_304_rps",
        "computed": "api_list_uncached_rps",
    }
    return {"sync_loop_51": loop} | {names[name]: summary(values) for name, values in runs.items() if values}


def fetch_body(url: str) -> bytes:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", f"{parts.path}?{parts.query}")
    response = connection.getresponse()
    content = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{url} answered {response.status}")
    return content


def sync_loop(base: str, requests: int = 51) -> dict:
    """An integrator's sync: `requests` pages read one after the other by one client. How many connections it
    opens (1 when the server keeps them alive; one per request when it answers `Connection: close`) and how long
    it takes."""
    connection = http.client.HTTPConnection(urlsplit(base).hostname, urlsplit(base).port, timeout=30)
    opened, started = 0, time.perf_counter()
    for number in range(requests):
        if connection.sock is None:  # http.client reconnects by itself: count it
            opened += 1
        connection.request("GET", f"{API_LIST_PAGES}{number % 5 + 1}")
        connection.getresponse().read()
    connection.close()
    return {"requests": requests, "connections": opened, "seconds": round(time.perf_counter() - started, 3)}


def growth(urls: dict[int, str], page_paths: dict[int, dict[str, str]]) -> dict:
    """D and E: latency of each page at factor 1 and 10, alternating, then the workers' peak memory; then the
    mixed run on the same servers (G): every page and list read in turn, with and without a writer.

    Like every other figure, a page's median and p95 are taken in each round and the figure is their median
    over the rounds: a pause of the machine during one round moves one round's p95, not the figure."""
    samples = {factor: {name: [] for name in page_paths[factor]} for factor in (1, 10)}
    per_round = {factor: {name: {"median": [], "p95": []} for name in page_paths[factor]} for factor in (1, 10)}
    writers = {factor: writer_credentials(urls[factor]) for factor in (1, 10)}
    reporters = {factor: reporter_credentials(urls[factor]) for factor in (1, 10)}
    mixed_runs = {factor: {"readonly": [], "mixed": [], "write_ms": []} for factor in (1, 10)}
    report_runs = {factor: {"readonly": [], "mixed": [], "write_ms": []} for factor in (1, 10)}
    with gunicorn(urls[1], free_port()) as small, gunicorn(urls[10], free_port()) as large:
        servers = {1: f"http://127.0.0.1:{small.port}", 10: f"http://127.0.0.1:{large.port}"}
        for _round in range(ROUNDS):
            for name in page_paths[1]:
                for factor in (1, 10):
                    timings = latencies_ms(servers[factor] + page_paths[factor][name], LATENCY_REQUESTS)
                    samples[factor][name] += timings
                    for statistic in ("median", "p95"):
                        per_round[factor][name][statistic].append(summary(timings)[statistic])
        for factor in (1, 10):
            wrk_rps(servers[factor] + page_paths[factor]["api_list"], seconds=2)  # the run's load, for memory
        memory = {1: worker_peak_rss_kib(small), 10: worker_peak_rss_kib(large)}
        for number in range(ROUNDS):
            for factor in (1, 10):
                for credentials, runs in ((writers, mixed_runs), (reporters, report_runs)):
                    key, action_ids = credentials[factor]
                    readonly, mixed, write_ms = mixed_round(
                        servers[factor],
                        list(page_paths[factor].values()),
                        WORK / f"mix-f{factor}.lua",
                        key,
                        action_ids,
                        seed=number,
                    )
                    runs[factor]["readonly"].append(readonly)
                    runs[factor]["mixed"].append(mixed)
                    runs[factor]["write_ms"] += write_ms
    return {
        "latency_ms": {f: {n: summary(v) for n, v in samples[f].items()} for f in samples},
        "round_latency_ms": {
            f: {n: {s: summary(v) for s, v in stats.items()} for n, stats in per_round[f].items()} for f in per_round
        },
        "peak_rss_kib": memory,
        "mixed": {f: mixed_summary(**runs) for f, runs in mixed_runs.items()},
        "mixed_reports": {f: mixed_summary(**runs) for f, runs in report_runs.items()},
    }


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    urls = database_urls()
    manage(urls[1], "collectstatic", "--noinput", "-v0")  # served by whitenoise, as in production
    builds = [build(factor, url) for factor, url in urls.items()]
    page_paths = {factor: pages(url) for factor, url in urls.items()}
    inproc = in_process(urls, page_paths)
    speed = throughput(urls)
    grown = growth(urls, page_paths)
    report = assemble(builds, page_paths, inproc, speed, grown, urls, ROUNDS)
    setup = setup_name(report)
    name = "results.json" if setup == "sqlite" else f"results-{setup}.json"
    (ROOT / "bench" / name).write_text(json.dumps(report, indent=2) + "\n")
    write_docs(report, ROOT / "docs" / "performance.md")
    print_table(report)


if __name__ == "__main__":
    main()
