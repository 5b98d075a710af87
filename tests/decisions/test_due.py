import datetime

import pytest

from decisions.rules.due import DuePrecision, due_format, period_end_is_valid

P = DuePrecision
d = datetime.date


@pytest.mark.parametrize(
    ("date", "precision", "valid"),
    [
        (None, P.NONE, True),
        (d(2004, 12, 31), P.NONE, False),
        (d(2004, 12, 31), P.QUARTER, True),
        (d(2004, 9, 30), P.QUARTER, True),
        (d(2004, 11, 30), P.QUARTER, False),
        (d(2005, 12, 31), P.YEAR, True),
        (d(2005, 6, 30), P.YEAR, False),
        (d(2004, 2, 29), P.MONTH, True),
        (d(2005, 2, 28), P.MONTH, True),
        (d(2004, 2, 28), P.MONTH, False),
        (d(2005, 3, 17), P.DAY, True),
        (None, P.DAY, False),
        (None, P.NEXT_MEETING, True),
    ],
)
def test_period_end_rule(date, precision, valid):
    assert period_end_is_valid(date=date, precision=precision) is valid


def test_format_due_says_it_as_people_do():
    assert due_format(date=d(2004, 12, 31), precision=P.QUARTER) == "Q4 2004"
    assert due_format(date=d(2005, 12, 31), precision=P.YEAR) == "2005"
    assert due_format(date=d(2005, 3, 17), precision=P.DAY) == "2005-03-17"
    assert due_format(date=None, precision=P.NONE) == ""
    assert "next meeting" in due_format(date=None, precision=P.NEXT_MEETING)


@pytest.mark.parametrize(
    ("date", "valid"),
    [(datetime.date(2005, 6, 30), True), (datetime.date(2005, 12, 31), True), (datetime.date(2005, 9, 30), False)],
)
def test_a_half_year_ends_in_june_or_december(date, valid):
    assert period_end_is_valid(date=date, precision=DuePrecision.SEMESTER) is valid


def test_a_half_year_is_said_h1_or_h2():
    assert due_format(date=datetime.date(2005, 6, 30), precision=DuePrecision.SEMESTER) == "H1 2005"
    assert due_format(date=datetime.date(2005, 12, 31), precision=DuePrecision.SEMESTER) == "H2 2005"
