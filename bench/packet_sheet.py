"""`make bench-packet-sheet` (also the last step of `make bench`): a country packet of 5,000 actions (generated)
downloaded as a spreadsheet, every row's note edited, uploaded (the preview) and confirmed (every row recorded
through packet_answer_save, one transaction); then the round trip with no edit. Times each step, median of
BENCH_SHEET_ROUNDS runs (3), and fails when the import goes over its budget.

Runs in one process against a fresh database of its own: bench/work/packet-sheet.sqlite3, or, when DATABASE_URL
names PostgreSQL, a database named after it with `_bench_sheet`. Writes bench/results-packet-sheet.json
(bench/results-packet-sheet-postgresql.json)."""

import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_SHEET_ROWS", "5000"))
RUNS = int(os.environ.get("BENCH_SHEET_ROUNDS", "3"))
# Seconds for 5,000 rows on the shared 2-core machine. Confirming went through packet_answer_save row by row
# (~24 queries a row: 73-77 s, past a web worker's 30 s timeout); since 2026-12-06 it goes through
# packet_answers_save, which checks once what is the same for every row (~4 queries a row): 10.4 s on SQLite.
# The budget is 12 ms a row for the confirmation: a regression past it fails the bench.
BUDGET = {"preview": 15.0, "record": 60.0}


def _database() -> tuple[str, bool]:
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        root, name = base.rsplit("/", 1)
        url = f"{root}/{name or 'rcm'}_bench_sheet"
        admin = f"{root}/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]}"], check=True)  # noqa: S603,S607
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {url.rsplit('/', 1)[1]}"], check=True)  # noqa: S603,S607
        return url, True
    path = ROOT / "bench" / "work" / "packet-sheet.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}", False


def _setup() -> bool:
    url, postgres = _database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rcm.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-packet-sheet-only")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    return postgres


def _generate():
    """A party, a meeting with ROWS open actions addressed to it, an opened round, a focal point."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from decisions.models import Action, Decision, Meeting, ReportingRound
    from decisions.models.search_text import fill_search_text
    from decisions.services.rounds import round_open, round_save
    from members.models import Party, Representative
    from members.roles import Role

    party = Party.objects.create(code="BL", kind="state", name="Benchland", country="BZ")
    meeting = fill_search_text(
        Meeting(
            kind="vice_ministerial",
            ordinal=999,
            slug="bench-sheet",
            title_en="Bench meeting",
            city_en="Bench City",
            start_date=datetime.date(2020, 5, 1),
            end_date=datetime.date(2020, 5, 2),
            is_published=True,
            source_language="en",
        )
    )
    meeting.save()
    decisions = [
        fill_search_text(
            Decision(
                meeting=meeting,
                section="decision",
                number=str(n),
                position=n,
                text_en=f"Urge the member countries to do bench item {n}.",
                original_language="en",
                lead_verb="urge",
                kind="mandate",
            )
        )
        for n in range(1, ROWS // 50 + 1)
    ]
    Decision.objects.bulk_create(decisions)
    decisions = list(Decision.objects.filter(meeting=meeting))
    actions = [
        fill_search_text(
            Action(decision=decisions[n % len(decisions)], title_en=f"Bench action {n}", responsible=party)
        )
        for n in range(ROWS)
    ]
    Action.objects.bulk_create(actions, batch_size=500)
    users = get_user_model().objects
    ts = users.create_user("bench-ts", email="ts@bench.example")
    ts.groups.add(Group.objects.get_or_create(name=Role.SECRETARIAT)[0])
    focal = users.create_user("bench-focal", email="focal@bench.example")
    focal.groups.add(Group.objects.get_or_create(name=Role.FOCAL_POINT)[0])
    Representative.objects.create(user=focal, party=party)
    from django.utils import timezone

    today = timezone.localdate()
    round = ReportingRound(title_en="Bench round", opens_on=today, closes_on=today + datetime.timedelta(days=30))
    round = round_open(round=round_save(round=round, meetings=[meeting], parties=[party], by=ts), by=ts)
    return round, party, focal


def _edited(data: bytes, run: int) -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book["packet"]
    for line in range(2, sheet.max_row + 1):
        sheet.cell(row=line, column=8, value=f"Run {run}: progress on row {line}.")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _timed(function, **kwargs):
    started = time.perf_counter()
    result = function(**kwargs)
    return result, time.perf_counter() - started


def main() -> None:
    postgres = _setup()
    from decisions.services.packet_sheet import packet_sheet_export, packet_sheet_preview, packet_sheet_record

    reporting_round, party, focal = _generate()
    times: dict[str, list[float]] = {"export": [], "preview": [], "record": [], "unchanged_preview": []}
    size = 0
    for run in range(RUNS):
        data, seconds = _timed(packet_sheet_export, round=reporting_round, party=party)
        times["export"].append(seconds)
        size = len(data)
        edited = _edited(data, run)
        preview, seconds = _timed(packet_sheet_preview, round=reporting_round, party=party, data=edited)
        times["preview"].append(seconds)
        if len(preview.to_record) != ROWS or preview.refused:
            sys.exit("every edited row should be recorded")
        _recorded, seconds = _timed(packet_sheet_record, round=reporting_round, party=party, by=focal, data=edited)
        times["record"].append(seconds)
        again = packet_sheet_export(round=reporting_round, party=party)
        unchanged, seconds = _timed(packet_sheet_preview, round=reporting_round, party=party, data=again)
        times["unchanged_preview"].append(seconds)
        if len(unchanged.unchanged) != ROWS:
            sys.exit("a round trip with no edit should record nothing")
    result = {
        "rows": ROWS,
        "database": "postgresql" if postgres else "sqlite",
        "file_bytes": size,
        "seconds_median": {name: round_(statistics.median(values)) for name, values in times.items()},
        "seconds_all": {name: [round_(v) for v in values] for name, values in times.items()},
        "budget_seconds": BUDGET,
    }
    name = "results-packet-sheet-postgresql.json" if postgres else "results-packet-sheet.json"
    (ROOT / "bench" / name).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    over = [step for step, limit in BUDGET.items() if result["seconds_median"][step] > limit]
    if over:
        sys.exit(f"packet spreadsheet import over budget: {', '.join(over)}")


def round_(value: float) -> float:
    return round(value, 3)


if __name__ == "__main__":
    main()
