"""`make bench`: the tracker at the RCM's real size (factor 1) and ten times it, side by side with Datasette
and with the floor (the same rows with no framework), on this machine, loopback only.

Systems under test alternate within each round so that a noisy machine affects them alike; every figure is
the median of the rounds with its spread. Writes bench/results.json and prints a table."""

import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from bench.measure import fetch_etag, latencies_ms, summary, wrk_rps
from bench.servers import ROOT, datasette, gunicorn, manage, worker_peak_rss_kib

WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
BENCH_VENV = ROOT / ".venv-bench"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
LATENCY_REQUESTS = int(os.environ.get("BENCH_LATENCY_REQUESTS", "60"))
API_LIST = "/api/v1/decisions/?page_size=100"
API_LIST_PAGES = "/api/v1/decisions/?level=all&page_size=5&page="
FLOOR = "/bench/floor/decisions/"


def database_urls() -> dict[int, str]:
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        root = base.rsplit("/", 1)[0]
        return {factor: f"{root}/rcm_bench_f{factor}" for factor in (1, 10)}
    return {factor: f"sqlite:///{WORK / f'f{factor}.sqlite3'}" for factor in (1, 10)}


def build(factor: int, url: str) -> dict:
    """A fresh database with the synthetic history at this factor."""
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
    return {"factor": factor, "build_seconds": round(time.perf_counter() - started, 1), "generated": output.strip()}


def pages(url: str) -> dict[str, str]:
    """The pages of figure D, addressed in this database (a meeting in the middle of the history)."""
    slug = manage(url, "shell", "-c", SLUG_QUERY).strip().splitlines()[-1]
    return {
        "dashboard": "/",
        "meeting": f"/meetings/{slug}/",
        "grid": "/grid/",
        "actions": "/actions/",
        "api_list": API_LIST,
    }


SLUG_QUERY = (
    "from decisions.models import Meeting; qs = Meeting.objects.order_by('start_date');print(qs[qs.count() // 2].slug)"
)


def in_process(url: str, page_paths: dict[str, str]) -> dict:
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
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.inprocess", json.dumps(page_paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def throughput(urls: dict[int, str]) -> dict:
    """A, B, C at factor 1: the API list against Datasette, against the floor, and answered 304; and, for the
    record, the same list computed on every request (the cache turned off: CACHE_URL=dummy://)."""
    api, ds, floor, conditional, computed = [], [], [], [], []
    sqlite_file = WORK / "f1.sqlite3"
    with ExitStack() as stack:
        stack.enter_context(gunicorn(urls[1], 8101))
        stack.enter_context(gunicorn(urls[1], 8103, CACHE_URL="dummy://"))
        if urls[1].startswith("sqlite"):  # Datasette serves SQLite files only
            stack.enter_context(datasette(sqlite_file, 8102, BENCH_VENV))
        base = "http://127.0.0.1:8101"
        etag = fetch_etag(base + API_LIST)
        for _round in range(ROUNDS):
            api.append(wrk_rps(base + API_LIST))
            if urls[1].startswith("sqlite"):
                ds.append(wrk_rps("http://127.0.0.1:8102/f1/decisions_decision.json?_size=100&_shape=objects"))
            floor.append(wrk_rps(base + FLOOR))
            conditional.append(wrk_rps(base + API_LIST, headers={"If-None-Match": etag}))
            computed.append(wrk_rps("http://127.0.0.1:8103" + API_LIST))
        loop = sync_loop(base)  # on the server as `make serve` runs it (gunicorn.conf.py)
    figures = {
        "sync_loop_51": loop,
        "api_list_rps": summary(api),
        "floor_rps": summary(floor),
        "conditional_304_rps": summary(conditional),
        "api_list_uncached_rps": summary(computed),
    }
    if ds:
        figures["datasette_rps"] = summary(ds)
    return figures


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
    """D and E: latency of each page at factor 1 and 10, alternating, then the workers' peak memory.

    Like every other figure, a page's median and p95 are taken in each round and the figure is their median
    over the rounds: a pause of the machine during one round moves one round's p95, not the figure."""
    samples = {factor: {name: [] for name in page_paths[factor]} for factor in (1, 10)}
    per_round = {factor: {name: {"median": [], "p95": []} for name in page_paths[factor]} for factor in (1, 10)}
    memory = {}
    with gunicorn(urls[1], 8111) as small, gunicorn(urls[10], 8112) as large:
        servers = {1: "http://127.0.0.1:8111", 10: "http://127.0.0.1:8112"}
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
    return {
        "latency_ms": {f: {n: summary(v) for n, v in samples[f].items()} for f in samples},
        "round_latency_ms": {
            f: {n: {s: summary(v) for s, v in stats.items()} for n, stats in per_round[f].items()} for f in per_round
        },
        "peak_rss_kib": memory,
    }


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    urls = database_urls()
    manage(urls[1], "collectstatic", "--noinput", "-v0")  # served by whitenoise, as in production
    builds = [build(factor, url) for factor, url in urls.items()]
    page_paths = {factor: pages(url) for factor, url in urls.items()}
    inproc = {factor: in_process(url, page_paths[factor]) for factor, url in urls.items()}
    speed = throughput(urls)
    grown = growth(urls, page_paths)
    report = assemble(builds, page_paths, inproc, speed, grown, urls)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)


def assemble(builds, page_paths, inproc, speed, grown, urls) -> dict:
    latency, rounds = grown["latency_ms"], grown["round_latency_ms"]

    def ratio(statistic: str, name: str) -> float:
        return round(rounds[10][name][statistic]["median"] / rounds[1][name][statistic]["median"], 3)

    p95_ratios = {n: ratio("p95", n) for n in latency[1]}
    median_ratios = {n: ratio("median", n) for n in latency[1]}
    cold = {f: inproc[f]["cold_ms"] for f in inproc}
    cold_ratios = {n: round(statistics.median(cold[10][n]) / statistics.median(cold[1][n]), 3) for n in cold[1]}
    ratios = {
        "api_vs_datasette": round(speed["api_list_rps"]["median"] / speed["datasette_rps"]["median"], 3)
        if "datasette_rps" in speed
        else None,
        "api_vs_floor": round(speed["api_list_rps"]["median"] / speed["floor_rps"]["median"], 3),
        "conditional_vs_full": round(speed["conditional_304_rps"]["median"] / speed["api_list_rps"]["median"], 3),
        "growth_p95_max": max(p95_ratios.values()),
        "memory_growth": round(grown["peak_rss_kib"][10] / grown["peak_rss_kib"][1], 3),
    }
    return {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "database": "postgresql" if urls[1].startswith("postgres") else "sqlite",
        "rounds": ROUNDS,
        "builds": builds,
        "pages": page_paths,
        "throughput_rps": speed,
        # Every request of a page pooled (latency_ms), and each round's median and p95 with their spread over
        # the rounds (round_latency_ms), which the growth ratios are taken from.
        "latency_ms": latency,
        "round_latency_ms": rounds,
        "growth": {"p95_ratio": p95_ratios, "median_ratio": median_ratios},
        # Not a target: the first read after a write (its cached body gone), in one process, median of a few.
        "cold_ms": {f: {n: summary(v) for n, v in cold[f].items()} for f in cold},
        "cold_growth_median_ratio": cold_ratios,
        "queries": {str(f): inproc[f]["queries"] for f in inproc},
        "peak_rss_kib": grown["peak_rss_kib"],
        "import_ms": summary(inproc[1]["import_ms"]),
        "targets": {
            "api_vs_datasette": ">= 3",
            "api_vs_floor": ">= 0.6",
            "conditional_vs_full": ">= 5",
            "growth_p95_max": "<= 1.5",
            "memory_growth": "<= 1.3",
        },
        "ratios": ratios,
        # Not targets: how the list fares with its cache turned off, so a reader sees what the cache buys.
        "uncached_ratios": {
            "api_uncached_vs_datasette": round(
                speed["api_list_uncached_rps"]["median"] / speed["datasette_rps"]["median"], 3
            )
            if "datasette_rps" in speed
            else None,
            "api_uncached_vs_floor": round(speed["api_list_uncached_rps"]["median"] / speed["floor_rps"]["median"], 3),
            "conditional_vs_uncached": round(
                speed["conditional_304_rps"]["median"] / speed["api_list_uncached_rps"]["median"], 3
            ),
        },
    }


def print_table(report: dict) -> None:
    speed, ratios = report["throughput_rps"], report["ratios"]
    print(f"\nRCM Decision Tracker benchmark ({report['database']}, {report['rounds']} rounds; medians [min–max])")
    for name, figure in speed.items():
        print(f"  {name:<22} {figure['median']:>10.1f} req/s  [{figure['min']:.1f}–{figure['max']:.1f}]")
    print("  latency p95 (ms)       factor 1   factor 10   ratio   queries f1/f10   cold (ms) f1 → f10")
    for name, ratio in report["growth"]["p95_ratio"].items():
        rounds = report["round_latency_ms"]
        small, large = rounds[1][name]["p95"]["median"], rounds[10][name]["p95"]["median"]
        q1, q10 = report["queries"]["1"][name], report["queries"]["10"][name]
        c1, c10 = report["cold_ms"][1][name]["median"], report["cold_ms"][10][name]["median"]
        print(f"  {name:<20} {small:>10.1f} {large:>11.1f} {ratio:>7.2f}   {q1:>5}/{q10:<5}   {c1:>8.1f} → {c10:.1f}")
    print(f"  peak worker RSS (KiB)  {report['peak_rss_kib'][1]} → {report['peak_rss_kib'][10]}")
    print(f"  import of the IX declaration: median {report['import_ms']['median']:.1f} ms over 20")
    print("  ratios:", json.dumps(ratios), "targets:", json.dumps(report["targets"]))
    print("  with the cache off:", json.dumps(report["uncached_ratios"]))


if __name__ == "__main__":
    main()
