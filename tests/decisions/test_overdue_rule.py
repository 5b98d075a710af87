""" "Overdue" is one rule: the query (`Action.objects.overdue_on`, `DecisionQuerySet.with_overdue_flag`) and the
same rule applied to values already read (`Action.is_overdue_on`, `status.decision_is_overdue`, which the status
board uses) agree on every status, every precision of deadline, and deadlines before, on and after the day. A
decision's flag is read from the earliest deadline it still owes, which the database keeps
(`Decision.owed_due_date`): judged against any day, that deadline says what the rule says of the parts."""

import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decisions.models import Action, Decision
from decisions.rules.due import DuePrecision
from decisions.rules.status import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    DecisionStatus,
    decision_is_overdue,
    decision_owed_due_date,
    owed_is_overdue,
)
from decisions.selectors.pages.board import board_build
from tests.factories import ActionFactory, DecisionFactory, MeetingFactory

# The last day of a month, a quarter and a half-year: every precision has deadlines before, on and after it.
DAY = datetime.date(2005, 6, 30)
DEADLINES = {
    DuePrecision.NONE: [None],
    DuePrecision.DAY: [DAY - datetime.timedelta(days=1), DAY, DAY + datetime.timedelta(days=1)],
    DuePrecision.MONTH: [datetime.date(2005, 5, 31), DAY, datetime.date(2005, 7, 31)],
    DuePrecision.QUARTER: [datetime.date(2005, 3, 31), DAY, datetime.date(2005, 9, 30)],
    DuePrecision.SEMESTER: [datetime.date(2004, 12, 31), DAY, datetime.date(2005, 12, 31)],
    DuePrecision.YEAR: [datetime.date(2004, 12, 31), datetime.date(2005, 12, 31)],
    DuePrecision.NEXT_MEETING: [None, datetime.date(2005, 5, 20), DAY, datetime.date(2005, 11, 3)],
}
CASES = [(precision, due) for precision, dates in DEADLINES.items() for due in dates]


dates = st.dates(datetime.date(2004, 1, 1), datetime.date(2006, 12, 31))


@given(
    status=st.sampled_from(DecisionStatus.values),
    due_date=st.none() | dates,
    own=st.lists(st.tuples(st.sampled_from(ActionStatus.values), st.none() | dates), max_size=3),
    sub_items=st.lists(st.tuples(st.sampled_from(ActionStatus.values), st.none() | dates), max_size=3),
    today=dates,
)
def test_the_earliest_deadline_owed_says_what_the_rule_says(status, due_date, own, sub_items, today):
    open_dues = [due for action_status, due in [*own, *sub_items] if action_status in OPEN_ACTION_STATUSES]
    owed = decision_owed_due_date(
        status=status, due_date=due_date, has_own_actions=bool(own), open_action_due_dates=open_dues
    )
    late = any(due is not None and due < today for due in open_dues)
    expected = decision_is_overdue(
        status=status, due_date=due_date, today=today, has_own_actions=bool(own), action_overdue=late
    )
    assert owed_is_overdue(owed_due_date=owed, today=today) == expected


@pytest.fixture
def actions():
    decision = DecisionFactory(meeting=MeetingFactory())
    for status, (precision, due) in itertools.product(ActionStatus.values, CASES):
        ActionFactory(decision=decision, status=status, due_precision=precision, due_date=due)
    return list(Action.objects.all())


@pytest.mark.django_db
def test_the_query_and_the_method_agree_on_every_action(actions):
    for day in (DAY - datetime.timedelta(days=1), DAY, DAY + datetime.timedelta(days=1)):
        expected = {a.pk for a in actions if a.is_overdue_on(day)}
        assert set(Action.objects.overdue_on(day).values_list("pk", flat=True)) == expected
        on_time = set(Action.objects.not_overdue_on(day).values_list("pk", flat=True))
        assert on_time == {a.pk for a in actions} - expected
        flags = dict(Action.objects.with_overdue_flag(day).values_list("pk", "is_overdue"))
        assert flags == {a.pk: a.pk in expected for a in actions}
    # The cases reach both answers, and every open status is late once its deadline has passed.
    late = {(a.status, a.due_precision) for a in actions if a.is_overdue_on(DAY)}
    assert late == {(s, p) for s in ("not_started", "in_progress") for p in DEADLINES if p != DuePrecision.NONE}


@pytest.mark.django_db
def test_the_query_and_the_board_agree_on_every_decision():
    """Decisions without actions (every status, deadline passed or not), with their own actions, and with only
    their sub-items' actions (whose own deadline then still counts)."""
    meeting = MeetingFactory()
    for status, (precision, due) in itertools.product(DecisionStatus.values, CASES):
        DecisionFactory(meeting=meeting, status=status, due_precision=precision, due_date=due)
    missed = {"status": "in_progress", "due_precision": "day", "due_date": DAY - datetime.timedelta(days=1)}
    for action_status, (precision, due) in itertools.product(ActionStatus.values, CASES):
        with_own = DecisionFactory(meeting=meeting, **missed)
        ActionFactory(decision=with_own, status=action_status, due_precision=precision, due_date=due)
        parent = DecisionFactory(meeting=meeting, **missed)
        child = DecisionFactory(meeting=meeting, parent=parent, status="in_progress")
        ActionFactory(decision=child, status=action_status, due_precision=precision, due_date=due)
    decisions = list(Decision.objects.all())
    for day in (DAY, DAY + datetime.timedelta(days=1)):
        board = board_build(decisions=decisions, day=day, historical=False)
        expected = {d.pk for d in decisions if board.decision(d.pk).is_overdue}
        flags = dict(Decision.objects.with_overdue_flag(day).values_list("pk", "is_overdue"))
        assert flags == {d.pk: d.pk in expected for d in decisions}
        assert set(Decision.objects.overdue_on(day).values_list("pk", flat=True)) == expected
    assert 0 < len(expected) < len(decisions)
