"""Numbered items and their sub-items: every numbering style, every sub-item style, gaps and commitments."""

from __future__ import annotations

import pytest

from decisions.parsing import parse_declaration

from .helpers import parse_file

DECISIONS_HEAD = "DECISIONS\n\n"


# Numbering styles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "items",
    [
        "1. Thank Canada for its offer.\n2. Endorse the report.\n3. Urge the member countries to act.",
        "1) Thank Canada for its offer.\n2) Endorse the report.\n3) Urge the member countries to act.",
        "1.- Thank Canada for its offer.\n2.- Endorse the report.\n3.- Urge the member countries to act.",
        "1\nThank Canada for its offer.\n\n2\nEndorse the report.\n\n3\n\nUrge the member countries to act.",
        " 1. Thank Canada for its offer.\n\n 2. Endorse the report.\n\n 3. Urge the member countries to act.",
    ],
    ids=["dot", "paren", "dot-dash", "alone-on-its-line", "indented"],
)
def test_numbering_styles(items):
    draft = parse_declaration(DECISIONS_HEAD + items)
    assert [d.number for d in draft.decisions] == ["1", "2", "3"]
    assert [d.text for d in draft.decisions] == [
        "Thank Canada for its offer.",
        "Endorse the report.",
        "Urge the member countries to act.",
    ]
    assert [d.kind for d in draft.decisions] == ["acknowledgement", "adoption", "mandate"]


def test_numbers_alone_on_their_lines_english_file():
    draft = parse_file("en_lone_numbers.txt")
    assert [d.number for d in draft.decisions] == ["1", "2", "3"]
    assert draft.decisions[1].text == 'Endorse the document "Guidelines for the Return of Migrants".'
    assert draft.decisions[2].text == (
        "Urge the member countries to adopt measures against trafficking in persons by May 2005."
    )


def test_numbers_alone_on_their_lines_spanish_file():
    draft = parse_file("es_lone_numbers.txt")
    assert [d.number for d in draft.decisions] == ["1", "2", "3"]
    assert [d.lead_verb for d in draft.decisions] == ["agradecer", "respaldar", "instar"]
    assert draft.decisions[2].text.endswith("trata de personas en mayo de 2005.")


def test_paren_numbering_english_file():
    draft = parse_file("en_numbering_paren.txt")
    assert [d.number for d in draft.decisions] == ["1", "2", "3"]
    assert draft.meeting.kind == "extraordinary"
    assert [c.text for c in draft.decisions[1].children] == [
        "to the member countries;",
        "to the observer countries.",
    ]


def test_mixed_numbering_spanish_file():
    draft = parse_file("es_numbering_paren.txt")
    assert [d.number for d in draft.decisions] == ["1", "2", "3"]
    assert draft.decisions[1].text == "Solicitar a la Secretaría Técnica lo siguiente:"
    assert [c.number for c in draft.decisions[1].children] == ["a", "b"]


def test_numbering_gap_is_a_warning():
    draft = parse_declaration(DECISIONS_HEAD + "1. Thank Canada.\n2. Endorse the plan.\n4. Urge the TS to act.")
    assert [d.number for d in draft.decisions] == ["1", "2", "4"]
    assert "numbering gap: 4 follows 2" in draft.warnings


def test_a_wrapped_line_starting_with_a_number_is_not_an_item():
    text = (
        DECISIONS_HEAD + "1. Urge the member countries to ratify the\n2 Protocols on smuggling.\n2. Endorse the plan."
    )
    draft = parse_declaration(text)
    assert [d.number for d in draft.decisions] == ["1", "2"]
    assert draft.decisions[0].text == "Urge the member countries to ratify the 2 Protocols on smuggling."


# Sub-items ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "marker",
    ["{}) ", "{}. ", "- {}. ", " - {}. ", "({}) ", "• {}) "],
    ids=["paren", "dot", "dash-dot", "indented-dash-dot", "brackets", "bullet-paren"],
)
def test_sub_item_styles(marker):
    lines = [
        "1. Modify the terms of reference as follows:",
        marker.format("a") + "the Coordinator is appointed for one year;",
        marker.format("b") + "extensions depend on an evaluation; and",
        marker.format("c") + "vacancies are announced to the Vice Ministers.",
        "2. Thank Panama for its hospitality.",
    ]
    draft = parse_declaration(DECISIONS_HEAD + "\n".join(lines))
    first = draft.decisions[0]
    assert first.text == "Modify the terms of reference as follows:"
    assert [c.number for c in first.children] == ["a", "b", "c"]
    assert first.children[2].text == "vacancies are announced to the Vice Ministers."
    assert [c.kind for c in first.children] == ["adoption"] * 3
    assert draft.decisions[1].children == []


def test_sub_item_with_a_verb_of_its_own_gets_its_own_kind():
    draft = parse_file("es_declaration.txt")
    children = draft.decisions[8].children
    assert [c.kind for c in children] == ["adoption", "adoption", "mandate"]
    assert children[2].lead_verb == "solicitar"
    assert children[0].lead_verb == ""


def test_blank_lines_between_all_sub_items_are_not_reported():
    text = DECISIONS_HEAD + "1. Modify the rules as follows:\n\na) first rule;\n\nb) second rule.\n"
    draft = parse_declaration(text)
    assert [c.number for c in draft.decisions[0].children] == ["a", "b"]
    assert not any("blank line" in warning for warning in draft.warnings)


# Commitments ----------------------------------------------------------------------------------------


def test_numbered_commitments_before_a_decisions_heading():
    text = (
        "The Vice Ministers agreed to:\n\n1. Continue the dialogue.\n2. Strengthen cooperation.\n\n"
        "DECISIONS\n\n1. Thank Canada.\n"
    )
    draft = parse_declaration(text)
    assert [(c.number, c.text) for c in draft.commitments] == [
        ("1", "Continue the dialogue."),
        ("2", "Strengthen cooperation."),
    ]
    assert [d.text for d in draft.decisions] == ["Thank Canada."]


def test_agreed_to_with_numbers_and_no_heading_gives_decisions():
    draft = parse_declaration("The Vice Ministers agreed to:\n\n1. Thank Canada.\n2. Endorse the plan.\n")
    assert draft.commitments == []
    assert [d.text for d in draft.decisions] == ["Thank Canada.", "Endorse the plan."]


def test_closing_paragraphs_end_the_commitments():
    text = (
        "The Vice Ministers acordaron:\n\n- Continuar el diálogo.\n\nAgradecieron al Gobierno de Panamá.\n\n"
        "DECISIONES\n\n1. Agradecer a Canadá.\n"
    )
    draft = parse_declaration(text)
    assert [c.text for c in draft.commitments] == ["Continuar el diálogo."]
