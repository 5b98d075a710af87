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

# A list runs to the end of its sentence; the dots of "EE.UU." and "U.S." do not end it.
_LIST = r"(?P<list>(?:[^.;:]|\.(?=[A-Za-z]{1,2}\.)|(?<=[A-Z]\.[A-Z])\.|(?<=[A-Z]{2}\.[A-Z]{2})\.)+)"
_WHO = (
    r"(?:the\s+|los\s+|las\s+)?(?:Vice[\s-]?Ministers|Viceministr[oa]s|Vice[\s-]?Ministr[oa]s|delegations|delegaciones"
    r"|representatives(?:\s+of\s+the\s+governments)?|representantes(?:\s+de\s+los\s+gobiernos)?"
    r"|member\s+(?:countries|states)|pa[ií]ses\s+miembros)"
)
# Who attended as members, in the phrasings of the preamble or of a field in the header.
_MEMBER_LISTS = [
    re.compile(
        r"\b(?:made\s+up\s+of|composed\s+of|comprised\s+of|formed\s+by|integrada\s+por|conformada\s+por"
        rf"|compuesta\s+por)\s+{_WHO}\s+(?:of|from|de)\s+{_LIST}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:with\s+the\s+participation\s+of|con\s+la\s+participaci[oó]n\s+de)\s+(?:{_WHO}\s+(?:of|from|de)\s+)?"
        + _LIST,
        re.IGNORECASE,
    ),
    re.compile(rf"(?:^|(?<=\n))(?:The|Los|Las)\s+{_WHO}\s+(?:of|de)\s+{_LIST}"),
    re.compile(
        r"(?:^|(?<=\n))[ \t]*(?:Pa[ií]ses|Participating\s+countries|Participants|Participantes)[^:\n]{0,40}:[ \t]*"
        r"(?P<list>[^\n]+)",
        re.IGNORECASE,
    ),
]
# "… as observers": the list is what stands between the nearest lead-in and these words.
_OBSERVER_TAIL = re.compile(
    r"\s+(?:attending\s+)?(?:as\s+observer(?:s|\s+countries|\s+states)|como\s+observadores"
    r"|en\s+calidad\s+de\s+observador(?:es|as))\b",
    re.IGNORECASE,
)
_OBSERVER_LEAD = re.compile(
    r"(?:\bparticipation\s+of|\bparticipaci[oó]n\s+de|\band\s+of|\by\s+de|\bwith|\bcon)\s+", re.I
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
# Lowercase words after the last name of a list ("… of America met and decided to").
_TAIL_WORDS = re.compile(r"(?:\s+(?!(?:and|y|e)\b)[a-záéíóúñ][\w'’-]*)+\s*$|(?:\s+(?:and|y|e))+\s*$")
_SENTENCE_BREAK = re.compile(r"\.\s+[A-ZÁÉÍÓÚÑ]")
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
            mentions = find_mentions(name)
            if mentions and _SENTENCE_BREAK.search(name, mentions[0].end - 1):
                # "the U.S. The Vice Ministers decided to": the list's last name ends its sentence.
                name = _mention_name(name, mentions[0])
            self.add(name, capacity, mentions[0].code if mentions else None)


def find_participants(
    preamble: list[str], decisions: list[Item], header: str = ""
) -> tuple[list[Participant], list[str]]:
    roster = _Roster()
    opening = header + "\n" + "\n".join(preamble)
    members = _first_member_list(opening)
    if members:
        roster.add_list(members, MEMBER)
    else:
        roster.warnings.append("member states present not found in the preamble")
    for observers in observer_lists(opening):
        roster.add_list(observers, OBSERVER)
    for decision in decisions:
        _from_decision(decision.text, roster)
    return roster.participants, roster.warnings


def _first_member_list(text: str) -> str | None:
    found = [match for pattern in _MEMBER_LISTS if (match := pattern.search(text))]
    return min(found, key=lambda match: match.start())["list"] if found else None


def observer_lists(text: str) -> list[str]:
    """The lists that "as observers" / "en calidad de observadores" close, each from its nearest lead-in."""
    lists = []
    for tail in _OBSERVER_TAIL.finditer(text):
        before = text[: tail.start()]
        sentence_start = max(before.rfind(". "), before.rfind(";"), before.rfind(":"), before.rfind("\n")) + 1
        leads = list(_OBSERVER_LEAD.finditer(before, sentence_start))
        if leads:
            lists.append(before[leads[-1].end() :])
    return lists


def _from_decision(text: str, roster: _Roster) -> None:
    for observers in observer_lists(text):
        roster.add_list(observers, OBSERVER)
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
        trimmed = _TAIL_WORDS.sub("", piece)
        names.extend(_split_conjunction(trimmed))
        if trimmed != piece:
            break  # "… the United States of America met and decided to": the list ended inside the piece
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
