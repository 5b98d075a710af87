"""The meeting header: kind, ordinal, place and dates, from the header or else the preamble."""

from __future__ import annotations

import datetime

import pytest

from decisions.parsing import parse_declaration
from decisions.parsing.header import parse_header
from decisions.parsing.ordinals import english_ordinal, int_to_roman, roman_to_int, spanish_ordinal

D = datetime.date
DECISIONS = "\n\nDECISIONS\n\n1. Thank Canada.\n"


@pytest.mark.parametrize(
    ("header", "city", "country", "code", "start", "end"),
    [
        (
            "Panama City, Panama, May 20-21, 2004",
            "Panama City",
            "Panama",
            "PA",
            D(2004, 5, 20),
            D(2004, 5, 21),
        ),
        ("Cancún, Mexico, May 31 - June 1, 2005", "Cancún", "Mexico", "MX", D(2005, 5, 31), D(2005, 6, 1)),
        ("Ottawa, Canada, 20-21 May 2006", "Ottawa", "Canada", "CA", D(2006, 5, 20), D(2006, 5, 21)),
        ("San José, Costa Rica, March 3, 2007", "San José", "Costa Rica", "CR", D(2007, 3, 3), D(2007, 3, 3)),
        (
            "Ciudad de Panamá, Panamá, 20 y 21 de mayo de 2004",
            "Ciudad de Panamá",
            "Panamá",
            "PA",
            D(2004, 5, 20),
            D(2004, 5, 21),
        ),
        (
            "Tegucigalpa, Honduras, del 9 al 10 de noviembre de 2004",
            "Tegucigalpa",
            "Honduras",
            "HN",
            D(2004, 11, 9),
            D(2004, 11, 10),
        ),
        (
            "Managua, Nicaragua, 31 de mayo y 1 de junio de 2005",
            "Managua",
            "Nicaragua",
            "NI",
            D(2005, 5, 31),
            D(2005, 6, 1),
        ),
    ],
)
def test_place_and_dates(header, city, country, code, start, end):
    meeting = parse_declaration(f"REGIONAL CONFERENCE ON MIGRATION\nIX MEETING\n\n{header}{DECISIONS}").meeting
    assert (meeting.city, meeting.country, meeting.country_code) == (city, country, code)
    assert (meeting.start_date, meeting.end_date) == (start, end)


@pytest.mark.parametrize(
    ("title", "ordinal", "label"),
    [
        ("IX MEETING", 9, "IX"),
        ("Ninth Meeting of the Regional Conference on Migration", 9, "IX"),
        ("XXIX Vice-Ministerial Meeting", 29, "XXIX"),
        ("IX Reunión Viceministerial", 9, "IX"),
        ("Novena Reunión de la Conferencia Regional sobre Migración", 9, "IX"),
        ("Vigésima Primera Reunión Viceministerial", 21, "XXI"),
        ("10th Meeting", 10, "X"),
    ],
)
def test_ordinals(title, ordinal, label):
    meeting, _ = parse_header(title, "")
    assert (meeting.ordinal, meeting.ordinal_label) == (ordinal, label)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("REGIONAL CONFERENCE ON MIGRATION\nIX MEETING", "vice_ministerial"),
        ("REGIONAL CONFERENCE ON MIGRATION\nEXTRAORDINARY MEETING", "extraordinary"),
        ("Reunión Extraordinaria de la Conferencia Regional sobre Migración", "extraordinary"),
        ("REGIONAL CONSULTATION GROUP ON MIGRATION (RCGM)", "rcgm"),
        ("Grupo Regional de Consulta sobre Migración", "rcgm"),
    ],
)
def test_meeting_kinds(title, kind):
    assert parse_header(title, "")[0].kind == kind


def test_title_is_cleaned_and_title_cased():
    meeting, _ = parse_header("**REGIONAL CONFERENCE ON MIGRATION (PUEBLA PROCESS)\nIX MEETING**", "")
    assert meeting.title == "Regional Conference on Migration (Puebla Process) IX Meeting"


def test_mixed_case_title_is_kept_as_written():
    meeting, _ = parse_header("Regional Conference on Migration, IX Meeting", "")
    assert meeting.title == "Regional Conference on Migration, IX Meeting"


def test_without_a_header_the_preamble_is_asked():
    text = (
        "The Ninth Meeting of the Regional Conference on Migration, made up of the Vice Ministers of Canada "
        "and Mexico, held in Panama City on May 20-21, 2004 stressed the importance of this mechanism." + DECISIONS
    )
    draft = parse_declaration(text)
    meeting = draft.meeting
    assert (meeting.ordinal, meeting.city, meeting.country_code) == (9, "Panama City", "PA")
    assert (meeting.start_date, meeting.end_date) == (D(2004, 5, 20), D(2004, 5, 21))
    assert "meeting header not found" in draft.warnings
    assert "meeting date not found" not in draft.warnings
    assert [p.party_code for p in draft.participants] == ["CA", "MX"]


def test_unknown_country_is_a_warning():
    draft = parse_declaration("IX MEETING\n\nAtlantis, Lost Continent, May 20-21, 2004" + DECISIONS)
    assert draft.meeting.country_code is None
    assert "meeting country not recognised: 'Lost Continent'" in draft.warnings


@pytest.mark.parametrize(("label", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XXIX", 29)])
def test_roman_numerals(label, value):
    assert roman_to_int(label) == value
    assert int_to_roman(value) == label


@pytest.mark.parametrize("label", ["", "CIVIL", "IIII", "VX", "ABC"])
def test_not_roman_numerals(label):
    assert roman_to_int(label) is None


def test_ordinal_words():
    assert [english_ordinal(w) for w in ("first", "Ninth", "twenty-first", "thirtieth", "the")] == [
        1,
        9,
        21,
        30,
        None,
    ]
    words = ("Primera", "novena", "Décima", "Undécima", "Vigésima Novena", "vigesimoprimera", "La")
    assert [spanish_ordinal(w) for w in words] == [1, 9, 10, 11, 29, 21, None]
