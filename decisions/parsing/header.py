"""The meeting header: which meeting (kind, ordinal), where (city, country) and when (dates).

The header is usually a few short lines ("REGIONAL CONFERENCE … IX MEETING", "Panama City, Panama,
May 20-21, 2004"). When a part is missing there, the preamble ("The Ninth Meeting …, held in Panama
City on May 20-21, 2004") is asked instead; when it is missing there too, a warning says so.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .dates import MONTH_PATTERN, YEAR_PATTERN, month_number, safe_date
from .model import MeetingHeader
from .ordinals import english_ordinal, int_to_roman, roman_to_int, spanish_ordinal
from .parties import STATE_CODES, find_mentions
from .places import is_place, place_from_field, place_from_phrase, place_lines
from .text import collapse_spaces, word_set

_M = rf"(?:{MONTH_PATTERN})"
_SEP = r"\s*(?:-|–|—|and|to|&|y|al|a)\s*"
_DATE_PATTERNS = [
    # May 20-21, 2004 / May 31 - June 1, 2004 / May 20, 2004
    rf"(?P<m1>{_M})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:{_SEP}(?:(?P<m2>{_M})\s+)?(?P<d2>\d{{1,2}}))?,?\s+"
    rf"(?P<y>{YEAR_PATTERN})",
    # 20-21 May 2004 / 31 May - 1 June 2004 / 20 y 21 de mayo de 2004 / los días 22 y 23 de marzo del año 2001
    rf"(?:del?\s+|los\s+días\s+)?(?P<d1>\d{{1,2}})(?:º|°)?(?:\s+(?:de\s+)?(?P<m1>{_M}))?"
    rf"(?:{_SEP}(?P<d2>\d{{1,2}}))?\s+(?:de\s+)?(?P<m2>{_M}),?\s+(?:de(?:l)?\s+)?(?:año\s+)?(?P<y>{YEAR_PATTERN})",
]
_DATE_RES = [re.compile(pattern, re.IGNORECASE) for pattern in _DATE_PATTERNS]

# "Meeting", "Reunión", "Conference" — and the typos real texts carry ("CONFFERENCE").
_MEETING_WORD = (
    r"(?:(?:Vice-?Ministerial|Viceministerial|Regional)\s+)?"
    r"(?:Meeting|Reuni[oó]n|Con+f+e+r+e+n+c+e|Conferencia)"
)
_ROMAN_ORDINAL = re.compile(rf"\b(?P<label>[IVXLC]+)\s+{_MEETING_WORD}\b", re.IGNORECASE)
_WORD_ORDINAL = re.compile(rf"\b(?P<word>(?:\w+[\s-])?\w+)\s+{_MEETING_WORD}\b", re.IGNORECASE)
_DIGIT_ORDINAL = re.compile(rf"\b(?P<number>\d{{1,2}})(?:st|nd|rd|th|ª|a|º)\.?\s+{_MEETING_WORD}\b", re.I)
_TITLE_END = re.compile(r"^.*\b(?:MEETING|REUNI[OÓ]N|VICEMINISTERIAL|PROCESS\)|PUEBLA\))\s*", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^\s*(?:Fecha|Date|Fechas|Dates)\s*:", re.IGNORECASE)
_OPENING_MAX_WORDS = 15
_RCM = re.compile(
    r"Regional\s+Con+f+e+r+e+n+c+e\s+on\s+Migration|Conferencia\s+Regional\s+sobre\s+Migraci[oó]n|\bRCM\b|\bCRM\b"
    r"|Puebla\s+Process|Proceso\s+Puebla",
    re.IGNORECASE,
)
# A network of liaison officers or a working group of the RCM, named as the meeting's own body.
_NETWORK = re.compile(
    r"\b(?:Network|Red)\b[^.\n]{0,40}\b(?:Liaison\s+Officers|Funcionarios\s+de\s+Enlace)"
    r"|\bWorking\s+Group\b|\bGrupo\s+de\s+Trabajo\b",
    re.IGNORECASE,
)
_KEEP_LOWER = word_set("on of the and for in to de la el los las y sobre para del en")
_ACRONYMS = word_set("RCM CRM RCGM GRCM TS PPT OAS IOM")


@dataclass
class _When:
    start: datetime.date | None
    end: datetime.date | None
    span: tuple[int, int]


def parse_header(header_text: str, preamble_text: str) -> tuple[MeetingHeader, list[str]]:
    warnings: list[str] = []
    header = MeetingHeader()
    if not header_text.strip():
        warnings.append("meeting header not found")
    source = header_text if header_text.strip() else preamble_text[:600]
    header.kind = _kind(source, f"{header_text}\n{preamble_text[:600]}")
    if header.kind == "other":
        warnings.append("the text names no body of the RCM: imported as a meeting of another body, for review")
    header.ordinal, header.ordinal_label = _ordinal(header_text)
    if header.ordinal is None:
        header.ordinal, header.ordinal_label = _ordinal(preamble_text[:600])
    if header.ordinal is None:
        warnings.append("meeting ordinal not found")
    title_text = _fill_place_and_dates(header, header_text, preamble_text, warnings)
    header.title = _clean_title(title_text)
    return header, warnings


def _fill_place_and_dates(header: MeetingHeader, header_text: str, preamble_text: str, warnings: list[str]) -> str:
    """Sets city, country and dates; returns the header text left for the title."""
    title_text = header_text
    when = _find_dates(header_text)
    city, country = "", ""
    if when is not None:
        place_start, city, country = _place_before(header_text, when.span[0])
        title_text = header_text[:place_start] + " " + header_text[when.span[1] :]
    opening = _opening_paragraph(preamble_text)
    if when is None and opening and (when := _find_dates(opening)) is not None:
        # "Asunción, Paraguay, May 5-6, 2011" as the first line after a heading.
        _, city, country = _place_before(opening, when.span[0])
        if not is_place(f"{city}, {country}"):
            city, country = "", ""
    if when is None:
        when = _find_dates(preamble_text[:800])
    if when is None:
        warnings.append("meeting date not found")
    else:
        header.start_date, header.end_date = when.start, when.end
    if not city:
        city, country = _place_elsewhere(header_text, preamble_text)
        title_text = _without_place_line(title_text, city)
    header.city, header.country = city, country
    header.country_code = _country_code(country or city)
    if not header.city:
        warnings.append("meeting place not found")
    elif not header.country_code:
        warnings.append(f"meeting country not recognised: {country or city!r}")
    return title_text


def _opening_paragraph(preamble_text: str) -> str:
    """The preamble's first paragraph when it is a short line, such as a place and a date."""
    first = preamble_text.split("\n\n", 1)[0]
    return first if len(first.split()) <= _OPENING_MAX_WORDS else ""


def _place_elsewhere(header_text: str, preamble_text: str) -> tuple[str, str]:
    """A "Lugar:" field, a "City, Country" line of the header, or the preamble's "held in …"."""
    for found in (
        place_from_field(header_text) or place_from_field(preamble_text[:800]),
        next(iter(place_lines(header_text)), None),
        place_from_phrase(preamble_text[:1200]),
    ):
        if found is not None:
            return found
    return "", ""


def _without_place_line(title_text: str, city: str) -> str:
    if not city:
        return title_text
    lines = title_text.split("\n")
    return "\n".join(line for line in lines if not line.strip().startswith(city + ","))


def _find_dates(text: str) -> _When | None:
    found = [match for pattern in _DATE_RES if (match := pattern.search(text))]
    if not found:
        return None
    match = min(found, key=lambda item: item.start())
    year = int(match["y"])
    end_month = month_number(match["m2"] or match["m1"])
    start_month = month_number(match["m1"] or match["m2"])
    start = safe_date(year, start_month, int(match["d1"]))
    end = safe_date(year, end_month, int(match["d2"] or match["d1"]))
    return _When(start, end, match.span())


def _place_before(text: str, date_start: int) -> tuple[int, str, str]:
    """City and country: the comma-separated parts just before the date on its line."""
    line_start = text.rfind("\n", 0, date_start) + 1
    prefix = text[line_start:date_start]
    title_cut = _TITLE_END.match(prefix)
    offset = title_cut.end() if title_cut else 0
    parts = [part.strip() for part in prefix[offset:].split(",")]
    parts = [part for part in parts if part]
    if not parts or _DATE_LABEL.match(prefix[offset:]):
        return date_start, "", ""
    # "Washington, D.C., United States": the country is the last part, the city all before it.
    city, country = (", ".join(parts[:-1]), parts[-1]) if len(parts) >= 2 else (parts[0], "")
    return line_start + offset, city, country


def _country_code(place: str) -> str | None:
    for mention in find_mentions(place):
        if mention.code in STATE_CODES:
            return mention.code
    return None


def _kind(text: str, context: str) -> str:
    if re.search(r"Regional Consultation Group|Grupo Regional de Consulta|\bRCGM\b|\bGRCM\b", text, re.I):
        return "rcgm"
    if re.search(r"\bExtraordinar(?:y|ia|ía)\b", text, re.IGNORECASE):
        return "extraordinary"
    if context.strip() and not _RCM.search(context):
        return "other"  # imported all the same, and flagged for review
    if _NETWORK.search(text):
        return "network"
    return "vice_ministerial"


def _ordinal(text: str) -> tuple[int | None, str]:
    for match in _ROMAN_ORDINAL.finditer(text):
        label = match["label"].upper()
        if (value := roman_to_int(label)) is not None:
            return value, label
    for match in _DIGIT_ORDINAL.finditer(text):
        value = int(match["number"])
        return value, int_to_roman(value)
    for match in _WORD_ORDINAL.finditer(text):
        words = match["word"]
        last = words.split()[-1]
        for candidate in (words, last):
            value = english_ordinal(candidate) or spanish_ordinal(candidate)
            if value:
                return value, int_to_roman(value)
    return None, ""


def _clean_title(text: str) -> str:
    text = re.sub(r"\b(?:DECLARATION|DECLARACIÓN)\b|\*\*", " ", text)  # "**" when called on raw text
    title = collapse_spaces(text).strip(" ,.-–")
    if title and title == title.upper():
        title = _title_case(title)
    return title


def _title_case(title: str) -> str:
    """'REGIONAL CONFERENCE ON MIGRATION (PUEBLA PROCESS) IX MEETING' -> 'Regional … IX Meeting'."""
    words = []
    for index, word in enumerate(title.split()):
        bare = word.strip("()[],.:;\"'")
        if roman_to_int(bare) is not None or bare in _ACRONYMS:
            words.append(word)
        elif index > 0 and bare.lower() in _KEEP_LOWER:
            words.append(word.lower())
        else:
            words.append(re.sub(r"\w+", lambda m: m.group().capitalize(), word, count=1))
    return " ".join(words)
