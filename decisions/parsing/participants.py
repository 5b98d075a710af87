"""Who attended, and in which capacity.

Members come from the preamble ("made up of the Vice Ministers of Canada, …"); observers, guests and
civil society from the decisions that thank them ("the participation of Argentina … as observers",
"the following international organizations: …", "Thank … for its participation"). Membership is not
attendance: only the states the text lists are members here (in 2004, Belize is not).
"""

from __future__ import annotations

import re

from .model import Item, Participant
from .parties import CIVIL_SOCIETY_CODES, Mention, find_mentions, find_parties

MEMBER, OBSERVER, GUEST, CIVIL_SOCIETY = "member", "observer", "guest", "civil_society"

_MEMBERS = re.compile(
    r"\b(?:made\s+up\s+of|composed\s+of|comprised\s+of|formed\s+by|integrada\s+por|conformada\s+por"
    r"|compuesta\s+por)\s+(?:the\s+|los\s+|las\s+)?(?:Vice[\s-]?Ministers|Viceministr[oa]s|Vice[\s-]?Ministr[oa]s"
    r"|delegations|delegaciones|representatives|representantes)\s+(?:of|from|de)\s+(?P<list>[^.;:]+)",
    re.IGNORECASE,
)
_OBSERVER_STATES = re.compile(
    r"\b(?:participation\s+of|participación\s+de)\s+(?P<list>[^.;:]+?)\s+"
    r"(?:as\s+observers|como\s+observadores|en\s+calidad\s+de\s+observadores)",
    re.IGNORECASE,
)
_ORGANISATIONS = re.compile(
    r"\b(?:international\s+organi[sz]ations|organismos\s+internacionales|organizaciones\s+internacionales)"
    r"\s*:\s*(?P<list>[^.;]+)",
    re.IGNORECASE,
)
_THANKED = re.compile(
    r"^(?:Thank(?:s|ed)?|Express(?:es)?\s+(?:its\s+|their\s+)?(?:appreciation|gratitude)\s+to"
    r"|Agradece[rn]?(?:\s+a)?)\s+(?P<who>.+?)\s+"
    # "for its …" rather than any "for": "Civil Organizations for Migration" is still the name, and
    # "ejercida por la República …" is who holds the presidency, not what it is thanked for.
    r"(?P<what>(?:for\s+(?:its|their|his|her|the)|por\s+(?:su|sus))\s+[^,.;]+)(?P<rest>[^.]*)",
    re.IGNORECASE,
)
_PARTICIPATION = re.compile(r"\b(?:participation|participación)\b", re.IGNORECASE)
_ALSO = re.compile(r"\bas\s+well\s+as\s+(?:that\s+of\s+)?(?P<who>[^,.;]+)|\basí\s+como\s+(?:a\s+)?(?P<es>[^,.;]+)")
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")
_CONJUNCTION = re.compile(r"\s+(?:and|y|e)\s+")
_LEADING = re.compile(r"^(?:and|y|e)\s+", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|la|el|los|las)\s+", re.IGNORECASE)
# "Latin America and the Caribbean": halves this long belong to one name and are not split.
_SHORT_NAME_WORDS = 3


class _Roster:
    """Participants in order of first appearance; a party counts once, in its first capacity."""

    def __init__(self) -> None:
        self.participants: list[Participant] = []
        self.warnings: list[str] = []

    def add(self, name: str, capacity: str, code: str | None) -> None:
        if code is not None and code in CIVIL_SOCIETY_CODES:
            capacity = CIVIL_SOCIETY
        for participant in self.participants:
            if (code is not None and participant.party_code == code) or participant.name == name:
                return
        if code is None:
            self.warnings.append(f"participant not in the alias table: {name!r}")
        self.participants.append(Participant(name, capacity, code))

    def add_list(self, text: str, capacity: str) -> None:
        for name in split_names(text):
            codes = find_parties(name)
            self.add(name, capacity, codes[0] if codes else None)


def find_participants(preamble: list[str], decisions: list[Item]) -> tuple[list[Participant], list[str]]:
    roster = _Roster()
    members = _MEMBERS.search(" ".join(preamble))
    if members:
        roster.add_list(members["list"], MEMBER)
    else:
        roster.warnings.append("member states present not found in the preamble")
    for decision in decisions:
        _from_decision(decision.text, roster)
    return roster.participants, roster.warnings


def _from_decision(text: str, roster: _Roster) -> None:
    for match in _OBSERVER_STATES.finditer(text):
        roster.add_list(match["list"], OBSERVER)
    for match in _ORGANISATIONS.finditer(text):
        roster.add_list(match["list"], OBSERVER)
    thanked = _THANKED.match(text)
    if thanked is None:
        return
    if _PARTICIPATION.search(thanked["what"]):
        _add_mentions(thanked["who"], GUEST, roster)
        also = _ALSO.search(thanked["rest"])
        if also:
            _add_mentions(also["who"] or also["es"], GUEST, roster)
    else:
        # Civil society is thanked for its contributions rather than its participation.
        for mention in find_mentions(thanked["who"]):
            if mention.code in CIVIL_SOCIETY_CODES:
                roster.add(_mention_name(thanked["who"], mention), CIVIL_SOCIETY, mention.code)


def _add_mentions(text: str, capacity: str, roster: _Roster) -> None:
    for mention in find_mentions(text):
        roster.add(_mention_name(text, mention), capacity, mention.code)


def _mention_name(text: str, mention: Mention) -> str:
    """The name as written: with its article, and with its acronym when one follows in brackets."""
    start, end = mention.start, mention.end
    article = re.search(r"(?:\b(?:the|la|el|los|las)\s+)$", text[:start], re.IGNORECASE)
    if article:
        start = article.start()
    acronym = re.match(r"\s*\((?P<acronym>[^()]{2,20})\)", text[end:])
    if acronym and find_parties(acronym["acronym"]) == [mention.code]:
        end += acronym.end()
    return text[start:end]


def split_names(text: str) -> list[str]:
    """'Canada, …, Panama and the United States of America, held in …' -> the names, as written.

    Stops at the first piece that is no name (it starts lowercase, like "held in …"). A piece is split
    at "and"/"y" only when both halves name a party, so "… Latin America and the Caribbean" stays whole.
    """
    names: list[str] = []
    for piece in _LIST_SPLIT.split(text.strip()):
        piece = _LEADING.sub("", piece.strip())
        bare = _ARTICLE.sub("", piece)
        if not bare or not bare[0].isupper():
            break
        names.extend(_split_conjunction(piece))
    return names


def _split_conjunction(piece: str) -> list[str]:
    halves = _CONJUNCTION.split(piece)
    if len(halves) > 1 and (all(find_parties(half) for half in halves) or all(map(_short_name, halves))):
        return halves
    return [piece]


def _short_name(text: str) -> bool:
    """'Atlantis', 'the Bahamas': a short capitalised name, not half of a long one ("… Latin America")."""
    bare = _ARTICLE.sub("", text.strip())
    return bool(bare) and bare[0].isupper() and len(bare.split()) <= _SHORT_NAME_WORDS
