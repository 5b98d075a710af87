"""The filtered lists of decisions and actions that pages, exports and search share. The filtering is the
FilterSets of `decisions.filters`, the API's own, so a parameter means the same on a page, in its CSV or XLSX
and in the API; here are only what the site adds: every level of items as rows, and the order of the screen."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from decisions.filters import ActionFilter, DecisionFilter
from decisions.models import Action, Decision
from decisions.models.actions import ACTION_LIST_ORDER, overdue_expression
from decisions.selectors import decisions_flag_overdue
from decisions.selectors.visibility import action_list_visible, decision_list_visible
from members.roles import AnyUser


def decision_list(*, user: AnyUser, params: Mapping, today: datetime.date) -> QuerySet[Decision]:
    """Visible decisions matching `params` (DecisionFilter's parameters; the site lists sub-items as rows, as
    `level=all` does), in reading order, overdue flag annotated."""
    decisions = decisions_flag_overdue(
        decisions=decision_list_visible(reader=user).select_related("meeting", "parent"), today=today
    )
    data = {"level": "all", **params}
    decisions = _filtered(DecisionFilter(data, decisions, user=user, today=today))
    return decisions.order_by("-meeting__start_date", "meeting_id", "position")


def action_list(*, user: AnyUser, params: Mapping, today: datetime.date) -> QuerySet[Action]:
    """Visible actions matching `params` (ActionFilter's parameters), soonest deadline first (none last)."""
    actions = action_list_visible(reader=user).select_related("decision__meeting", "decision__parent", "responsible")
    actions = _filtered(ActionFilter(params, _with_overdue_flag(actions, today), user=user, today=today))
    # "None last" said explicitly (SQLite sorts nulls first, PostgreSQL last), as an expression the index
    # `action_list_order` holds: a page is read in order and only ties are sorted, not every action.
    return actions.order_by(*ACTION_LIST_ORDER)


def _with_overdue_flag(actions: QuerySet[Action], today: datetime.date) -> QuerySet[Action]:
    """`is_overdue`, which the `overdue` filter reads, by the actions' own rule (`overdue_expression`); an alias,
    so that it costs nothing unless the filter is used (pages show `Action.is_overdue_on`)."""
    return actions.alias(is_overdue=overdue_expression(today))


def _filtered(filterset) -> QuerySet:
    """The filtered rows. The site's forms hand over only values they validated, each one the filters also take:
    a value refused here is a defect of the form, not the reader's, so it is never silently dropped."""
    if not filterset.is_valid():
        raise ValueError(f"The list's filters refused what the form accepted: {dict(filterset.errors)}")
    return filterset.qs
