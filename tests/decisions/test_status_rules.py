"""The status vocabulary's rules, as pure functions."""

import datetime

import pytest

from decisions.rules.status import (
    ACTION_TRANSITIONS,
    ActionStatus,
    DecisionKind,
    DecisionStatus,
    action_is_overdue,
    derive_decision_status,
    transition_is_allowed,
)

A = ActionStatus
D = DecisionStatus


@pytest.mark.parametrize(
    ("kind", "actions", "expected"),
    [
        (DecisionKind.ACKNOWLEDGEMENT, [], D.NOTED),
        (DecisionKind.ACKNOWLEDGEMENT, [A.IN_PROGRESS], D.NOTED),
        (DecisionKind.ADOPTION, [], D.IMPLEMENTED),
        (DecisionKind.ADOPTION, [A.NOT_STARTED], D.NOT_STARTED),
        (DecisionKind.MANDATE, [], D.NOT_STARTED),
        (DecisionKind.MANDATE, [A.NOT_STARTED, A.NOT_STARTED], D.NOT_STARTED),
        (DecisionKind.MANDATE, [A.NOT_STARTED, A.IN_PROGRESS], D.IN_PROGRESS),
        (DecisionKind.MANDATE, [A.NOT_STARTED, A.COMPLETED], D.IN_PROGRESS),
        (DecisionKind.MANDATE, [A.COMPLETED, A.COMPLETED], D.IMPLEMENTED),
        (DecisionKind.MANDATE, [A.COMPLETED, A.CANCELLED], D.IMPLEMENTED),
        (DecisionKind.MANDATE, [A.COMPLETED, A.ONGOING], D.ONGOING),
        (DecisionKind.MANDATE, [A.ONGOING], D.ONGOING),
        (DecisionKind.MANDATE, [A.CANCELLED, A.CANCELLED], D.CANCELLED),
        (DecisionKind.MANDATE, [A.NOT_STARTED, A.CANCELLED], D.NOT_STARTED),
    ],
)
def test_decision_status_follows_kind_and_actions(kind, actions, expected):
    assert derive_decision_status(kind=kind, action_statuses=actions) == expected


@pytest.mark.parametrize("kind", list(DecisionKind))
def test_superseded_wins_over_everything(kind):
    assert derive_decision_status(kind=kind, action_statuses=[A.COMPLETED], superseded=True) == D.SUPERSEDED


def test_every_action_status_has_a_transition_entry_and_none_to_itself():
    assert set(ACTION_TRANSITIONS) == set(A)
    for status, targets in ACTION_TRANSITIONS.items():
        assert status not in targets


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        (A.NOT_STARTED, A.IN_PROGRESS, True),
        (A.IN_PROGRESS, A.COMPLETED, True),
        (A.COMPLETED, A.IN_PROGRESS, True),
        (A.COMPLETED, A.NOT_STARTED, False),
        (A.IN_PROGRESS, A.NOT_STARTED, False),
        (A.CANCELLED, A.COMPLETED, False),
        (A.CANCELLED, A.NOT_STARTED, True),
    ],
)
def test_transitions(current, new, allowed):
    assert transition_is_allowed(current=current, new=new) is allowed


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        (A.NOT_STARTED, datetime.date(2004, 12, 31), True),
        (A.IN_PROGRESS, datetime.date(2004, 12, 31), True),
        (A.COMPLETED, datetime.date(2004, 12, 31), False),
        (A.ONGOING, datetime.date(2004, 12, 31), False),
        (A.NOT_STARTED, datetime.date(2005, 1, 2), False),
        (A.NOT_STARTED, None, False),
    ],
)
def test_overdue_is_a_flag_on_open_actions_past_due(status, due, overdue):
    assert action_is_overdue(status=status, due_date=due, today=datetime.date(2005, 1, 1)) is overdue
