"""Reads of the decision record, shared by pages, the admin, the API and commands."""

import datetime
import re

from django.db.models import QuerySet

from decisions.models import Decision, Meeting, ProgressUpdate

_REFERENCE = re.compile(r"^(?P<section>[CD])(?P<number>[0-9A-Za-z]+)(?:\.(?P<child>[0-9A-Za-z]+))?$")


def decision_get_by_reference(*, meeting: Meeting, reference: str) -> Decision:
    """The decision a citation names: "D15", "D15.a", "C3". Raises Decision.DoesNotExist otherwise."""
    match = _REFERENCE.match(reference)
    if not match:
        raise Decision.DoesNotExist(reference)
    section = Decision.Section.COMMITMENT if match["section"] == "C" else Decision.Section.DECISION
    parent = Decision.objects.get(meeting=meeting, section=section, number=match["number"], parent__isnull=True)
    if match["child"] is None:
        return parent
    return Decision.objects.get(parent=parent, number=match["child"])


def meeting_decision_list(*, meeting: Meeting) -> QuerySet[Decision]:
    """A meeting's items in reading order, with what lists show beside each."""
    return (
        Decision.objects.filter(meeting=meeting)
        .select_related("meeting", "parent")
        .prefetch_related("themes")
        .order_by("position")
    )


def decisions_flag_overdue(*, decisions: QuerySet[Decision], today: datetime.date) -> QuerySet[Decision]:
    """`DecisionQuerySet.with_overdue_flag` (where the rule is), under the name callers already use."""
    return decisions.with_overdue_flag(today)


def review_queue() -> QuerySet[ProgressUpdate]:
    """Reports waiting for the Secretariat, oldest first."""
    return (
        ProgressUpdate.objects.filter(review_state=ProgressUpdate.Review.SUBMITTED)
        .select_related("action__responsible", "action__decision__meeting", "action__decision__parent", "author")
        .prefetch_related("evidence")
        .order_by("created_at", "pk")
    )
