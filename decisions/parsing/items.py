"""Raw items to `Item`s: kind from the lead verb, deadline, parties named, addressed to all members."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .deadlines import find_deadline
from .kinds import ACKNOWLEDGEMENT, ADOPTION, MANDATE, classify, first_word
from .model import Item
from .parties import find_parties
from .structure import RawItem

# "Urge the member countries …", "urge the RCM countries …", "Instar a los países miembros …": a
# mandate on every member state, which the tracker splits into one action per state.
_ALL_MEMBERS = re.compile(
    r"\b(?:urge[sd]?|call(?:s|ed)?\s+(?:up)?on|request(?:s|ed)?|invite[sd]?|encourage[sd]?|ask(?:s|ed)?)\s+"
    r"(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:governments\s+of\s+the\s+)?"
    r"(?:(?:RCM\s+)?member\s+(?:countries|states|governments)|RCM\s+(?:countries|states|governments))\b"
    r"|\b(?:instar|instan|exhortar|exhortan|solicitar|solicitan|invitar|invitan|alentar|pedir)\s+a\s+"
    r"(?:todos\s+)?los\s+(?:gobiernos\s+de\s+los\s+)?(?:países|estados)\s+(?:miembros|de\s+la\s+CRM)\b",
    re.IGNORECASE,
)


_INTRODUCTION = re.compile(
    r"^(?:regarding|concerning|with\s+regard\s+to|in\s+regard\s+to|as\s+regards|with\s+respect\s+to|on\s+the"
    r"|en\s+relaci[oó]n\s+(?:con|a)|con\s+relaci[oó]n\s+a|respecto\s+(?:a|de|del)|en\s+cuanto\s+a|sobre)\b",
    re.IGNORECASE,
)
# The strongest kind among an introduction's sub-items is its own: one mandate means work to do.
_KIND_WEIGHT = {ACKNOWLEDGEMENT: 0, ADOPTION: 1, MANDATE: 2}


@dataclass(frozen=True)
class Context:
    """What the item readers need to know about the meeting."""

    meeting_start: datetime.date | None
    meeting_ordinal: int | None


def build_items(raws: list[RawItem], label: str, context: Context, warnings: list[str]) -> list[Item]:
    return [build_item(raw, f"{label} {raw.number}", context, warnings) for raw in raws]


def build_item(raw: RawItem, label: str, context: Context, warnings: list[str], parent: Item | None = None) -> Item:
    text = "\n\n".join(raw.paragraphs)
    item = Item(number=raw.number, text=text)
    introduces = introduces_sub_items(raw)
    if not introduces:
        _classify(item, raw.paragraphs[0], label, parent, warnings)
    item.deadline = find_deadline(text, context.meeting_start, context.meeting_ordinal)
    item.party_codes = find_parties(text)
    item.addresses_all_members = addresses_all_members(text)
    for child_raw in raw.children:
        child_parent = None if introduces else item
        child = build_item(child_raw, f"{label}{child_raw.number}", context, warnings, parent=child_parent)
        item.children.append(child)
        # A decision names what its sub-items name: the tracker links parties at decision level.
        item.party_codes += [code for code in child.party_codes if code not in item.party_codes]
        item.addresses_all_members = item.addresses_all_members or child.addresses_all_members
    if introduces:
        # "Regarding the reports …, the RCGM concluded:" says what the sub-items are about; they act.
        item.kind = max((child.kind for child in item.children), key=_KIND_WEIGHT.__getitem__)
    warnings.extend(f"{label}: {note}" for note in raw.notes)
    return item


def introduces_sub_items(raw: RawItem) -> bool:
    """An item whose own words only introduce its sub-items: "In regard to …, we suggest:"."""
    lead = raw.paragraphs[0].strip()
    if not raw.children or len(raw.paragraphs) > 1 or not lead.endswith(":"):
        return False
    return bool(_INTRODUCTION.match(lead)) or classify(lead) is None


def addresses_all_members(text: str) -> bool:
    return bool(_ALL_MEMBERS.search(text))


def _classify(item: Item, lead: str, label: str, parent: Item | None, warnings: list[str]) -> None:
    found = classify(lead)
    if found is not None:
        item.lead_verb, item.kind = found
    elif parent is not None:
        # "a. Contracting of the Coordinator will be approved …": no verb of its own, the parent's kind.
        item.kind = parent.kind
    else:
        item.lead_verb, item.kind = first_word(lead), MANDATE
        warnings.append(f"{label}: unknown lead verb {item.lead_verb!r}, classified as mandate")
