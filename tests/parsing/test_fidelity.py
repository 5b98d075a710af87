"""The fidelity benchmark as a test: no field may score below the floor recorded in corpus/floors.json."""

from __future__ import annotations

import json

import pytest

from .fidelity import FIELDS, FLOORS, corpus_names, load_case, score_corpus


@pytest.fixture(scope="module")
def report():
    return score_corpus()


def test_the_corpus_is_large_enough_and_every_text_has_its_expectation():
    names = corpus_names()
    assert len(names) >= 25
    for name in names:
        _, expected = load_case(name)
        assert "error" in expected or {"meeting", "participants", "decisions"} <= set(expected)


def test_the_corpus_covers_both_languages():
    names = corpus_names()
    assert sum(name.startswith("en_") for name in names) >= 10
    assert sum(name.startswith("es_") for name in names) >= 10


@pytest.mark.parametrize("field_name", FIELDS)
def test_no_field_drops_below_its_floor(report, field_name):
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    tally = report.tallies[field_name]
    assert tally.precision >= floors[field_name]["precision"], report.wrong
    assert tally.recall >= floors[field_name]["recall"], report.wrong


def test_no_fewer_texts_are_right_to_the_field(report):
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert report.texts_right >= floors["texts_right"], report.wrong
