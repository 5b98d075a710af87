"""A run's figures as bench/results*.json holds them, as the table the run prints, and as its section of
docs/performance.md (between `<!-- bench:DATABASE -->` and `<!-- /bench:DATABASE -->`, rewritten by each run)."""

import datetime
import json
import os
import platform
import re
import statistics
from pathlib import Path

from bench.measure import summary

TARGETS = {
    "api_vs_datasette": ">= 3",
    "api_vs_floor": ">= 0.6",
    "api_uncached_vs_datasette": ">= 3",
    "api_uncached_vs_floor": ">= 0.6",
    "cached_vs_bare": ">= 0.5",
    "growth_p95_max": "<= 1.5",
    "cold_growth_max": "<= 1.5",
    "memory_growth": "<= 1.3",
    "mixed_vs_readonly_rps": ">= 0.5",
    "mixed_p95_ratio": "<= 2",
}
# `conditional_vs_full` has no target: a 304 and a cached full answer do the same work once the page is cached.


def _ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 3)


def assemble(builds, page_paths, inproc, speed, grown, urls, rounds: int) -> dict:
    latency, by_round, mixed = grown["latency_ms"], grown["round_latency_ms"], grown["mixed"]

    def growth(statistic: str, name: str) -> float:
        return _ratio(by_round[10][name][statistic]["median"], by_round[1][name][statistic]["median"])

    p95_ratios = {n: growth("p95", n) for n in latency[1]}
    median_ratios = {n: growth("median", n) for n in latency[1]}
    cold = {f: inproc[f]["cold_ms"] for f in inproc}
    cold_ratios = {n: _ratio(statistics.median(cold[10][n]), statistics.median(cold[1][n])) for n in cold[1]}
    rps = {name: figure["median"] for name, figure in speed.items() if name != "sync_loop_51"}
    datasette = rps.get("datasette_rps")
    ratios = {
        "api_vs_datasette": _ratio(rps["api_list_rps"], datasette) if datasette else None,
        "api_vs_floor": _ratio(rps["api_list_rps"], rps["floor_rps"]),
        "api_uncached_vs_datasette": _ratio(rps["api_list_uncached_rps"], datasette) if datasette else None,
        "api_uncached_vs_floor": _ratio(rps["api_list_uncached_rps"], rps["floor_rps"]),
        "cached_vs_bare": _ratio(rps["api_list_rps"], rps["bare_view_rps"]),
        "conditional_vs_full": _ratio(rps["conditional_304_rps"], rps["api_list_rps"]),
        "conditional_vs_uncached": _ratio(rps["conditional_304_rps"], rps["api_list_uncached_rps"]),
        "growth_p95_max": max(p95_ratios.values()),
        "cold_growth_max": max(cold_ratios.values()),
        "memory_growth": _ratio(grown["peak_rss_kib"][10], grown["peak_rss_kib"][1]),
        # The worse of the two sizes.
        "mixed_vs_readonly_rps": min(figures["rps_ratio"] for figures in mixed.values()),
        "mixed_p95_ratio": max(figures["p95_ratio"] for figures in mixed.values()),
        # The same while a focal point sends reports (a reporting day): no target of its own, beside the above.
        "mixed_reports_vs_readonly_rps": min(figures["rps_ratio"] for figures in grown["mixed_reports"].values()),
        "mixed_reports_p95_ratio": max(figures["p95_ratio"] for figures in grown["mixed_reports"].values()),
    }
    return {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "date": datetime.datetime.now(tz=datetime.UTC).date().isoformat(),
        "database": "postgresql" if urls[1].startswith("postgres") else "sqlite",
        # The servers' cache: each worker its own (the default), or one shared by all (CACHE_URL=redis://…).
        "cache": "redis" if os.environ.get("CACHE_URL", "").startswith("redis") else "locmem",
        "rounds": rounds,
        "builds": builds,
        "pages": page_paths,
        "throughput_rps": speed,
        # Every request of a page pooled (latency_ms), and each round's median and p95 with their spread over
        # the rounds (round_latency_ms), which the growth ratios are taken from.
        "latency_ms": latency,
        "round_latency_ms": by_round,
        "growth": {"p95_ratio": p95_ratios, "median_ratio": median_ratios},
        # The first read of each page after a write (the record's version moved), in one process.
        "cold_ms": {f: {n: summary(v) for n, v in cold[f].items()} for f in cold},
        "cold_growth_median_ratio": cold_ratios,
        # Readers of every page and list in turn, alone and beside a writer (one progress note every 200 ms).
        "mixed": mixed,
        # The same readers beside a focal point sending a report every 200 ms (reviewed later: not public yet).
        "mixed_reports": grown["mixed_reports"],
        "queries": {str(f): inproc[f]["queries"] for f in inproc},
        "peak_rss_kib": grown["peak_rss_kib"],
        "import_ms": summary(inproc[1]["import_ms"]),
        "targets": TARGETS,
        "ratios": ratios,
    }


def _spread(figure: dict, digits: int = 1) -> str:
    return f"{figure['median']:.{digits}f} [{figure['min']:.{digits}f}–{figure['max']:.{digits}f}]"


def _verdict(name: str, value: float | None) -> str:
    target = TARGETS.get(name)
    if value is None or target is None:
        return "—"
    operator, bound = target.split()
    met = value >= float(bound) if operator == ">=" else value <= float(bound)
    return f"{target} — {'met' if met else '**not met**'}"


def markdown(report: dict) -> str:
    """The run's section of docs/performance.md."""
    speed, ratios = report["throughput_rps"], report["ratios"]
    lines = [
        f"`make bench` on {report['database']} ({report.get('cache', 'locmem')} cache), {report['rounds']} rounds, "
        f"{report['date']}, "
        f"{report['machine']['cpus']} cores, Python {report['machine']['python']}. "
        "Medians over the rounds with [min–max].",
        "",
        "| throughput at factor 1 (req/s) | median [min–max] |",
        "|---|---|",
    ]
    for name, figure in speed.items():
        if name != "sync_loop_51":
            lines.append(f"| {name} | {_spread(figure)} |")
    lines += ["", "| ratio | value | target |", "|---|---|---|"]
    for name, value in ratios.items():
        lines.append(f"| {name} | {'—' if value is None else value} | {_verdict(name, value)} |")
    lines += [
        "",
        "| page | p95 f1 (ms) | p95 f10 (ms) | growth | queries f1/f10 | cold f1 (ms) | cold f10 (ms) | cold growth |",
        "|---|---|---|---|---|---|---|---|",
    ]
    rounds, cold = report["round_latency_ms"], report["cold_ms"]
    for name, ratio in report["growth"]["p95_ratio"].items():
        small, large = rounds[1][name]["p95"], rounds[10][name]["p95"]
        queries = f"{report['queries']['1'][name]}/{report['queries']['10'][name]}"
        lines.append(
            f"| {name} | {_spread(small)} | {_spread(large)} | {ratio} | {queries} | {_spread(cold[1][name])} "
            f"| {_spread(cold[10][name])} | {report['cold_growth_median_ratio'][name]} |"
        )
    lines += [
        "",
        "| mixed run | read-only req/s | with the writer req/s | ratio | read-only p95 (ms) | with the writer p95 (ms) "
        "| ratio | writes per run (refused) | write (ms) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    runs = [(f"factor {factor}", figures) for factor, figures in report["mixed"].items()]
    runs += [(f"factor {factor}, a focal point reporting", f) for factor, f in report.get("mixed_reports", {}).items()]
    for label, figures in runs:
        lines.append(
            f"| {label} | {_spread(figures['readonly_rps'])} | {_spread(figures['mixed_rps'])} "
            f"| {figures['rps_ratio']} | {_spread(figures['readonly_p95_ms'])} | {_spread(figures['mixed_p95_ms'])} "
            f"| {figures['p95_ratio']} | {_spread(figures['writes_per_run'], 0)} "
            f"({_spread(figures['refused_per_run'], 0)}) | {_spread(figures['write_ms'])} |"
        )
    refusals = sorted({reason for figures in report["mixed"].values() for reason in figures["refusals"]})
    if refusals:
        lines += ["", "Writes refused during the mixed run answered: " + "; ".join(f"`{r}`" for r in refusals)]
    rss = report["peak_rss_kib"]
    lines += [
        "",
        f"Peak worker RSS {rss[1] / 1024:.1f} MB at factor 1, {rss[10] / 1024:.1f} MB at factor 10; the IX "
        f"declaration parsed and imported in {report['import_ms']['median']:.0f} ms (median of "
        f"{report['import_ms']['n']}); an integrator's 51-page sync: {speed['sync_loop_51']['connections']} "
        f"connection(s), {speed['sync_loop_51']['seconds']} s.",
    ]
    return "\n".join(lines)


def setup_name(report: dict) -> str:
    """The database, and `-redis` when the servers shared one Redis cache: the name of the run's results file
    (bench/results-<name>.json; bench/results.json for SQLite's default) and of its section of the document."""
    return report["database"] + ("-redis" if report.get("cache") == "redis" else "")


def write_docs(report: dict, path: Path) -> None:
    """Replace this database's section of the document (added at the end the first time)."""
    section = setup_name(report)
    start, end = f"<!-- bench:{section} -->", f"<!-- /bench:{section} -->"
    block = f"{start}\n{markdown(report)}\n{end}"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _match: block, text) if pattern.search(text) else f"{text.rstrip()}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def print_table(report: dict) -> None:
    print(f"\nRCM Decision Tracker benchmark ({report['database']}, {report['rounds']} rounds)\n")
    print(markdown(report))
    print("\nratios:", json.dumps(report["ratios"]))
