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
        "reports_answered_503": len(ledger.refused_notes),
        "reports_answered_202_stored": len(ledger.stored_notes),
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
        since = outcome.started - events["db_down"] if "db_down" in events else None
        when = f", sent {since:+.1f} s from the database's stop" if since is not None else ""
        problems.append(f"{outcome.kind} answered {outcome.status or 'no response'} after {outcome.ms:.0f} ms{when}")
    return problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20 else [])


def _explained_by_faults(outcome, events: dict) -> bool:
    down, up = events.get("db_down"), events.get("db_up")
    killed = events.get("worker_killed")
    # In flight while the database was away (a request may wait in gunicorn's queue before it is served, so
    # what counts is that its time overlaps the outage, not when it was sent).
    in_flight = down and up and outcome.started <= up + OUTAGE_GRACE_SECONDS
    if outcome.status == 503 and in_flight and outcome.started + outcome.ms / 1000 >= down - 0.5:
        return outcome.ms < FAST_FAILURE_MS  # a clear, fast 503: what an outage should look like
    # The killed worker's own connection fails without an answer; nothing of it was acknowledged.
    # (In flight when it was killed: on a loaded machine a request may wait seconds before it is served.)
    finished = outcome.started + outcome.ms / 1000
    return bool(outcome.status == 0 and killed and outcome.started - 0.5 <= killed <= finished + 0.5)


def _recovery(outcomes, events: dict) -> float | None:
    after = sorted(o.started + o.ms / 1000 for o in outcomes if o.started >= events["db_up"] and o.status == 200)
    return round(after[0] - events["db_up"], 2) if after else None


CHECK = """
import json, sys
from decisions.models import Action, Decision, ProgressUpdate
from decisions.services.status import decision_status_compute
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
for note in ledger["refused_notes"]:
    if ProgressUpdate.objects.filter(note=note).exists():
        failures.append(f"report {note} was answered 503 (nothing changed) but is stored")
for note in ledger["stored_notes"]:
    if ProgressUpdate.objects.filter(note=note).count() != 1:
        failures.append(f"report {note} was answered 202 (stored) but is not stored exactly once")
for pk in ledger["validations"]:
    if ProgressUpdate.objects.get(pk=pk).review_state != "validated":
        failures.append(f"acknowledged validation of update {pk} is not stored")
wrong = [d.pk for d in Decision.objects.all() if d.status != decision_status_compute(d)]
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
        json.dump(
            {
                "reports": ledger.reports,
                "validations": ledger.validations,
                "refused_notes": ledger.refused_notes,
                "stored_notes": ledger.stored_notes,
            },
            handle,
        )
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


def check_mail(database: str, ledger: Ledger, received: dict, drained_seconds: float | None) -> dict:
    """Every notification of an acknowledged write is in the outbox, sent, and received exactly once."""
    import hashlib

    query = "SELECT key, recipient, state, attempts FROM outbox_outboxmessage"
    command = ["psql", database, "-tAF", "\t", "-c", query]
    rows = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()  # noqa: S603,S607
    outbox = {
        key: (recipient, state, int(attempts)) for key, recipient, state, attempts in (r.split("\t") for r in rows)
    }
    failures = []
    expected = [f"report-validated:{pk}" for pk in ledger.validations]
    submitted = {key.rsplit(":", 1)[0] for key in outbox if key.startswith("report-submitted:")}
    for report in ledger.reports:
        if f"report-submitted:{report['id']}" not in submitted:
            failures.append(f"acknowledged report {report['id']} has no notification queued")
    expected += [key for key in outbox if key.startswith("report-submitted:")]
    for key in expected:
        if key not in outbox:
            failures.append(f"no notification queued for {key}")
            continue
        recipient, state, _attempts = outbox[key]
        message_id = f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@rcm-tracker>"
        copies = received.get((message_id, recipient), 0)
        if state != "sent" or copies != 1:
            failures.append(f"{key}: {state}, received {copies} times")
    duplicates = sum(1 for copies in received.values() if copies > 1)
    if duplicates:
        failures.append(f"{duplicates} messages were received more than once")
    return {
        "queued": len(outbox),
        "sent": sum(1 for _r, state, _a in outbox.values() if state == "sent"),
        "received": sum(received.values()),
        "retried": sum(1 for _r, _s, attempts in outbox.values() if attempts > 1),
        "most_attempts": max((attempts for _r, _s, attempts in outbox.values()), default=0),
        "drained_seconds_after_run": drained_seconds,
        "failures": failures[:20],
    }
