"""Who attended: members from the preamble, observers, guests and civil society from the decisions."""

from __future__ import annotations

import pytest

from decisions.parsing import parse_declaration
from decisions.parsing.participants import split_names

from .helpers import parse_file

DECISIONS = "\n\nDECISIONS\n\n"


def test_split_names_stops_at_the_first_non_name():
    text = "Canada, Costa Rica, the Dominican Republic, Panama and the United States of America, held in Panama"
    assert split_names(text) == [
        "Canada",
        "Costa Rica",
        "the Dominican Republic",
        "Panama",
        "the United States of America",
    ]


def test_split_names_keeps_a_name_that_contains_and():
    text = "the Economic Commission for Latin America and the Caribbean (ECLAC/CELADE), and the IOM"
    assert split_names(text) == [
        "the Economic Commission for Latin America and the Caribbean (ECLAC/CELADE)",
        "the IOM",
    ]


def test_split_names_spanish():
    assert split_names("Panamá y los Estados Unidos de América, celebrada en la Ciudad de Panamá") == [
        "Panamá",
        "los Estados Unidos de América",
    ]


def test_spanish_participants():
    participants = parse_file("es_declaration.txt").participants
    by_code = {p.party_code: p for p in participants}
    members = [p.party_code for p in participants if p.capacity == "member"]
    assert members == ["CA", "CR", "SV", "GT", "HN", "MX", "NI", "PA", "DO", "US"]
    observers = [p.party_code for p in participants if p.capacity == "observer"]
    assert observers == ["AR", "CO", "EC", "PE", "UNHCR", "ECLAC-CELADE", "IOM", "UNSR-MIGRANTS", "SICA"]
    assert by_code["RNCOM"].capacity == "civil_society"
    assert by_code["RNCOM"].name == "la Red Regional de Organizaciones Civiles para las Migraciones (RROCM)"
    assert by_code["UY"].capacity == "guest"
    assert by_code["UY"].name == "la República Oriental del Uruguay"
    assert by_code["PE"].name == "Perú"


def test_unknown_participant_gets_no_code_and_a_warning():
    text = (
        "The Meeting, made up of the Vice Ministers of Canada, Atlantis and Mexico, met in Ottawa."
        + DECISIONS
        + "1. Express appreciation for the participation of Argentina and Narnia as observers."
    )
    draft = parse_declaration(text)
    assert [(p.name, p.capacity, p.party_code) for p in draft.participants] == [
        ("Canada", "member", "CA"),
        ("Atlantis", "member", None),
        ("Mexico", "member", "MX"),
        ("Argentina", "observer", "AR"),
        ("Narnia", "observer", None),
    ]
    assert "participant not in the alias table: 'Atlantis'" in draft.warnings
    assert "participant not in the alias table: 'Narnia'" in draft.warnings


def test_thanks_for_hospitality_does_not_make_a_guest():
    draft = parse_declaration(DECISIONS + "1. Thank the Government of Panama for its hospitality.")
    assert draft.participants == []


@pytest.mark.parametrize(
    ("decision", "code", "capacity"),
    [
        (
            "Thank the Regional Network of Civil Organizations for Migration (RNCOM) for its contributions.",
            "RNCOM",
            "civil_society",
        ),
        ("Thank the South American Conference on Migration for its participation.", "SACM", "guest"),
        ("Agradecer a la OEA por su participación.", "OAS", "guest"),
        ("Express appreciation for the participation of Jamaica as observers.", "JM", "observer"),
    ],
)
def test_capacities_from_decisions(decision, code, capacity):
    participants = parse_declaration(DECISIONS + "1. " + decision).participants
    assert [(p.party_code, p.capacity) for p in participants] == [(code, capacity)]


def test_missing_member_list_is_a_warning():
    draft = parse_declaration(DECISIONS + "1. Thank Canada.")
    assert "member states present not found in the preamble" in draft.warnings
