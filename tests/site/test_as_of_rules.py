"""Status as of a date, the pure rules: statuses rebuilt from a log of validated changes."""

import datetime

from decisions.reporting.as_of import (
    DecisionFacts,
    StatusChange,
    action_statuses_on,
    decision_is_overdue_on,
    decision_status_on,
)
from decisions.reporting.dates import months_before, parse_as_of

D = datetime.date
LOG = [
    StatusChange(1, D(2004, 9, 1), (1,), "in_progress"),
    StatusChange(1, D(2004, 11, 20), (2,), "completed"),
    StatusChange(2, D(2004, 11, 20), (4,), "cancelled"),
    StatusChange(2, D(2004, 11, 20), (3,), "in_progress"),  # recorded earlier the same day: the later one wins
]


def test_an_action_with_no_change_is_not_started():
    assert action_statuses_on(D(2010, 1, 1), [7], LOG) == {7: "not_started"}


def test_the_last_change_on_or_before_the_day_counts():
    assert action_statuses_on(D(2004, 8, 31), [1], LOG) == {1: "not_started"}
    assert action_statuses_on(D(2004, 9, 1), [1], LOG) == {1: "in_progress"}
    assert action_statuses_on(D(2004, 11, 19), [1], LOG) == {1: "in_progress"}
    assert action_statuses_on(D(2004, 11, 20), [1], LOG) == {1: "completed"}


def test_same_day_changes_follow_the_order_they_were_recorded():
    assert action_statuses_on(D(2004, 11, 20), [2], LOG) == {2: "cancelled"}
    assert action_statuses_on(D(2004, 11, 20), [2], list(reversed(LOG))) == {2: "cancelled"}


def test_notes_and_other_actions_are_ignored():
    log = [*LOG, StatusChange(1, D(2004, 12, 1), (9,), ""), StatusChange(99, D(2004, 1, 1), (1,), "completed")]
    assert action_statuses_on(D(2005, 1, 1), [1], log) == {1: "completed"}


def test_a_decision_follows_its_actions_on_the_day():
    facts = DecisionFacts(kind="mandate", action_ids=(1, 3))
    assert decision_status_on(D(2004, 8, 1), facts, action_statuses_on(D(2004, 8, 1), [1, 3], LOG)) == "not_started"
    assert decision_status_on(D(2004, 10, 1), facts, action_statuses_on(D(2004, 10, 1), [1, 3], LOG)) == "in_progress"


def test_superseded_only_once_the_later_meeting_has_met():
    facts = DecisionFacts(kind="mandate", action_ids=(), superseded_since=D(2006, 5, 1))
    assert decision_status_on(D(2006, 4, 30), facts, {}) == "not_started"
    assert decision_status_on(D(2006, 5, 1), facts, {}) == "superseded"


def test_kinds_keep_their_lifecycle_on_any_day():
    assert decision_status_on(D(2000, 1, 1), DecisionFacts(kind="acknowledgement", action_ids=()), {}) == "noted"
    assert decision_status_on(D(2000, 1, 1), DecisionFacts(kind="adoption", action_ids=()), {}) == "implemented"


def test_overdue_on_a_day():
    statuses, due = {1: "in_progress"}, {1: D(2004, 12, 31)}
    common = {"status": "in_progress", "due_date": None, "action_statuses": statuses, "action_due": due}
    assert not decision_is_overdue_on(D(2004, 12, 31), action_ids=[1], has_own_actions=True, **common)
    assert decision_is_overdue_on(D(2005, 1, 1), action_ids=[1], has_own_actions=True, **common)
    own_deadline = {**common, "due_date": D(2005, 12, 31), "status": "not_started"}
    assert decision_is_overdue_on(D(2006, 1, 1), action_ids=[], has_own_actions=False, **own_deadline)
    assert not decision_is_overdue_on(
        D(2006, 1, 1), action_ids=[], has_own_actions=False, **{**own_deadline, "status": "implemented"}
    )


def test_as_of_parsing_never_raises():
    today = D(2026, 1, 15)
    assert parse_as_of(None, today) == parse_as_of("", today)
    assert not parse_as_of("", today).historical
    assert parse_as_of("2005-05-01", today).day == D(2005, 5, 1)
    assert parse_as_of("2005-05-01", today).historical
    for bad in ("2004-02-30", "yesterday", "2005-5-1", "20050501", "9999-12-31", "1900-01-01", "<script>"):
        as_of = parse_as_of(bad, today)
        assert as_of.error and not as_of.historical and as_of.day == today, bad


def test_six_months_before_keeps_the_day_or_the_month_end():
    assert months_before(D(2026, 8, 31), 6) == D(2026, 2, 28)
    assert months_before(D(2026, 3, 15), 6) == D(2025, 9, 15)
