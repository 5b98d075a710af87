"""The import-fidelity benchmark: parse every text of `corpus/` and score it against its expected JSON.

`make fidelity` prints per-field precision and recall and how many texts are right to the field;
`tests/parsing/test_fidelity.py` fails when a field drops below the floor recorded in `corpus/floors.json`
(`python -m tests.parsing.fidelity --record` writes the current scores there, after a real improvement).

An expected JSON holds what a careful reader finds in the text: the meeting (ordinal, kind, city, country,
dates), the participants as [party code or name as written, capacity], the commitments and decisions (number,
how the text starts, and how it ends where a page break or hyphenation could cut it, kind, deadline) with
their sub-items, and warnings that must be given. `{"error": "…"}` means the text must be refused.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decisions.parsing import DeclarationDraft, Item, ParseError, parse_declaration
from decisions.parsing.text import collapse_spaces

CORPUS = Path(__file__).resolve().parent / "corpus"
FLOORS = CORPUS / "floors.json"
FIELDS = (
    "ordinal",
    "kind",
    "city",
    "country",
    "dates",
    "participants",
    "decisions",
    "sub-items",
    "kinds",
    "deadlines",
)


@dataclass
class Tally:
    """True positives, predictions made and expectations, for one field over the corpus."""

    right: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


@dataclass
class Report:
    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FIELDS})
    texts: int = 0
    texts_right: int = 0
    wrong: dict[str, list[str]] = field(default_factory=dict)  # text -> the fields it got wrong


def corpus_names() -> list[str]:
    return sorted(path.stem for path in CORPUS.glob("*.txt"))


def load_case(name: str) -> tuple[str, dict[str, Any]]:
    text = (CORPUS / f"{name}.txt").read_bytes().decode("utf-8")
    return text, json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def score_corpus() -> Report:
    report = Report()
    for name in corpus_names():
        text, expected = load_case(name)
        try:
            draft: DeclarationDraft | None = parse_declaration(text)
        except ParseError:
            draft = None
        fields_wrong = score_case(draft, expected, report.tallies)
        report.texts += 1
        if fields_wrong:
            report.wrong[name] = fields_wrong
        else:
            report.texts_right += 1
    return report


def score_case(draft: DeclarationDraft | None, expected: dict[str, Any], tallies: dict[str, Tally]) -> list[str]:
    """Adds one text's counts to the tallies; returns the fields this text got wrong."""
    wrong: list[str] = []
    if "error" in expected:
        if draft is not None:  # a refusal expected: everything read is a false positive
            tallies["decisions"].predicted += len(draft.decisions) + len(draft.commitments)
            wrong.append("decisions")
        return wrong
    meeting = expected["meeting"]
    found = _meeting_values(draft)
    wanted = {
        "ordinal": meeting["ordinal"],
        "kind": meeting["kind"],
        "city": _fold(meeting["city"]),
        "country": _fold(meeting["country"]),
        "dates": (meeting["start_date"], meeting["end_date"]) if meeting["start_date"] else None,
    }
    for name, value in wanted.items():
        if not _count(tallies[name], {value} - {None}, {found.get(name)} - {None}):
            wrong.append(name)
    got_participants = {(p.party_code or p.name, p.capacity) for p in draft.participants} if draft else set()
    if not _count(tallies["participants"], {tuple(pair) for pair in expected["participants"]}, got_participants):
        wrong.append("participants")
    wrong += _score_items(draft, expected, tallies)
    warnings = " | ".join(draft.warnings) if draft else ""
    if any(fragment not in warnings for fragment in expected.get("warnings_contain", [])):
        wrong.append("warnings")
    return wrong


def _meeting_values(draft: DeclarationDraft | None) -> dict[str, Any]:
    if draft is None:
        return {}
    header = draft.meeting
    dates = None
    if header.start_date:
        dates = (header.start_date.isoformat(), (header.end_date or header.start_date).isoformat())
    return {
        "ordinal": header.ordinal,
        "kind": header.kind,
        "city": _fold(header.city),
        "country": _fold(header.country),
        "dates": dates,
    }


def _count(tally: Tally, wanted: set, got: set) -> bool:
    tally.right += len(wanted & got)
    tally.predicted += len(got)
    tally.expected += len(wanted)
    return wanted == got


def _score_items(draft: DeclarationDraft | None, expected: dict[str, Any], tallies: dict[str, Tally]) -> list[str]:
    pairs: list[tuple[dict[str, Any] | None, Item | None]] = []
    top_wrong = False
    for section in ("commitments", "decisions"):
        got = list(getattr(draft, section)) if draft else []
        matched = _match(expected.get(section, []), got)
        top_wrong |= not _tally_matches(tallies["decisions"], matched)
        pairs += matched
    sub_pairs: list[tuple[dict[str, Any] | None, Item | None]] = []
    for want, item in pairs:
        if want is not None and item is not None:
            sub_pairs += _match(want.get("children", []), item.children)
        elif item is not None:
            sub_pairs += [(None, child) for child in item.children]
        elif want is not None:
            sub_pairs += [(child, None) for child in want.get("children", [])]
    wrong = ["decisions"] if top_wrong else []
    if not _tally_matches(tallies["sub-items"], sub_pairs):
        wrong.append("sub-items")
    every = pairs + sub_pairs
    if not _tally_matches(tallies["kinds"], every, lambda want, item: want["kind"] == item.kind):
        wrong.append("kinds")
    if not _tally_deadlines(tallies["deadlines"], every):
        wrong.append("deadlines")
    return wrong


def _match(wanted: list[dict[str, Any]], got: list[Item]) -> list[tuple[dict[str, Any] | None, Item | None]]:
    """Pairs each expected item with the first unused parsed item of its number and wording."""
    free = list(got)
    pairs: list[tuple[dict[str, Any] | None, Item | None]] = []
    for want in wanted:
        item = next((candidate for candidate in free if _same_item(want, candidate)), None)
        if item is not None:
            free.remove(item)
        pairs.append((want, item))
    return pairs + [(None, item) for item in free]


def _same_item(want: dict[str, Any], item: Item) -> bool:
    text = collapse_spaces(item.text)
    return (
        want["number"] == item.number
        and text.startswith(want["starts"])
        and text.endswith(want.get("ends", text[-1:] if text else ""))
    )


def _tally_matches(tally: Tally, pairs, agree=lambda want, item: True) -> bool:
    right = sum(1 for want, item in pairs if want is not None and item is not None and agree(want, item))
    predicted = sum(1 for _, item in pairs if item is not None)
    expected = sum(1 for want, _ in pairs if want is not None)
    tally.right, tally.predicted, tally.expected = (
        tally.right + right,
        tally.predicted + predicted,
        (tally.expected + expected),
    )
    return right == predicted == expected


def _tally_deadlines(tally: Tally, pairs) -> bool:
    all_right = True
    for want, item in pairs:
        want_deadline = want.get("deadline") if want else None
        got = item.deadline if item else None
        got_pair = (got.date.isoformat() if got.date else None, got.precision) if got else None
        want_pair = (want_deadline["date"], want_deadline["precision"]) if want_deadline else None
        tally.predicted += got_pair is not None
        tally.expected += want_pair is not None
        tally.right += got_pair is not None and got_pair == want_pair
        all_right &= got_pair == want_pair
    return all_right


def _fold(value: str | None) -> str | None:
    return collapse_spaces(value).casefold() if value else None


def table(report: Report) -> str:
    lines = ["| field | precision | recall |", "|---|---|---|"]
    for name in FIELDS:
        tally = report.tallies[name]
        lines.append(f"| {name} | {tally.precision:.3f} | {tally.recall:.3f} |")
    lines.append(f"\n{report.texts_right} of {report.texts} texts right to the field.")
    return "\n".join(lines)


def record_floors(report: Report) -> None:
    floors = {
        name: {"precision": _floor(tally.precision), "recall": _floor(tally.recall)}
        for name, tally in report.tallies.items()
    }
    floors["texts_right"] = report.texts_right
    FLOORS.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")


def _floor(value: float) -> float:
    return int(value * 1000) / 1000


def main(argv: list[str]) -> int:
    report = score_corpus()
    print(table(report))
    for name, fields_wrong in sorted(report.wrong.items()):
        print(f"  {name}: {', '.join(fields_wrong)}")
    if "--record" in argv:
        record_floors(report)
        print(f"floors recorded in {FLOORS.relative_to(Path.cwd()) if FLOORS.is_relative_to(Path.cwd()) else FLOORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
