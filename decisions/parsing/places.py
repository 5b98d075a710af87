"""Where a meeting took place: a city and a country, as the text writes them.

Real texts say it in many ways: a header line ("Managua, Nicaragua"), a field ("Lugar: San José, Costa
Rica"), or the preamble ("took place in", "held in", "met on 21 June 2017 in", "tuvo lugar en",
"celebrada en", "reunidos en", "se reunió el … en"). A place is one to three capitalised names separated
by commas; the last is the country when there are two or more ("Washington, D.C., United States").
"""

from __future__ import annotations

import re

from .dates import MONTH_PATTERN

_NOT_A_MONTH = rf"(?!(?i:{MONTH_PATTERN})\b)"
# A capitalised word ("Panamá", "(Ambergris", "Caye)") or an abbreviation with its dots ("D.C.").
_WORD = r"(?:(?:[A-Z]\.){2,}|[A-ZÁÉÍÓÚÑ(][\w'’()-]*)"
_CONNECTOR = r"(?:de|del|la|las|los|el|of|the)"
# Spaces, not line breaks: a place never runs on into the next line ("Lugar: …" / "Países: …").
_NAME = rf"{_NOT_A_MONTH}{_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?{_NOT_A_MONTH}{_WORD})*"
PLACE = rf"(?P<place>{_NAME}(?:[ \t]*,[ \t]*{_NAME}){{0,2}})"

_PHRASE = re.compile(
    r"\b(?:took\s+place|tuvo\s+lugar|held|met|meeting|gathered|celebrad[ao]s?|reunid[oa]s|se\s+reuni[oó]n?"
    r"|realizad[ao])"
    # "met on 21 June 2017 in …", "se reunió el 14 de agosto de 2015 en …"
    r"(?:\s+(?:on|el|los\s+días)\s+[\w\s,–-]{3,40}?)?"
    rf"\s+(?:in|en)\s+(?:la\s+|the\s+)?{PLACE}"
)
_FIELD = re.compile(rf"^[ \t]*(?:Lugar|Place|Venue|Sede)[ \t]*:[ \t]*{PLACE}", re.IGNORECASE | re.MULTILINE)
_LINE = re.compile(rf"^[ \t]*{PLACE}[ \t]*$", re.MULTILINE)


def split_place(place: str) -> tuple[str, str]:
    """'Guatemala City, Guatemala' -> ('Guatemala City', 'Guatemala'); one part is a city alone."""
    parts = [part.strip() for part in place.split(",") if part.strip()]
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0], ""
    return ", ".join(parts[:-1]), parts[-1]


def place_from_field(text: str) -> tuple[str, str] | None:
    """A "Lugar:" / "Place:" field."""
    match = _FIELD.search(text)
    return split_place(match["place"]) if match else None


def place_from_phrase(text: str) -> tuple[str, str] | None:
    """The preamble's "took place in …", "held in …", "met … in …", "tuvo lugar en …"."""
    match = _PHRASE.search(text)
    return split_place(match["place"]) if match else None


def place_lines(text: str) -> list[tuple[str, str]]:
    """Lines that are a place and nothing else, with a country: "Managua, Nicaragua"."""
    found = []
    for match in _LINE.finditer(text):
        city, country = split_place(match["place"])
        if city and country:
            found.append((city, country))
    return found


def is_place(text: str) -> bool:
    """True when the text is a place and nothing else ("Asunción, Paraguay")."""
    return bool(re.fullmatch(rf"[ \t]*{PLACE}[ \t,]*", text))
