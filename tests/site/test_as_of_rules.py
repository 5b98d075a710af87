"""Status as of a date: an action's status on a day, read from the log of validated changes by the database,
and the pure rules that follow from it."""

import datetime

import pytest

from decisions.models import Action, ProgressUpdate
from decisions.selectors.pages.as_of import DecisionFacts, decision_is_overdue_on, decision_status_on
from decisions.selectors.pages.board import action_status_on
from decisions.selectors.pages.dates import as_of_parse, months_subtract
from tests.factories import ActionFactory

D = datetime.date
NOON = datetime.datetime(2004, 11, 20, 12, tzinfo=datetime.UTC)


def _change(action, day, status, *, review="validated", recorded=None):
    update = ProgressUpdate.objects.create(
        action=action, date=day, status=status, status_before="not_started", review_state=review
    )
    if recorded:
        ProgressUpdate.objects.filter(pk=update.pk).update(created_at=recorded)


@pytest.fixture
def log(db):
    """Action 1 starts, then is completed; action 2 gets two changes the same day, the later-recorded one with
    the smaller id; action 3 has none. A note and a report awaiting review change nothing."""
    first, second, untouched = ActionFactory(), ActionFactory(), ActionFactory()
    _change(first, D(2004, 9, 1), "in_progress")
    _change(first, D(2004, 11, 20), "completed")
    _change(first, D(2004, 12, 1), "")
    _change(first, D(2004, 10, 1), "cancelled", review="submitted")
    _change(second, D(2004, 11, 20), "cancelled", recorded=NOON + datetime.timedelta(hours=1))
    _change(second, D(2004, 11, 20), "in_progress", recorded=NOON)
    return first.pk, second.pk, untouched.pk


def statuses_on(day) -> dict[int, str]:
    return dict(Action.objects.annotate(on=action_status_on(day=day)).values_list("pk", "on"))


def test_the_last_validated_change_on_or_before_the_day_counts(log):
    first, second, untouched = log
    expected = {
        D(2004, 8, 31): ("not_started", "not_started"),
        D(2004, 9, 1): ("in_progress", "not_started"),
        D(2004, 11, 19): ("in_progress", "not_started"),
        D(2004, 11, 20): ("completed", "cancelled"),  # same day: the change recorded last wins, not the last id
        D(2010, 1, 1): ("completed", "cancelled"),
    }
    for day, (status_of_first, status_of_second) in expected.items():
        assert statuses_on(day) == {first: status_of_first, second: status_of_second, untouched: "not_started"}


def test_a_decision_follows_its_actions_on_the_day():
    facts = DecisionFacts(kind="mandate", action_ids=(1, 3))
    assert (
        decision_status_on(day=D(2004, 8, 1), facts=facts, action_statuses={1: "not_started", 3: "not_started"})
        == "not_started"
    )
    assert (
        decision_status_on(day=D(2004, 10, 1), facts=facts, action_statuses={1: "in_progress", 3: "not_started"})
        == "in_progress"
    )


def test_superseded_only_once_the_later_meeting_has_met():
    facts = DecisionFacts(kind="mandate", action_ids=(), superseded_since=D(2006, 5, 1))
    assert decision_status_on(day=D(2006, 4, 30), facts=facts, action_statuses={}) == "not_started"
    assert decision_status_on(day=D(2006, 5, 1), facts=facts, action_statuses={}) == "superseded"


def test_kinds_keep_their_lifecycle_on_any_day():
    assert (
        decision_status_on(
            day=D(2000, 1, 1), facts=DecisionFacts(kind="acknowledgement", action_ids=()), action_statuses={}
        )
        == "noted"
    )
    assert (
        decision_status_on(day=D(2000, 1, 1), facts=DecisionFacts(kind="adoption", action_ids=()), action_statuses={})
        == "implemented"
    )


def test_overdue_on_a_day():
    statuses, due = {1: "in_progress"}, {1: D(2004, 12, 31)}
    common = {"status": "in_progress", "due_date": None, "action_statuses": statuses, "action_due": due}
    assert not decision_is_overdue_on(day=D(2004, 12, 31), action_ids=[1], has_own_actions=True, **common)
    assert decision_is_overdue_on(day=D(2005, 1, 1), action_ids=[1], has_own_actions=True, **common)
    own_deadline = {**common, "due_date": D(2005, 12, 31), "status": "not_started"}
    assert decision_is_overdue_on(day=D(2006, 1, 1), action_ids=[], has_own_actions=False, **own_deadline)
    assert not decision_is_overdue_on(
        day=D(2006, 1, 1), action_ids=[], has_own_actions=False, **{**own_deadline, "status": "implemented"}
    )


def test_as_of_parsing_never_raises():
    today = D(2026, 1, 15)
    assert as_of_parse(raw=None, today=today) == as_of_parse(raw="", today=today)
    assert not as_of_parse(raw="", today=today).historical
    assert as_of_parse(raw="2005-05-01", today=today).day == D(2005, 5, 1)
    assert as_of_parse(raw="2005-05-01", today=today).historical
    for bad in ("2004-02-30", "yesterday", "2005-5-1", "20050501", "9999-12-31", "1900-01-01", "<script>"):
        as_of = as_of_parse(raw=bad, today=today)
        assert as_of.error and not as_of.historical and as_of.day == today, bad


def test_six_months_before_keeps_the_day_or_the_month_end():
    assert months_subtract(day=D(2026, 8, 31), months=6) == D(2026, 2, 28)
    assert months_subtract(day=D(2026, 3, 15), months=6) == D(2025, 9, 15)
