"""The phrasings of real RCM texts beyond the seed's: each rule the corpus relies on, one at a time."""

from __future__ import annotations

import datetime

import pytest

from decisions.parsing import parse_declaration
from decisions.parsing.deadlines import find_deadline
from decisions.parsing.header import parse_header
from decisions.parsing.participants import find_participants
from decisions.parsing.text import join_wrapped

D = datetime.date
MEETING = D(2007, 5, 30)


@pytest.mark.parametrize(
    ("header", "ordinal"),
    [
        ("VII REGIONAL CONFFERENCE ON MIGRATION", 7),
        ("The XII Regional Conference on Migration (RCM) took place in Antigua", 12),
        ("OCTAVA REUNIÓN VICEMINISTERIAL", 8),
        ("Twentieth Vice-Ministerial Meeting", 20),
        ("18th VICE-MINISTERIAL MEETING", 18),
    ],
)
def test_ordinals_in_the_forms_real_texts_use(header, ordinal):
    assert parse_header(header, "")[0].ordinal == ordinal


@pytest.mark.parametrize(
    ("header", "preamble", "kind"),
    [
        ("REPORT OF THE REGIONAL NETWORK OF LIAISON OFFICERS", "The Network of the RCM met.", "network"),
        ("RCM AD HOC WORKING GROUP ON MIGRANT CHILDREN", "", "network"),
        ("SOUTH AMERICAN CONFERENCE ON MIGRATION", "The representatives met.", "other"),
        ("REUNIÓN DE PRESIDENTES DEL SICA", "", "other"),
        ("REGIONAL CONFERENCE ON MIGRATION\nXII MEETING", "", "vice_ministerial"),
    ],
)
def test_meeting_kinds_for_networks_and_other_bodies(header, preamble, kind):
    assert parse_header(header, preamble)[0].kind == kind


def test_another_bodys_text_is_flagged():
    _, warnings = parse_header("SOUTH AMERICAN CONFERENCE ON MIGRATION", "")
    assert any("names no body of the RCM" in warning for warning in warnings)


@pytest.mark.parametrize(
    ("header", "preamble", "place", "dates"),
    [
        ("", "The XII RCM took place in Antigua, Guatemala, May 30-31, 2007, with …", ("Antigua", "Guatemala"), 30),
        (
            "",
            "tuvo lugar en San José, Costa Rica los días 22 y 23 de marzo del año 2003, con",
            ("San José", "Costa Rica"),
            22,
        ),
        (
            "",
            "The Network met on 21 June 2017 in San Salvador, El Salvador with the",
            ("San Salvador", "El Salvador"),
            21,
        ),
        (
            "",
            "La Red se reunió el 14 de agosto de 2015 en Ciudad de Panamá, Panamá, con",
            ("Ciudad de Panamá", "Panamá"),
            14,
        ),
        ("RCGM\nManagua, Nicaragua\nNovember 24-25, 2014", "", ("Managua", "Nicaragua"), 24),
        (
            "Fecha: viernes, 29 de junio de 2007\nLugar: San Pedro (Ambergris Caye), Belice",
            "",
            ("San Pedro (Ambergris Caye)", "Belice"),
            29,
        ),
        ("", "met in Guatemala City, Guatemala, on\nSeptember 9-10,\n2015, with", ("Guatemala City", "Guatemala"), 9),
        ("CANCÚN, MÉXICO, 25 Y 26 DE NOVIEMBRE DE 2004", "", ("CANCÚN", "MÉXICO"), 25),
    ],
)
def test_place_and_dates_in_every_phrasing(header, preamble, place, dates):
    meeting, _ = parse_header(header, preamble)
    assert (meeting.city, meeting.country) == place
    assert meeting.start_date is not None and meeting.start_date.day == dates


@pytest.mark.parametrize(
    "text",
    [
        'To adopt "Migration and Local Development" as the theme of the RCM in 2007.',
        "Hold the meetings of the Coalition in 2008 in the capital of the PPT.",
        "Respaldar el Plan de Trabajo de la Presidencia Pro Tempore para el año 2008.",
    ],
)
def test_a_year_that_qualifies_a_noun_is_no_deadline(text):
    assert find_deadline(text, MEETING) is None


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("circulate the plan by July 21st, at the latest.", D(2007, 7, 21), "day"),
        ("circulate the plan by March 1.", D(2008, 3, 1), "day"),
        ("present it before the next meeting.", None, "next_meeting"),
        ("antes de la próxima Reunión Viceministerial.", None, "next_meeting"),
        ("en el primer semestre de 2008.", D(2008, 6, 30), "semester"),
        ("during the second half of 2007.", D(2007, 12, 31), "semester"),
        ("continue the work through 2008.", D(2008, 12, 31), "year"),
        ("hold a workshop in Mexico in 2008.", D(2008, 12, 31), "year"),
    ],
)
def test_deadlines_the_text_sets(text, date, precision):
    deadline = find_deadline(text, MEETING)
    assert deadline is not None
    assert (deadline.date, deadline.precision) == (date, precision)


def test_participants_from_a_preamble_list_with_observers_and_an_unknown_name():
    preamble = [
        "La Novena Reunión tuvo lugar en Guatemala, con la participación de Belice, EE.UU., República Dominicana "
        "y los Estados Unidos, y de Argentina y Haití en calidad de observadores."
    ]
    participants, warnings = find_participants(preamble, [])
    assert [(p.party_code, p.capacity) for p in participants] == [
        ("BZ", "member"),
        ("US", "member"),
        ("DO", "member"),
        ("AR", "observer"),
        (None, "observer"),
    ]
    assert "participant not in the alias table: 'Haití'" in warnings


def test_participants_from_a_header_field():
    participants, _ = find_participants([], [], "Paises / Entidades Participantes: Belice, Costa Rica y Panamá")
    assert [p.party_code for p in participants] == ["BZ", "CR", "PA"]


def test_an_item_that_introduces_sub_items_takes_their_strongest_kind():
    draft = parse_declaration(
        "DECISIONS\n\n1. Regarding the reports presented by the Technical Secretariat, the RCGM concluded:\n"
        "a) To take note of the report.\nb) To request the TS to send the statements.\n"
        "2. En relación con las redes:\na) Agradecer a la Red.\nb) Aprobar el plan de trabajo.\n"
    )
    first, second = draft.decisions
    assert (first.kind, first.lead_verb) == ("mandate", "")
    assert (second.kind, second.lead_verb) == ("adoption", "")
    assert not any("unknown lead verb" in warning for warning in draft.warnings)


def test_restarting_numbers_are_kept_with_a_warning():
    draft = parse_declaration("DECISIONS\n\n1. Thank Panama.\n1. Approve the budget.\n2. Urge the member states.\n")
    assert [item.number for item in draft.decisions] == ["1", "1", "2"]
    assert "numbering restarts: 1 follows 1; kept as the text numbers it" in draft.warnings


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["las personas mi-", "grantes en tránsito"], "las personas migrantes en tránsito"),
        (["a two-", "year plan"], "a two-year plan"),
        (["extra-", "regional migrants"], "extra-regional migrants"),
        (["the Vice-", "Ministers"], "the Vice-Ministers"),
    ],
)
def test_hyphenation_at_line_ends_is_repaired_and_compounds_kept(lines, joined):
    assert join_wrapped(lines) == joined
