"""The filtered lists of decisions and actions that pages, exports and feeds share: the same filters, the same
rows, the same order, so a CSV holds exactly what the screen showed."""

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from decisions.models import Action, Decision, ProgressUpdate
from decisions.reporting.dates import months_before
from decisions.search import search_actions, search_decisions
from decisions.status import ActionStatus
from decisions.visibility import actions_for, decisions_for, readable_updates

STALE_MONTHS = 6
# Actions that still owe work or news: a standing ("ongoing") commitment with no report in months is stale too.
STALE_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.ONGOING)


def decision_list(user, filters: dict, today: datetime.date) -> QuerySet[Decision]:
    """Visible decisions (sub-items included) matching the filters, in reading order, overdue flag annotated."""
    decisions = decisions_for(user).select_related("meeting", "parent")
    if filters.get("meeting"):
        decisions = decisions.filter(meeting=filters["meeting"])
    if filters.get("theme"):
        decisions = decisions.filter(Q(themes=filters["theme"]) | Q(parent__themes=filters["theme"])).distinct()
    if filters.get("status"):
        decisions = decisions.filter(status__in=filters["status"])
    if filters.get("kind"):
        decisions = decisions.filter(kind__in=filters["kind"])
    if filters.get("section"):
        decisions = decisions.filter(section=filters["section"])
    if filters.get("party"):
        decisions = decisions.filter(party_roles__party=filters["party"]).distinct()
    decisions = decisions.with_overdue_flag(today)
    if filters.get("overdue"):
        decisions = decisions.filter(is_overdue=True)
    if filters.get("q"):
        decisions = search_decisions(decisions, filters["q"])
    return decisions.order_by("-meeting__start_date", "meeting_id", "position")


def action_list(user, filters: dict, today: datetime.date) -> QuerySet[Action]:
    """Visible actions matching the filters, soonest deadline first (none last)."""
    actions = actions_for(user).select_related("decision__meeting", "decision__parent", "responsible")
    if filters.get("meeting"):
        actions = actions.filter(decision__meeting=filters["meeting"])
    if filters.get("decision"):
        decision = filters["decision"]
        actions = actions.filter(Q(decision=decision) | Q(decision__parent=decision))
    if filters.get("theme"):
        theme = filters["theme"]
        actions = actions.filter(Q(decision__themes=theme) | Q(decision__parent__themes=theme)).distinct()
    if filters.get("party"):
        actions = actions.filter(responsible=filters["party"])
    if filters.get("status"):
        actions = actions.filter(status__in=filters["status"])
    if filters.get("overdue"):
        actions = actions.overdue_on(today)
    if filters.get("stale"):
        actions = stale_actions(user, actions, today)
    if filters.get("due_from"):
        actions = actions.filter(due_date__gte=filters["due_from"])
    if filters.get("due_to"):
        actions = actions.filter(due_date__lte=filters["due_to"])
    if filters.get("q"):
        actions = search_actions(actions, filters["q"])
    # "None last" said explicitly: SQLite sorts nulls first, PostgreSQL last (where the index on the due date
    # then gives a page without sorting every action).
    return actions.order_by(
        F("due_date").asc(nulls_last=True),
        "-decision__meeting__start_date",
        "decision__meeting_id",
        "decision__position",
        "responsible__name",
    )


def stale_actions(user, actions: QuerySet[Action], today: datetime.date) -> QuerySet[Action]:
    """Open actions with no published update in six months (and, with none ever, a meeting that old).
    `actions` are ones the reader may see (from `actions_for`), so only their updates' own visibility is checked."""
    return actions.filter(is_stale(user, today))


def is_stale(user, today: datetime.date, *, status: str = "status") -> Q:
    """`stale_actions` as a condition on an action, for a query that needs it as a column too. `status` names the
    field or annotation holding the status to judge (on a past day, the one it had then)."""
    before = months_before(today, STALE_MONTHS)
    recent = ProgressUpdate.objects.filter(
        readable_updates(user),
        action=OuterRef("pk"),
        review_state=ProgressUpdate.Review.VALIDATED,
        date__gte=before,
        date__lte=today,
    )
    return Q(**{f"{status}__in": STALE_STATUSES}, decision__meeting__start_date__lt=before) & ~Q(Exists(recent))
