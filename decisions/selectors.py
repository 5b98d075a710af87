"""Reads of the decision record, shared by pages, the admin, the API and commands."""

import datetime
import re

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When

from decisions.models import Action, Decision, Meeting, ProgressUpdate
from decisions.status import OPEN_ACTION_STATUSES, SETTLED_DECISION_STATUSES

_REFERENCE = re.compile(r"^(?P<section>[CD])(?P<number>[0-9A-Za-z]+)(?:\.(?P<child>[0-9A-Za-z]+))?$")


def decision_by_reference(*, meeting: Meeting, reference: str) -> Decision:
    """The decision a citation names: "D15", "D15.a", "C3". Raises Decision.DoesNotExist otherwise."""
    match = _REFERENCE.match(reference)
    if not match:
        raise Decision.DoesNotExist(reference)
    section = Decision.Section.COMMITMENT if match["section"] == "C" else Decision.Section.DECISION
    parent = Decision.objects.get(meeting=meeting, section=section, number=match["number"], parent__isnull=True)
    if match["child"] is None:
        return parent
    return Decision.objects.get(parent=parent, number=match["child"])


def meeting_decisions(meeting: Meeting) -> QuerySet[Decision]:
    """A meeting's items in reading order, with what lists show beside each."""
    return (
        Decision.objects.filter(meeting=meeting)
        .select_related("meeting", "parent")
        .prefetch_related("themes")
        .order_by("position")
    )


def with_overdue_flag(decisions: QuerySet[Decision], today: datetime.date) -> QuerySet[Decision]:
    """Annotate `is_overdue`: an open action (its own or a sub-item's) is past due, or — for a decision with
    no actions — its own deadline has passed while it is not settled."""
    late = Action.objects.filter(due_date__lt=today, status__in=OPEN_ACTION_STATUSES)
    own_deadline_missed = Q(due_date__lt=today) & ~Q(status__in=SETTLED_DECISION_STATUSES)
    # Two EXISTS rather than one with an OR across a join: each uses an index, ten times faster on a page.
    return decisions.annotate(
        is_overdue=Case(
            When(Exists(late.filter(decision=OuterRef("pk"))), then=Value(True)),
            When(Exists(late.filter(decision__parent=OuterRef("pk"))), then=Value(True)),
            When(own_deadline_missed & ~Exists(Action.objects.filter(decision=OuterRef("pk"))), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def overdue_decisions(decisions: QuerySet[Decision], today: datetime.date) -> QuerySet[Decision]:
    return with_overdue_flag(decisions, today).filter(is_overdue=True)


def review_queue() -> QuerySet[ProgressUpdate]:
    """Reports waiting for the Secretariat, oldest first."""
    return (
        ProgressUpdate.objects.filter(review_state=ProgressUpdate.Review.SUBMITTED)
        .select_related("action__responsible", "action__decision__meeting", "action__decision__parent", "author")
        .prefetch_related("evidence")
        .order_by("created_at", "pk")
    )
