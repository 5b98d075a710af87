"""Reads for the reporting workflow: a party's actions, most urgent first, and the review queue."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from decisions.models import Action, ProgressUpdate
from decisions.models.actions import overdue_expression
from decisions.selectors.visibility import ReaderScope, action_list_visible, updates_filter_visible
from members.models import Party
from members.roles import AnyUser


def party_action_list(
    *, user: AnyUser, party: Party, today: datetime.date, status: str = "", overdue: bool = False
) -> QuerySet:
    """The actions a party is responsible for, as this user may see them: overdue first, then by deadline."""
    actions = (
        action_list_visible(reader=user)
        .filter(responsible=party)
        .select_related("decision__meeting", "decision__parent", "responsible")
        .annotate(
            is_overdue=overdue_expression(today),
            pending_reports=Count("updates", filter=Q(updates__review_state=ProgressUpdate.Review.SUBMITTED)),
            returned_report=Subquery(unanswered_returns().filter(action=OuterRef("pk")).values("pk")[:1]),
        )
        .order_by("-is_overdue", "due_date", "decision__meeting__start_date", "decision__position", "pk")
    )
    if status:
        actions = actions.filter(status=status)
    if overdue:
        actions = actions.filter(is_overdue=True)
    return actions


def unanswered_returns() -> QuerySet[ProgressUpdate]:
    """Reports the Secretariat returned that have not been corrected and sent again yet, newest first."""
    answered = ProgressUpdate.objects.filter(resubmission_of=OuterRef("pk"))
    return (
        ProgressUpdate.objects.filter(review_state=ProgressUpdate.Review.RETURNED)
        .exclude(Exists(answered))
        .order_by("-reviewed_at", "-pk")
    )


def report_list_own(*, action: Action, scope: ReaderScope) -> QuerySet[ProgressUpdate]:
    """Every report on one action the reader may see, newest first, with its review: what a focal point sees
    of their own (the Secretariat's notes for itself alone stay out)."""
    return (
        action.updates.filter(updates_filter_visible(reader=scope))
        .select_related("reviewed_by")
        .prefetch_related("evidence")
        .order_by("-created_at", "-pk")
    )
