"""`manage.py import_declaration`: the parse as JSON, the import, and bad input that writes nothing."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from decisions.models import Decision, Meeting, Participation
from decisions.services import meetings as meetings_service

SEED = Path(__file__).resolve().parents[2] / "decisions" / "seed" / "ix_meeting_2004_en.txt"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_declaration", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return Meeting.objects.count(), Decision.objects.count(), Participation.objects.count()


@pytest.mark.django_db
def test_dry_run_json_prints_the_structure_and_writes_nothing():
    parsed = json.loads(run(SEED, "--dry-run", "--json"))
    assert set(parsed) >= {"meeting", "participants", "commitments", "decisions", "warnings"}
    assert {k: parsed["meeting"][k] for k in ("ordinal", "city", "country", "start_date", "end_date")} == {
        "ordinal": 9,
        "city": "Panama City",
        "country": "Panama",
        "start_date": "2004-05-20",
        "end_date": "2004-05-21",
    }
    assert [d["number"] for d in parsed["decisions"]] == [str(n) for n in range(1, 18)]
    assert [c["number"] for c in parsed["commitments"]] == ["1", "2", "3", "4", "5"]
    fifteen = parsed["decisions"][14]
    assert [child["number"] for child in fifteen["children"]] == ["a", "b", "c"]
    assert parsed["decisions"][5]["deadline"]["precision"] == "quarter"
    assert {"name", "capacity"} <= set(parsed["participants"][0])
    assert {"number", "text", "kind", "lead_verb", "deadline", "children"} <= set(parsed["decisions"][0])
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_import_creates_a_draft_meeting_with_everything_the_text_says(ix_parties):
    out = run(SEED)
    meeting = Meeting.objects.get()
    assert "imported ix-panama-city-2004 (draft)" in out
    assert meeting.is_published is False
    assert meeting.source_text == SEED.read_text(encoding="utf-8")
    assert meeting.decisions.filter(section="decision", parent__isnull=True).count() == 17
    assert meeting.decisions.filter(section="commitment").count() == 5
    assert meeting.participations.filter(capacity="member").count() == 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n  ", "is empty"),
        ("Declaración de la reunión".encode("latin-1"), "not UTF-8"),
        (b"DECLARATION\n\nThe Vice Ministers met and talked at length.\n", "no numbered decisions"),
    ],
)
def test_bad_files_exit_with_one_readable_line_and_write_nothing(tmp_path, content, message):
    path = tmp_path / "declaration.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as exc:
        run(path)
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_a_missing_file_is_one_readable_line(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "nope.txt")


@pytest.mark.django_db
def test_a_meeting_that_exists_is_refused_and_nothing_changes(ix_parties):
    run(SEED)
    before = counts()
    with pytest.raises(CommandError, match="already in the tracker"):
        run(SEED)
    assert counts() == before


@pytest.mark.django_db
def test_an_import_that_fails_half_way_leaves_nothing(ix_parties, monkeypatch):
    original = meetings_service._link_parties
    calls = {"n": 0}

    def fail_on_the_tenth(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(meetings_service, "_link_parties", fail_on_the_tenth)
    with pytest.raises(RuntimeError):
        run(SEED)
    assert counts() == (0, 0, 0)


def test_the_command_line_exits_non_zero_with_one_line(tmp_path):
    import os
    import subprocess
    import sys

    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rcm.settings_test"}
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    result = subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, str(manage), "import_declaration", str(path)], capture_output=True, text=True, env=env
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [f"CommandError: {path} is empty"]


@pytest.mark.django_db
def test_a_text_whose_numbering_restarts_is_refused_in_one_line_naming_the_number(ix_parties):
    restarting = Path(__file__).resolve().parents[1] / "parsing" / "corpus" / "en_restarting_numbers.txt"
    with pytest.raises(CommandError) as refused:
        run(restarting)
    assert str(refused.value).startswith("Decision 1 appears twice")
    assert "\n" not in str(refused.value)
    assert counts() == (0, 0, 0)
