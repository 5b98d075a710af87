"""The status vocabulary and its rules, in one place.

Pure code: which action transitions are allowed, how a decision's status follows from its kind and its
actions, and what "overdue" means. Services call it to change data; selectors and pages call it to explain.
"""

import datetime
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionKind(models.TextChoices):
    # Named by what the lead verb does: thank/recognise, adopt/endorse/appoint, or ask for work to be done.
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    ADOPTION = "adoption", _("Adoption")
    MANDATE = "mandate", _("Mandate")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    ONGOING = "ongoing", _("Ongoing")
    CANCELLED = "cancelled", _("Cancelled")


class DecisionStatus(models.TextChoices):
    NOTED = "noted", _("Noted")
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    ONGOING = "ongoing", _("Ongoing")
    CANCELLED = "cancelled", _("Cancelled")
    SUPERSEDED = "superseded", _("Superseded")


# From each status, where an action may go next. Completed can be reopened and cancelled reinstated,
# because both happen in real follow-up; neither silently: each move records a progress update.
ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.NOT_STARTED: frozenset(
        {ActionStatus.IN_PROGRESS, ActionStatus.ONGOING, ActionStatus.COMPLETED, ActionStatus.CANCELLED}
    ),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.ONGOING, ActionStatus.COMPLETED, ActionStatus.CANCELLED}),
    ActionStatus.ONGOING: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.COMPLETED, ActionStatus.CANCELLED}),
    ActionStatus.COMPLETED: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.CANCELLED: frozenset({ActionStatus.NOT_STARTED}),
}

# Statuses in which an action still owes work, and so can be late.
OPEN_ACTION_STATUSES = frozenset({ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS})
# Decision statuses that count as "done" for the overdue flag.
SETTLED_DECISION_STATUSES = frozenset(
    {
        DecisionStatus.NOTED,
        DecisionStatus.IMPLEMENTED,
        DecisionStatus.ONGOING,
        DecisionStatus.CANCELLED,
        DecisionStatus.SUPERSEDED,
    }
)


def transition_is_allowed(*, current: str, new: str) -> bool:
    return new in ACTION_TRANSITIONS.get(current, frozenset())


def derive_decision_status(*, kind: str, action_statuses: Iterable[str], superseded: bool = False) -> str:
    """The status of a decision, from its kind and the statuses of its actions (sub-items' included).

    - superseded by a later decision wins over everything;
    - an acknowledgement is noted: there is nothing to do;
    - an adoption with no follow-up actions took effect when adopted: implemented;
    - otherwise the actions decide; cancelled actions are set aside unless all are cancelled.
    """
    if superseded:
        return DecisionStatus.SUPERSEDED
    if kind == DecisionKind.ACKNOWLEDGEMENT:
        return DecisionStatus.NOTED
    statuses = list(action_statuses)
    if not statuses:
        return DecisionStatus.IMPLEMENTED if kind == DecisionKind.ADOPTION else DecisionStatus.NOT_STARTED
    live = [s for s in statuses if s != ActionStatus.CANCELLED]
    if not live:
        return DecisionStatus.CANCELLED
    if all(s == ActionStatus.COMPLETED for s in live):
        return DecisionStatus.IMPLEMENTED
    if all(s in (ActionStatus.COMPLETED, ActionStatus.ONGOING) for s in live):
        return DecisionStatus.ONGOING
    if all(s == ActionStatus.NOT_STARTED for s in live):
        return DecisionStatus.NOT_STARTED
    return DecisionStatus.IN_PROGRESS


def action_is_overdue(*, status: str, due_date: datetime.date | None, today: datetime.date) -> bool:
    """Past its due date and still owing work. In SQL: `decisions.models.actions.overdue_condition`."""
    return due_date is not None and due_date < today and status in OPEN_ACTION_STATUSES


def decision_owed_due_date(
    *,
    status: str,
    due_date: datetime.date | None,
    has_own_actions: bool,
    open_action_due_dates: Iterable[datetime.date | None],
) -> datetime.date | None:
    """The earliest deadline an item still owes: those of its open actions and its sub-items' open actions
    (`open_action_due_dates`), and its own while it has no actions of its own and is not settled. What the
    database keeps as `Decision.owed_due_date` (models/owed_due_triggers.py) and the property test's oracle."""
    owed = [due for due in open_action_due_dates if due is not None]
    if not has_own_actions and due_date is not None and status not in SETTLED_DECISION_STATUSES:
        owed.append(due_date)
    return min(owed, default=None)


def owed_is_overdue(*, owed_due_date: datetime.date | None, today: datetime.date) -> bool:
    """An item is overdue once the earliest deadline it still owes has passed. In SQL:
    `decisions.models.items.overdue_owed_condition`; both read what `decision_is_overdue` decides from the parts."""
    return owed_due_date is not None and owed_due_date < today


def decision_is_overdue(
    *, status: str, due_date: datetime.date | None, today: datetime.date, has_own_actions: bool, action_overdue: bool
) -> bool:
    """One of its actions (its own or a sub-item's) is overdue (`action_overdue`), or — having no actions of its
    own — its own deadline has passed while it is not settled. In SQL: `DecisionQuerySet.with_overdue_flag`."""
    if action_overdue:
        return True
    return not has_own_actions and due_date is not None and due_date < today and status not in SETTLED_DECISION_STATUSES
