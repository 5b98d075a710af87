"""The seed: the Declaration and Decisions of the IX Meeting (Panama City, 20-21 May 2004), with its traps."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from decisions.parsing import Deadline

from .helpers import PROJECT, SEED, by_number, parse_seed

SHARED_SEED = PROJECT.parent / "shared" / "seed" / "000_85b446cbee7c2851.txt"

MEMBERS = ["CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"]
OBSERVERS = ["AR", "CO", "EC", "PE", "UNHCR", "ECLAC-CELADE", "IOM", "UNSR-MIGRANTS", "SICA"]


def test_the_project_ships_the_seed_byte_for_byte():
    if not SHARED_SEED.exists():
        pytest.skip("the shared seed is not beside this checkout")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_language_is_english():
    assert parse_seed().language == "en"


def test_seed_header():
    meeting = parse_seed().meeting
    assert meeting.kind == "vice_ministerial"
    assert (meeting.ordinal, meeting.ordinal_label) == (9, "IX")
    assert (meeting.city, meeting.country, meeting.country_code) == ("Panama City", "Panama", "PA")
    assert meeting.start_date == datetime.date(2004, 5, 20)
    assert meeting.end_date == datetime.date(2004, 5, 21)
    assert meeting.title == "Regional Conference on Migration (Puebla Process) IX Meeting"
    assert "*" not in meeting.title


def test_seed_members_are_the_ten_listed_not_belize():
    participants = parse_seed().participants
    members = [p.party_code for p in participants if p.capacity == "member"]
    assert members == MEMBERS
    assert "BZ" not in [p.party_code for p in participants]
    names = [p.name for p in participants if p.capacity == "member"]
    assert names[0] == "Canada"
    assert names[-1] == "the United States of America"


def test_seed_observers_from_decision_1():
    participants = parse_seed().participants
    assert [p.party_code for p in participants if p.capacity == "observer"] == OBSERVERS
    unhcr = next(p for p in participants if p.party_code == "UNHCR")
    assert unhcr.name == "the UN High Commissioner for Refugees (UNHCR)"


def test_seed_civil_society_and_guests():
    participants = parse_seed().participants
    capacities = {p.party_code: p.capacity for p in participants}
    assert capacities["RNCOM"] == "civil_society"
    assert capacities["UY"] == "guest"
    assert capacities.get("SACM") in (None, "guest")
    assert capacities["AR"] == "observer"
    assert [p.party_code for p in participants].count("AR") == 1
    assert "PPT" not in capacities and "OAS" not in capacities and "TS" not in capacities
    assert all(p.party_code is not None for p in participants)


def test_seed_commitments():
    commitments = parse_seed().commitments
    assert [c.number for c in commitments] == ["1", "2", "3", "4", "5"]
    assert commitments[0].text.startswith("Continue working toward the establishment")
    assert commitments[4].text.endswith("El Salvador, Guatemala, Honduras and Nicaragua.")
    assert [c.lead_verb for c in commitments] == [
        "continue",
        "strengthen",
        "bring closer",
        "promote",
        "express satisfaction",
    ]
    assert [c.kind for c in commitments] == ["mandate"] * 4 + ["acknowledgement"]


def test_seed_has_seventeen_decisions_in_order():
    decisions = parse_seed().decisions
    assert [d.number for d in decisions] == [str(n) for n in range(1, 18)]


@pytest.mark.parametrize(
    ("number", "kind", "lead_verb"),
    [
        ("1", "acknowledgement", "express appreciation"),
        ("2", "acknowledgement", "thank"),
        ("3", "acknowledgement", "thank"),
        ("4", "adoption", "endorse"),
        ("5", "adoption", "endorse"),
        ("6", "mandate", "accept"),
        ("7", "mandate", "approve"),
        ("8", "mandate", "urge"),
        ("9", "acknowledgement", "recognize"),
        ("10", "mandate", "urge"),
        ("11", "acknowledgement", "recognize"),
        ("12", "adoption", "approve"),
        ("13", "mandate", "authorize"),
        ("14", "mandate", "continue"),
        ("15", "adoption", "modify"),
        ("16", "acknowledgement", "express recognition"),
        ("17", "adoption", "approve"),
    ],
)
def test_seed_decision_kinds(number, kind, lead_verb):
    decision = by_number(parse_seed().decisions)[number]
    assert (decision.kind, decision.lead_verb) == (kind, lead_verb)


def test_seed_deadlines():
    decisions = by_number(parse_seed().decisions)
    assert decisions["6"].deadline == Deadline(
        datetime.date(2004, 12, 31), "quarter", "during the fourth quarter of 2004"
    )
    assert decisions["7"].deadline == Deadline(datetime.date(2005, 12, 31), "year", "in 2005")
    assert decisions["12"].deadline == Deadline(
        datetime.date(2005, 12, 31), "day", "January 1 through December 31, 2005", datetime.date(2005, 1, 1)
    )
    with_deadline = [number for number, decision in decisions.items() if decision.deadline is not None]
    assert with_deadline == ["6", "7", "12"]


def test_seed_december_2003_is_history_not_a_deadline():
    decision = by_number(parse_seed().decisions)["5"]
    assert "December 1, 2003" in decision.text
    assert decision.deadline is None


def test_seed_addresses_all_members():
    decisions = parse_seed().decisions
    assert [d.number for d in decisions if d.addresses_all_members] == ["8", "10", "14"]


def test_seed_decision_8_is_joined_across_the_page_break():
    decisions = by_number(parse_seed().decisions)
    text = decisions["8"].text
    assert "about the importance of signing" in text
    assert "\n" not in text
    assert text.endswith("Smuggling of Migrants and Trafficking in Persons.")
    assert decisions["9"].text.startswith("Recognize that international cooperation")
    assert "decision 8: joined across a page break" in parse_seed().warnings


def test_seed_decision_14_keeps_its_continuation_paragraphs():
    text = by_number(parse_seed().decisions)["14"].text
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Continue joint training exercises")
    assert paragraphs[1].startswith("Specifically, recognize the value")
    assert paragraphs[2] == (
        "Likewise, urge the RCM countries to direct their consular representatives to participate in such events."
    )


def test_seed_decision_15_has_three_sub_items():
    draft = parse_seed()
    decision = by_number(draft.decisions)["15"]
    assert decision.text == (
        'Modify the "Terms of Reference for Contracting Personnel of the Technical Support Unit (TSU)" '
        "approved at the VII RCM with regard to the selection of personnel as follows:"
    )
    assert [child.number for child in decision.children] == ["a", "b", "c"]
    assert decision.children[0].text.startswith("Contracting of the Coordinator")
    assert decision.children[1].text.endswith("Presidency Pro - Tempore; and")
    assert decision.children[2].text.startswith("The vacancy in the position of TS Coordinator")
    assert all(child.kind == "adoption" for child in decision.children)
    assert all(child.children == [] for child in decision.children)
    assert "decision 15: sub-item c followed a blank line" in draft.warnings


def test_seed_spaced_hyphen_names_the_ppt():
    decision = by_number(parse_seed().decisions)["15"]
    assert decision.children[1].party_codes == ["PPT"]
    assert decision.party_codes == ["TS", "PPT"]


def test_seed_decision_17_despite_its_leading_space():
    decision = by_number(parse_seed().decisions)["17"]
    assert decision.text == (
        "Approve the appointment of Mr. Luis Eduardo Monzón Méndez as the new RCM Technical Secretariat Coordinator."
    )


def test_seed_accents_and_quotes_are_kept():
    decisions = by_number(parse_seed().decisions)
    assert "Matías Romero Institute" in decisions["14"].text
    assert '"Strengthening the Regional Conference on Migration: Eight Years After its Creation,"' in (
        decisions["4"].text
    )
    assert '"maras"' in decisions["11"].text


def test_seed_decision_3_names_the_south_american_conference_not_the_rcm_ppt():
    decision = by_number(parse_seed().decisions)["3"]
    assert decision.party_codes == ["SACM", "UY", "AR", "OAS"]


def test_seed_decision_parties():
    decisions = by_number(parse_seed().decisions)
    assert decisions["1"].party_codes == OBSERVERS
    assert decisions["2"].party_codes == ["RNCOM"]
    assert decisions["7"].party_codes == ["PPT", "GCIM", "MX"]
    assert decisions["12"].party_codes == ["TS", "PPT"]
    assert decisions["8"].party_codes == []


def test_seed_warnings_are_only_the_two_repairs():
    assert parse_seed().warnings == [
        "decision 8: joined across a page break",
        "decision 15: sub-item c followed a blank line",
    ]


def test_seed_is_read_from_the_shipped_copy():
    assert SEED.is_file()
    assert Path(SEED).read_text(encoding="utf-8").count("DECISIONS OF THE VICE MINISTERS") == 1
