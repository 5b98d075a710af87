"""A Spanish declaration end to end: the same traps, the Spanish words."""

from __future__ import annotations

import datetime

from decisions.parsing import Deadline

from .helpers import by_number, parse_file


def test_spanish_is_detected():
    assert parse_file("es_declaration.txt").language == "es"


def test_spanish_header():
    meeting = parse_file("es_declaration.txt").meeting
    assert (meeting.kind, meeting.ordinal, meeting.ordinal_label) == ("vice_ministerial", 9, "IX")
    assert (meeting.city, meeting.country, meeting.country_code) == ("Ciudad de Panamá", "Panamá", "PA")
    assert (meeting.start_date, meeting.end_date) == (datetime.date(2004, 5, 20), datetime.date(2004, 5, 21))
    assert meeting.title == "Conferencia Regional sobre Migración (Proceso Puebla) IX Reunión Viceministerial"


def test_spanish_commitments_after_acordaron():
    commitments = parse_file("es_declaration.txt").commitments
    assert [c.number for c in commitments] == ["1", "2", "3"]
    assert [c.lead_verb for c in commitments] == ["continuar", "fortalecer", "expresar satisfacción"]
    assert [c.kind for c in commitments] == ["mandate", "mandate", "acknowledgement"]


def test_spanish_decisions_kinds_and_verbs():
    decisions = parse_file("es_declaration.txt").decisions
    assert [(d.number, d.lead_verb, d.kind) for d in decisions] == [
        ("1", "expresar reconocimiento", "acknowledgement"),
        ("2", "agradecer", "acknowledgement"),
        ("3", "agradecer", "acknowledgement"),
        ("4", "respaldar", "adoption"),
        ("5", "aceptar", "mandate"),
        ("6", "aprobar", "mandate"),
        ("7", "instar", "mandate"),
        ("8", "aprobar", "adoption"),
        ("9", "modificar", "adoption"),
        ("10", "encomendar", "mandate"),
        ("11", "reconocer", "acknowledgement"),
        ("12", "aprobar", "adoption"),
    ]


def test_spanish_deadlines():
    decisions = by_number(parse_file("es_declaration.txt").decisions)
    assert decisions["5"].deadline == Deadline(
        datetime.date(2004, 12, 31), "quarter", "durante el cuarto trimestre de 2004"
    )
    assert decisions["6"].deadline == Deadline(datetime.date(2005, 12, 31), "year", "en 2005")
    assert decisions["8"].deadline == Deadline(
        datetime.date(2005, 12, 31),
        "day",
        "del 1 de enero al 31 de diciembre de 2005",
        datetime.date(2005, 1, 1),
    )
    assert decisions["10"].deadline == Deadline(None, "next_meeting", "antes de la próxima reunión")
    assert decisions["9"].children[2].deadline == Deadline(
        datetime.date(2005, 6, 30), "day", "a más tardar el 30 de junio de 2005"
    )
    assert decisions["9"].deadline is None


def test_spanish_addresses_all_members_and_parties():
    decisions = by_number(parse_file("es_declaration.txt").decisions)
    assert [n for n, d in decisions.items() if d.addresses_all_members] == ["7"]
    assert decisions["3"].party_codes == ["SACM", "UY"]
    assert decisions["9"].party_codes == ["TS", "PPT"]
    assert decisions["12"].text.endswith("Luis Eduardo Monzón Méndez como nuevo Coordinador de la Secretaría Técnica.")


def test_spanish_sub_items():
    decision = by_number(parse_file("es_declaration.txt").decisions)["9"]
    assert decision.text.endswith("de la siguiente manera:")
    assert [c.number for c in decision.children] == ["a", "b", "c"]
    assert decision.children[1].text.endswith("Presidencia Pro - Tempore; y")


def test_spanish_text_has_no_warnings():
    assert parse_file("es_declaration.txt").warnings == []
