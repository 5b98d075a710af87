"""What a load run showed, and whether the database still holds exactly what was acknowledged."""

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from loadtest.client import Ledger

ROOT = Path(__file__).resolve().parent.parent
OUTAGE_GRACE_SECONDS = 5.0
FAST_FAILURE_MS = 3000


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1)))], 1)  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "mean": round(statistics.fmean(ordered), 1)}


def summarise(ledger: Ledger, events: dict, seconds: int, *, faults: bool) -> dict:
    outcomes = ledger.outcomes
    by_kind = {}
    for kind in ("read", "report", "validate"):
        chosen = [o for o in outcomes if o.kind == kind]
        by_kind[kind] = {"requests": len(chosen), **percentiles([o.ms for o in chosen if 200 <= o.status < 500])}
    failures = _unexpected(outcomes, events, faults)
    report = {
        "seconds": seconds,
        "requests": len(outcomes),
        "throughput_rps": round(len(outcomes) / seconds, 1),
        "by_kind": by_kind,
        "status_counts": _counts(o.status for o in outcomes),
        "acknowledged_reports": len(ledger.reports),
        "acknowledged_validations": len(ledger.validations),
        "faults": {k: round(v - min(o.started for o in outcomes), 2) for k, v in events.items()} if events else {},
        "failures": failures,
    }
    if faults and "db_up" in events:
        report["recovery_seconds"] = _recovery(outcomes, events)
        if report["recovery_seconds"] is None or report["recovery_seconds"] > OUTAGE_GRACE_SECONDS:
            failures.append(f"service did not resume within {OUTAGE_GRACE_SECONDS} s of the database's return")
        outage = [o for o in outcomes if o.status == 503]
        report["outage_503"] = {"count": len(outage), **percentiles([o.ms for o in outage])}
    return report


def _counts(statuses) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[str(status)] = counts.get(str(status), 0) + 1
    return dict(sorted(counts.items()))


def _unexpected(outcomes, events: dict, faults: bool) -> list[str]:
    problems = []
    for outcome in outcomes:
        if outcome.status and outcome.status < 500:
            continue
        if faults and _explained_by_faults(outcome, events):
            continue
        problems.append(f"{outcome.kind} answered {outcome.status or 'no response'} after {outcome.ms:.0f} ms")
    return problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20 else [])


def _explained_by_faults(outcome, events: dict) -> bool:
    down, up = events.get("db_down"), events.get("db_up")
    killed = events.get("worker_killed")
    if outcome.status == 503 and down and up and down - 0.5 <= outcome.started <= up + OUTAGE_GRACE_SECONDS:
        return outcome.ms < FAST_FAILURE_MS  # a clear, fast 503: what an outage should look like
    # The killed worker's own connection fails without an answer; nothing of it was acknowledged.
    return bool(outcome.status == 0 and killed and abs(outcome.started - killed) < 2)


def _recovery(outcomes, events: dict) -> float | None:
    after = sorted(o.started + o.ms / 1000 for o in outcomes if o.started >= events["db_up"] and o.status == 200)
    return round(after[0] - events["db_up"], 2) if after else None


CHECK = """
import json, sys
from decisions.models import Action, Decision, ProgressUpdate
from decisions.services.status import decision_compute_status
ledger = json.load(open(sys.argv[-1]))
failures = []
for report in ledger["reports"]:
    rows = list(ProgressUpdate.objects.filter(note=report["note"]))
    if len(rows) != 1:
        failures.append(f"acknowledged report {report['note']} is stored {len(rows)} times")
    elif (rows[0].pk, rows[0].action_id) != (report["id"], report["action"]) or rows[0].status not in (
        report["status"], ""
    ):
        failures.append(f"acknowledged report {report['note']} is stored with other content")
for pk in ledger["validations"]:
    if ProgressUpdate.objects.get(pk=pk).review_state != "validated":
        failures.append(f"acknowledged validation of update {pk} is not stored")
wrong = [d.pk for d in Decision.objects.all() if d.status != decision_compute_status(d)]
if wrong:
    failures.append(f"{len(wrong)} decisions have a stored status that differs from its recomputation")
for action in Action.objects.all():
    applied = action.updates.filter(review_state="validated").exclude(status="").order_by("reviewed_at", "pk").last()
    expected = applied.status if applied else "not_started"
    if action.status != expected:
        failures.append(f"action {action.pk} is {action.status} but its log says {expected}")
print(json.dumps({"updates": ProgressUpdate.objects.count(), "failures": failures}))
"""


def check_database(url: str, ledger: Ledger, env: dict) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"reports": ledger.reports, "validations": ledger.validations}, handle)
    script = Path(handle.name).with_suffix(".py")
    script.write_text(CHECK)
    command = [sys.executable, "manage.py", "shell", "-c", f"import sys; sys.argv.append({handle.name!r}); "
               f"exec(open({str(script)!r}).read())"]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    Path(handle.name).unlink()
    script.unlink()
    if result.returncode:
        return {"failures": [f"database check failed: {result.stderr[-500:]}"]}
    return json.loads(result.stdout.strip().splitlines()[-1])
