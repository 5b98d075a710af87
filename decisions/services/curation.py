"""Applying a curated data file to an imported meeting: what the text implies but cannot say by itself.

Every step writes only what differs, so applying the same file twice changes nothing.
"""

import datetime
from typing import Any

from django.db import transaction

from decisions.models import Action, DecisionDocument, DecisionParty, Document, Meeting, Participation, Theme
from decisions.selectors import decision_by_reference
from decisions.services.actions import action_create
from members.models import Party
from members.selectors import member_states_on
from members.services import membership_ensure, party_upsert
from rcm.records import upsert

ALL_MEMBERS = "ALL_MEMBERS"


@transaction.atomic
def parties_apply(data: dict[str, Any]) -> int:
    """The register of parties and their membership periods. Returns how many rows were written."""
    written = 0
    periods = data["membership_periods"]
    for entry in data["parties"]:
        party, changed = party_upsert(
            code=entry["code"],
            kind=entry["kind"],
            name_en=entry["name"]["en"],
            name_es=entry["name"].get("es", ""),
            acronym_en=entry.get("acronym", {}).get("en", ""),
            acronym_es=entry.get("acronym", {}).get("es", ""),
            country=entry.get("country", ""),
            aliases=entry.get("aliases"),
        )
        written += changed
        for key in (entry.get("member"), entry.get("observer")):
            if key:
                period = periods[key]
                _, changed = membership_ensure(
                    party=party,
                    role=period["role"],
                    start_date=datetime.date.fromisoformat(period["start_date"]),
                    start_precision=period["start_precision"],
                    start_note=period["start_note"],
                )
                written += changed
    return written


@transaction.atomic
def meeting_curation_apply(*, meeting: Meeting, data: dict[str, Any]) -> int:
    """Translations, participation notes, themes, party roles, documents and actions of one meeting."""
    written = _meeting_texts(meeting, data) + _participation_notes(meeting, data) + _themes(meeting, data)
    written += _decision_parties(meeting, data) + _documents(meeting, data) + _actions(meeting, data)
    return written


def _meeting_texts(meeting: Meeting, data: dict) -> int:
    values = {f"title_{lang}": text for lang, text in data["titles"].items()}
    values |= {f"city_{lang}": text for lang, text in data["cities"].items()}
    return upsert(Meeting, lookup={"pk": meeting.pk}, values=values)[1]


def _participation_notes(meeting: Meeting, data: dict) -> int:
    written = 0
    for code, notes in data.get("participation_notes", {}).items():
        values = {f"note_{lang}": text for lang, text in notes.items()}
        written += upsert(Participation, lookup={"meeting": meeting, "party__code": code}, values=values)[1]
    return written


def _themes(meeting: Meeting, data: dict) -> int:
    written = 0
    for entry in data["themes"]:
        values = {f"name_{lang}": text for lang, text in entry["name"].items()}
        written += upsert(Theme, lookup={"slug": entry["slug"]}, values=values)[1]
    for reference, slugs in data["decision_themes"].items():
        decision = decision_by_reference(meeting=meeting, reference=reference)
        if set(decision.themes.values_list("slug", flat=True)) != set(slugs):
            decision.themes.set(Theme.objects.filter(slug__in=slugs))
            written += 1
    return written


def _decision_parties(meeting: Meeting, data: dict) -> int:
    written = 0
    for entry in data.get("decision_parties", []):
        decision = decision_by_reference(meeting=meeting, reference=entry["decision"])
        party = Party.objects.get(code=entry["party"])
        written += upsert(DecisionParty, lookup={"decision": decision, "party": party, "role": entry["role"]})[1]
    return written


def _documents(meeting: Meeting, data: dict) -> int:
    written = 0
    for entry in data.get("documents", []):
        values = {f"title_{lang}": text for lang, text in entry["title"].items() if lang != "en"}
        values |= {f"origin_{lang}": text for lang, text in entry.get("origin", {}).items()}
        values |= {"kind": entry["kind"], "language": entry["language"]}
        document, changed = upsert(Document, lookup={"title_en": entry["title"]["en"]}, values=values)
        decision = decision_by_reference(meeting=meeting, reference=entry["decision"])
        linked = upsert(
            DecisionDocument, lookup={"decision": decision, "document": document, "relation": entry["relation"]}
        )[1]
        written += changed + linked
    return written


def _actions(meeting: Meeting, data: dict) -> int:
    written = 0
    for entry in data.get("actions", []):
        decision = decision_by_reference(meeting=meeting, reference=entry["decision"])
        for party in _responsible_parties(entry["responsible"], meeting):
            if Action.objects.filter(decision=decision, responsible=party, title_en=entry["title"]["en"]).exists():
                continue
            due_date = entry.get("due_date")
            action_create(
                decision=decision,
                responsible=party,
                title_en=entry["title"]["en"],
                title_es=entry["title"].get("es", ""),
                due_date=datetime.date.fromisoformat(due_date) if due_date else None,
                due_precision=entry.get("due_precision", "none"),
                due_text=entry.get("due_text", ""),
            )
            written += 1
    return written


def _responsible_parties(code: str, meeting: Meeting) -> list[Party]:
    """One party, or — for a mandate addressed to "the member countries" — every member state of the day."""
    if code == ALL_MEMBERS:
        return list(member_states_on(meeting.start_date))
    return [Party.objects.get(code=code)]
