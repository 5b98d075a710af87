"""The parser's output: plain dataclasses, and their JSON-ready form.

Nothing here knows about Django: the import service turns a `DeclarationDraft` into rows.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any


class ParseError(ValueError):
    """The text cannot be read as a declaration; the message is one readable English sentence."""


@dataclass(frozen=True)
class Deadline:
    date: datetime.date | None  # last day of the stated period; None for "next_meeting"
    precision: str  # "day" | "month" | "quarter" | "semester" | "year" | "next_meeting"
    text: str  # the words as found in the text
    start: datetime.date | None = None  # first day, only for an explicit period ("January 1 through …")

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": _iso(self.date),
            "precision": self.precision,
            "text": self.text,
            "start": _iso(self.start),
        }


@dataclass
class MeetingHeader:
    kind: str = "vice_ministerial"  # "vice_ministerial" | "extraordinary" | "rcgm" | "network" | "other"
    ordinal: int | None = None
    ordinal_label: str = ""
    city: str = ""
    country: str = ""
    country_code: str | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "ordinal": self.ordinal,
            "city": self.city,
            "country": self.country,
            "start_date": _iso(self.start_date),
            "end_date": _iso(self.end_date),
            "kind": self.kind,
            "ordinal_label": self.ordinal_label,
            "country_code": self.country_code,
            "title": self.title,
        }


@dataclass
class Participant:
    name: str
    capacity: str  # "member" | "observer" | "guest" | "civil_society"
    party_code: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "capacity": self.capacity, "party_code": self.party_code}


@dataclass
class Item:
    """A commitment, a numbered decision or one of a decision's lettered sub-items."""

    number: str
    text: str
    lead_verb: str = ""
    kind: str = "mandate"  # "acknowledgement" | "adoption" | "mandate"
    deadline: Deadline | None = None
    party_codes: list[str] = field(default_factory=list)
    addresses_all_members: bool = False
    children: list[Item] = field(default_factory=list)

    def to_commitment_dict(self) -> dict[str, Any]:
        return {"number": self.number, "text": self.text, "kind": self.kind, "lead_verb": self.lead_verb}

    def to_child_dict(self) -> dict[str, Any]:
        return {**self.to_commitment_dict(), "deadline": _deadline(self.deadline)}

    def to_decision_dict(self) -> dict[str, Any]:
        return {
            **self.to_child_dict(),
            "children": [child.to_child_dict() for child in self.children],
            "parties": list(self.party_codes),
            "addresses_all_members": self.addresses_all_members,
        }


@dataclass
class DeclarationDraft:
    language: str
    meeting: MeetingHeader
    participants: list[Participant] = field(default_factory=list)
    commitments: list[Item] = field(default_factory=list)
    decisions: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: numbers as strings, dates as ISO strings or None."""
        return {
            "language": self.language,
            "meeting": self.meeting.to_dict(),
            "participants": [participant.to_dict() for participant in self.participants],
            "commitments": [item.to_commitment_dict() for item in self.commitments],
            "decisions": [item.to_decision_dict() for item in self.decisions],
            "warnings": list(self.warnings),
            "warnings_by_field": self.warnings_by_field(),
        }

    def warnings_by_field(self) -> dict[str, list[str]]:
        """The warnings grouped by what they are about, so a preview can show each next to its field."""
        grouped: dict[str, list[str]] = {}
        for warning in self.warnings:
            grouped.setdefault(warning_field(warning), []).append(warning)
        return grouped


# What a warning is about, from the words every warning of that kind starts with (one table, here).
_WARNING_FIELDS = [
    (re.compile(r"^meeting ordinal"), "meeting.ordinal"),
    (re.compile(r"^meeting date"), "meeting.dates"),
    (re.compile(r"^meeting (?:place|country)"), "meeting.place"),
    (re.compile(r"^the text names no body of the RCM"), "meeting.kind"),
    (re.compile(r"^meeting header"), "meeting"),
    (re.compile(r"^(?:participant|member states present)"), "participants"),
    (re.compile(r"^(?P<item>(?:decision|commitment) \d+)"), ""),
    (re.compile(r"^(?:numbering|text (?:before|after) )"), "decisions"),
]


def warning_field(warning: str) -> str:
    """'meeting.ordinal', 'participants', 'decision 8', 'decisions' … or 'text' for the text as a whole."""
    for pattern, name in _WARNING_FIELDS:
        match = pattern.match(warning)
        if match:
            return name or match["item"]
    return "text"


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _deadline(value: Deadline | None) -> dict[str, Any] | None:
    return value.to_dict() if value is not None else None
