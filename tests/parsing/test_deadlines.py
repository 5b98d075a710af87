"""Deadlines: the period a decision names, its last day and its precision; history is not a deadline."""

from __future__ import annotations

import datetime

import pytest

from decisions.parsing.deadlines import find_deadline, find_deadlines

MEETING = datetime.date(2004, 5, 20)
D = datetime.date


@pytest.mark.parametrize(
    ("text", "date", "precision", "words", "start"),
    [
        (
            "hold it in Mexico during the fourth quarter of 2004.",
            D(2004, 12, 31),
            "quarter",
            "during the fourth quarter of 2004",
            None,
        ),
        (
            "report in the first quarter of 2005.",
            D(2005, 3, 31),
            "quarter",
            "in the first quarter of 2005",
            None,
        ),
        ("a workshop in Q3 2005.", D(2005, 9, 30), "quarter", "in Q3 2005", None),
        ("a workshop in Mexico in 2005 to inform it.", D(2005, 12, 31), "year", "in 2005", None),
        ("by the end of 2006.", D(2006, 12, 31), "year", "by the end of 2006", None),
        (
            "for the period January 1 through December 31, 2005, in accordance",
            D(2005, 12, 31),
            "day",
            "January 1 through December 31, 2005",
            D(2005, 1, 1),
        ),
        (
            "from July 1 to September 30, 2005.",
            D(2005, 9, 30),
            "day",
            "from July 1 to September 30, 2005",
            D(2005, 7, 1),
        ),
        ("submit it by June 30, 2005.", D(2005, 6, 30), "day", "by June 30, 2005", None),
        (
            "submit it no later than 15 March 2005.",
            D(2005, 3, 15),
            "day",
            "no later than 15 March 2005",
            None,
        ),
        ("circulate it by May 2005.", D(2005, 5, 31), "month", "by May 2005", None),
        ("circulate it in May 2005.", D(2005, 5, 31), "month", "in May 2005", None),
        ("circulate it in February 2008.", D(2008, 2, 29), "month", "in February 2008", None),
        ("report before the next meeting.", None, "next_meeting", "before the next meeting", None),
        (
            "report at the next Vice-Ministerial Meeting.",
            None,
            "next_meeting",
            "at the next Vice-Ministerial Meeting",
            None,
        ),
        (
            "realizarlo durante el cuarto trimestre de 2004.",
            D(2004, 12, 31),
            "quarter",
            "durante el cuarto trimestre de 2004",
            None,
        ),
        ("un taller en México en 2005.", D(2005, 12, 31), "year", "en 2005", None),
        (
            "para el período del 1 de enero al 31 de diciembre de 2005.",
            D(2005, 12, 31),
            "day",
            "del 1 de enero al 31 de diciembre de 2005",
            D(2005, 1, 1),
        ),
        (
            "presentarlo a más tardar el 30 de junio de 2005.",
            D(2005, 6, 30),
            "day",
            "a más tardar el 30 de junio de 2005",
            None,
        ),
        ("circularlo en mayo de 2005.", D(2005, 5, 31), "month", "en mayo de 2005", None),
        (
            "circularlo a más tardar en mayo de 2005.",
            D(2005, 5, 31),
            "month",
            "a más tardar en mayo de 2005",
            None,
        ),
        ("informar antes de la próxima reunión.", None, "next_meeting", "antes de la próxima reunión", None),
        (
            "informar en la próxima Reunión Viceministerial.",
            None,
            "next_meeting",
            "en la próxima Reunión Viceministerial",
            None,
        ),
    ],
)
def test_deadline_table(text, date, precision, words, start):
    deadline = find_deadline(text, MEETING)
    assert deadline is not None
    assert (deadline.date, deadline.precision, deadline.text, deadline.start) == (
        date,
        precision,
        words,
        start,
    )


@pytest.mark.parametrize(
    "text",
    [
        "presented during the Workshop held in El Salvador on December 1, 2003.",
        "approved at the meeting on May 20, 2004.",
        "the progress made in 2003.",
        "the seminar held in March 2004.",
        "el taller realizado el 1 de diciembre de 2003.",
        "the 2 Protocols on Smuggling of Migrants.",
        "Endorse the report.",
    ],
)
def test_no_deadline_in_history_or_plain_text(text):
    assert find_deadline(text, MEETING) is None


def test_without_a_meeting_date_every_date_counts():
    deadline = find_deadline("held on December 1, 2003.", None)
    assert deadline is not None and deadline.date == D(2003, 12, 1)


def test_earliest_ending_deadline_wins():
    text = "report by December 31, 2005, and hold the seminar during the third quarter of 2005."
    deadline = find_deadline(text, MEETING)
    assert deadline is not None
    assert (deadline.date, deadline.precision) == (D(2005, 9, 30), "quarter")
    assert [d.text for d in find_deadlines(text, MEETING)] == [
        "by December 31, 2005",
        "during the third quarter of 2005",
    ]


def test_a_dated_deadline_within_the_year_beats_the_next_meeting():
    deadline = find_deadline("before the next meeting, and a draft by June 30, 2004.", MEETING)
    assert deadline is not None and deadline.precision == "day"


def test_the_next_meeting_beats_a_date_years_away():
    deadline = find_deadline("before the next meeting, and a final report in 2008.", MEETING)
    assert deadline is not None and deadline.precision == "next_meeting"


def test_the_next_ordinal_meeting_is_the_next_meeting():
    deadline = find_deadline("present the results at the X Meeting in Canada.", MEETING, meeting_ordinal=9)
    assert deadline is not None
    assert (deadline.precision, deadline.text) == ("next_meeting", "at the X Meeting")
    assert find_deadline("as agreed at the VII Meeting.", MEETING, meeting_ordinal=9) is None


def test_a_range_is_not_read_again_as_a_single_day():
    deadlines = find_deadlines("for the period January 1 through December 31, 2005.", MEETING)
    assert len(deadlines) == 1
