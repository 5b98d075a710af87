"""The JSON shape other code is written against: exact keys, strings for numbers, ISO dates."""

from __future__ import annotations

import json

from .helpers import parse_file, parse_seed

TOP_KEYS = {"language", "meeting", "participants", "commitments", "decisions", "warnings", "warnings_by_field"}
MEETING_KEYS = {
    "ordinal",
    "city",
    "country",
    "start_date",
    "end_date",
    "kind",
    "ordinal_label",
    "country_code",
    "title",
}
PARTICIPANT_KEYS = {"name", "capacity", "party_code"}
COMMITMENT_KEYS = {"number", "text", "kind", "lead_verb"}
DECISION_KEYS = {
    "number",
    "text",
    "kind",
    "lead_verb",
    "deadline",
    "children",
    "parties",
    "addresses_all_members",
}
CHILD_KEYS = {"number", "text", "kind", "lead_verb", "deadline"}
DEADLINE_KEYS = {"date", "precision", "text", "start"}


def test_to_dict_round_trips_through_json():
    data = parse_seed().to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_to_dict_keys_are_exactly_as_specified():
    data = parse_seed().to_dict()
    assert set(data) == TOP_KEYS
    assert set(data["meeting"]) == MEETING_KEYS
    assert all(set(participant) == PARTICIPANT_KEYS for participant in data["participants"])
    assert all(set(commitment) == COMMITMENT_KEYS for commitment in data["commitments"])
    assert all(set(decision) == DECISION_KEYS for decision in data["decisions"])
    children = [child for decision in data["decisions"] for child in decision["children"]]
    assert len(children) == 3
    assert all(set(child) == CHILD_KEYS for child in children)
    deadlines = [d["deadline"] for d in data["decisions"] if d["deadline"] is not None]
    assert len(deadlines) == 3
    assert all(set(deadline) == DEADLINE_KEYS for deadline in deadlines)


def test_to_dict_meeting_values():
    meeting = parse_seed().to_dict()["meeting"]
    assert meeting == {
        "ordinal": 9,
        "city": "Panama City",
        "country": "Panama",
        "start_date": "2004-05-20",
        "end_date": "2004-05-21",
        "kind": "vice_ministerial",
        "ordinal_label": "IX",
        "country_code": "PA",
        "title": "Regional Conference on Migration (Puebla Process) IX Meeting",
    }


def test_to_dict_numbers_are_strings_and_dates_iso():
    data = parse_seed().to_dict()
    assert [d["number"] for d in data["decisions"]][:3] == ["1", "2", "3"]
    assert [c["number"] for c in data["decisions"][14]["children"]] == ["a", "b", "c"]
    assert data["decisions"][11]["deadline"] == {
        "date": "2005-12-31",
        "precision": "day",
        "text": "January 1 through December 31, 2005",
        "start": "2005-01-01",
    }
    assert data["decisions"][5]["deadline"]["start"] is None
    assert data["decisions"][0]["deadline"] is None


def test_to_dict_next_meeting_deadline_has_null_date():
    data = parse_file("es_considerando.txt").to_dict()
    assert data["decisions"][2]["deadline"] == {
        "date": None,
        "precision": "next_meeting",
        "text": "antes de la próxima reunión",
        "start": None,
    }


def test_to_dict_parties_and_all_members():
    decision = parse_seed().to_dict()["decisions"][7]
    assert decision["number"] == "8"
    assert decision["parties"] == []
    assert decision["addresses_all_members"] is True


def test_to_dict_missing_meeting_values_are_null():
    meeting = parse_file("en_lone_numbers.txt").to_dict()["meeting"]
    assert meeting["ordinal"] is None
    assert meeting["start_date"] is None and meeting["end_date"] is None
    assert meeting["country_code"] is None
    assert json.dumps(meeting)


def test_warnings_are_grouped_by_the_field_they_concern():
    data = parse_seed().to_dict()
    assert data["warnings_by_field"]["decision 8"] == ["decision 8: joined across a page break"]
    assert sum(len(group) for group in data["warnings_by_field"].values()) == len(data["warnings"])
