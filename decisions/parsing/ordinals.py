"""Meeting ordinals: Roman numerals ("IX") and ordinal words ("Ninth", "Novena", "Vigésima Primera")."""

from __future__ import annotations

import re

from .text import strip_accents

# Strict, so that words made of the same letters ("CIVIL", "MIX") are not read as numbers.
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]

_EN_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_EN_TEENS = "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40}
_EN_ORDINALS = {
    **{name: index + 1 for index, name in enumerate(_EN_UNITS)},
    **{name: index + 10 for index, name in enumerate(_EN_TEENS.split())},
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
}

# Spanish ordinals, accents removed, feminine or masculine: stems, the ending is matched apart.
_ES_UNITS = {
    "primer": 1,
    "segund": 2,
    "tercer": 3,
    "cuart": 4,
    "quint": 5,
    "sext": 6,
    "septim": 7,
    "setim": 7,
    "octav": 8,
    "noven": 9,
}
_ES_TENS = {"decim": 10, "vigesim": 20, "trigesim": 30, "cuadragesim": 40}
_ES_SPECIAL = {"undecim": 11, "duodecim": 12}


def roman_to_int(label: str) -> int | None:
    if not label or not _ROMAN.match(label):
        return None
    total, rest = 0, label
    for value, symbol in _ROMAN_VALUES:
        while rest.startswith(symbol):
            total, rest = total + value, rest[len(symbol) :]
    return total


def int_to_roman(number: int) -> str:
    result = ""
    for value, symbol in _ROMAN_VALUES:
        while number >= value:
            result, number = result + symbol, number - value
    return result


def english_ordinal(word: str) -> int | None:
    """'ninth' -> 9, 'twenty-first' -> 21; None for anything else."""
    word = word.lower().replace(" ", "-")
    if word in _EN_ORDINALS:
        return _EN_ORDINALS[word]
    tens, _, unit = word.partition("-")
    if tens in _EN_TENS and unit in _EN_UNITS:
        return _EN_TENS[tens] + _EN_UNITS.index(unit) + 1
    return None


def spanish_ordinal(phrase: str) -> int | None:
    """'Novena' -> 9, 'Vigésima Primera' / 'Vigesimoprimera' -> 21, 'Undécima' -> 11."""
    compact = strip_accents(phrase.lower()).replace(" ", "")
    stems = "|".join([*_ES_SPECIAL, *_ES_UNITS, *_ES_TENS])
    parts = re.fullmatch(rf"(?:({stems})[oa])?(?:({stems})(?:[oa]|(?<=primer)|(?<=tercer)))?", compact)
    if not parts or not compact:
        return None
    values = [_ES_SPECIAL.get(p) or _ES_UNITS.get(p) or _ES_TENS.get(p) for p in parts.groups() if p]
    if len(values) == 2 and (values[0] is None or values[0] < 10 or values[1] is None or values[1] >= 10):
        return None
    return sum(value for value in values if value) or None
