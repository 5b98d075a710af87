"""Applying a curated data file to an imported meeting: what the text implies but cannot say by itself.

Every record of the file is written once (decisions/services/seeding.py): a later run writes only what it
never wrote before, so it never re-creates, reverts or duplicates what the Secretariat changed or deleted.
"""

import datetime
from typing import Any

from django.db import transaction

from decisions.models import Action, DecisionDocument, DecisionParty, Document, Meeting, Participation, Theme
from decisions.selectors import decision_get_by_reference
from decisions.services.actions import action_create
from decisions.services.seeding import SeedLedger
from members.models import Party
from members.selectors import member_states_list
from members.services import membership_ensure, party_upsert
from rcm.records import upsert

ALL_MEMBERS = "ALL_MEMBERS"


def ledger_get(*, data: dict[str, Any]) -> SeedLedger:
    """The ledger of one shipped file (named after the meeting it brings)."""
    return SeedLedger(data["meeting_slug"])


@transaction.atomic
def parties_apply(*, data: dict[str, Any], ledger: SeedLedger | None = None) -> int:
    """The register of parties and their membership periods. Returns how many rows were written."""
    ledger = ledger or ledger_get(data=data)
    codes = [entry["code"] for entry in data["parties"]]
    # Parties loaded before the ledger existed are the Secretariat's already: adopted, not written again.
    adopting = not ledger.has_any("party:") and Party.objects.filter(code__in=codes).exists()
    written = 0
    periods = data["membership_periods"]
    for entry in data["parties"]:
        values = {
            "kind": entry["kind"],
            "name_en": entry["name"]["en"],
            "name_es": entry["name"].get("es", ""),
            "acronym_en": entry.get("acronym", {}).get("en", ""),
            "acronym_es": entry.get("acronym", {}).get("es", ""),
            "country": entry.get("country", ""),
            "aliases": entry.get("aliases"),
        }
        if ledger.claim(f"party:{entry['code']}", values, adopting=adopting):
            written += party_upsert(code=entry["code"], **values)[1]
        for key in (entry.get("member"), entry.get("observer")):
            if not key:
                continue
            period = periods[key]
            if ledger.claim(
                f"membership:{entry['code']}:{period['role']}:{period['start_date']}", period, adopting=adopting
            ):
                party = Party.objects.filter(code=entry["code"]).first()
                if party is None:  # deleted by the Secretariat since it was seeded
                    continue
                _, changed = membership_ensure(
                    party=party,
                    role=period["role"],
                    start_date=datetime.date.fromisoformat(period["start_date"]),
                    start_precision=period["start_precision"],
                    start_note=period["start_note"],
                )
                written += changed
    ledger.save()
    return written


@transaction.atomic
def meeting_curation_apply(
    *, meeting: Meeting, data: dict[str, Any], ledger: SeedLedger | None = None, adopting: bool = False
) -> int:
    """Translations, participation notes, themes, party roles, documents and actions of one meeting: each
    written once (`adopting`: recorded as found, nothing written; see services/seeding.py)."""
    curation = _Curation(meeting, ledger or ledger_get(data=data), adopting)
    written = curation.meeting_texts(data) + curation.participation_notes(data) + curation.themes(data)
    written += curation.decision_parties(data) + curation.documents(data) + curation.actions(data)
    curation.ledger.save()
    return written


class _Curation:
    def __init__(self, meeting: Meeting, ledger: SeedLedger, adopting: bool) -> None:
        self.meeting, self.ledger, self.adopting = meeting, ledger, adopting

    def claim(self, key: str, values: dict | None = None) -> bool:
        return self.ledger.claim(key, values, adopting=self.adopting)

    def decision(self, reference: str):
        return decision_get_by_reference(meeting=self.meeting, reference=reference)

    def meeting_texts(self, data: dict) -> int:
        values = {f"title_{lang}": text for lang, text in data["titles"].items()}
        values |= {f"city_{lang}": text for lang, text in data["cities"].items()}
        if not self.claim(f"meeting-texts:{data['meeting_slug']}", values):
            return 0
        return upsert(model=Meeting, lookup={"pk": self.meeting.pk}, values=values)[1]

    def participation_notes(self, data: dict) -> int:
        written = 0
        for code, notes in data.get("participation_notes", {}).items():
            values = {f"note_{lang}": text for lang, text in notes.items()}
            if self.claim(f"participation-note:{code}", values):
                lookup = {"meeting": self.meeting, "party__code": code}
                written += upsert(model=Participation, lookup=lookup, values=values)[1]
        return written

    def themes(self, data: dict) -> int:
        written = 0
        for entry in data["themes"]:
            values = {f"name_{lang}": text for lang, text in entry["name"].items()}
            if self.claim(f"theme:{entry['slug']}", values):
                written += upsert(model=Theme, lookup={"slug": entry["slug"]}, values=values)[1]
        for reference, slugs in data["decision_themes"].items():
            if self.claim(f"decision-themes:{reference}", {"themes": slugs}):
                decision = self.decision(reference)
                if set(decision.themes.values_list("slug", flat=True)) != set(slugs):
                    decision.themes.set(Theme.objects.filter(slug__in=slugs))
                    written += 1
        return written

    def decision_parties(self, data: dict) -> int:
        written = 0
        for entry in data.get("decision_parties", []):
            if self.claim(f"decision-party:{entry['decision']}:{entry['party']}:{entry['role']}", entry):
                lookup = {
                    "decision": self.decision(entry["decision"]),
                    "party": Party.objects.get(code=entry["party"]),
                    "role": entry["role"],
                }
                written += upsert(model=DecisionParty, lookup=lookup)[1]
        return written

    def documents(self, data: dict) -> int:
        written = 0
        for entry in data.get("documents", []):
            title = entry["title"]["en"]
            values = {f"title_{lang}": text for lang, text in entry["title"].items() if lang != "en"}
            values |= {f"origin_{lang}": text for lang, text in entry.get("origin", {}).items()}
            values |= {"kind": entry["kind"], "language": entry["language"]}
            if self.claim(f"document:{title}", values):
                written += upsert(model=Document, lookup={"title_en": title}, values=values)[1]
            link = f"decision-document:{entry['decision']}:{title}:{entry['relation']}"
            document = Document.objects.filter(title_en=title).first()
            if self.claim(link, {"relation": entry["relation"]}) and document is not None:
                lookup = {"decision": self.decision(entry["decision"]), "document": document}
                written += upsert(model=DecisionDocument, lookup=lookup | {"relation": entry["relation"]})[1]
        return written

    def actions(self, data: dict) -> int:
        written = 0
        for entry in data.get("actions", []):
            # One entry of the file, one claim: a mandate to "the member countries" is expanded once, so a
            # membership recorded later does not make a later load add an action nobody asked for.
            parties = _responsible_parties(entry["responsible"], self.meeting)
            key = f"action:{entry['decision']}:{entry['responsible']}:{entry['title']['en']}"
            if self.claim(key, entry | {"parties": [party.code for party in parties]}):
                written += sum(self.action(entry, party) for party in parties)
        return written

    def action(self, entry: dict, party: Party) -> int:
        decision = self.decision(entry["decision"])
        if Action.objects.filter(decision=decision, responsible=party, title_en=entry["title"]["en"]).exists():
            return 0
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
        return 1


def _responsible_parties(code: str, meeting: Meeting) -> list[Party]:
    """One party, or — for a mandate addressed to "the member countries" — every member state of the day."""
    if code == ALL_MEMBERS:
        return list(member_states_list(day=meeting.start_date))
    return [Party.objects.get(code=code)]
