"""The status board: each decision's and action's status and overdue flag on one day — today's from the
stored statuses, or a past day's rebuilt from the progress log (`action_status_on`, then `as_of`). A fixed
number of queries whatever the number of decisions.

A decision's status is derived from all of its actions, as the stored status is, so that "as of today"
always equals the status every page shows; pages list only the actions the reader may see.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from decisions.models import Action, Decision, DecisionLink, ProgressUpdate
from decisions.rules.status import ActionStatus, action_is_overdue
from decisions.selectors.pages.as_of import DecisionFacts, decision_is_overdue_on, decision_status_on


def action_status_on(*, day: datetime.date) -> Coalesce:
    """An action's status on `day`, as a column: the status set by its last validated, status-changing update
    dated on or before `day` (ties on the same day broken by the order they were recorded), or "not started"
    when there is none. Every validated update counts, whoever may read its note: the status is public."""
    changes = ProgressUpdate.objects.filter(
        action=OuterRef("pk"), review_state=ProgressUpdate.Review.VALIDATED, date__lte=day
    ).exclude(status="")
    last = changes.order_by("-date", "-created_at", "-pk").values("status")[:1]
    return Coalesce(Subquery(last), Value(ActionStatus.NOT_STARTED.value), output_field=CharField())


def action_status_column(*, day: datetime.date, historical: bool) -> Coalesce | F:
    """The status an action had on the day shown: the stored one today, else `action_status_on`."""
    return action_status_on(day=day) if historical else F("status")


@dataclass(frozen=True)
class ItemState:
    status: str
    is_overdue: bool


@dataclass
class StatusBoard:
    day: datetime.date
    historical: bool
    decisions: dict[int, ItemState] = field(default_factory=dict)
    actions: dict[int, ItemState] = field(default_factory=dict)
    # Every action (visible or not) of each decision, its sub-items' included: what the status derives from.
    actions_of: dict[int, list[int]] = field(default_factory=dict)

    def decision(self, pk: int) -> ItemState:
        return self.decisions[pk]

    def action(self, pk: int) -> ItemState:
        return self.actions[pk]

    def dress(self, items: Iterable) -> list:
        """Set `shown_status` and `shown_overdue` on decisions or actions, for templates and exports."""
        items = list(items)
        for item in items:
            table = self.actions if isinstance(item, Action) else self.decisions
            state = table.get(item.pk)
            item.shown_status = state.status if state else item.status
            item.shown_overdue = state.is_overdue if state else False
        return items


def board_build(*, decisions: Iterable[Decision], day: datetime.date, historical: bool) -> StatusBoard:
    """The board for these decisions (model instances or anything with pk, parent_id, kind, status, due_date).
    Two queries when historical, one otherwise."""
    decisions = list(decisions)
    ids = [d.pk for d in decisions]
    board = StatusBoard(day=day, historical=historical)
    rows = list(
        Action.objects.filter(decision__in=Decision.objects.with_subitems(ids).values("pk"))
        .annotate(day_status=action_status_column(day=day, historical=historical))
        .order_by()
        .values_list("pk", "decision_id", "decision__parent_id", "day_status", "due_date")
    )
    own: dict[int, list[int]] = defaultdict(list)
    due = {}
    for pk, decision_id, parent_id, _status, due_date in rows:
        own[decision_id].append(pk)
        if parent_id:
            board.actions_of.setdefault(parent_id, []).append(pk)
        due[pk] = due_date
    for d in decisions:
        board.actions_of[d.pk] = own.get(d.pk, []) + board.actions_of.get(d.pk, [])
    action_status = {pk: status for pk, _d, _p, status, _due in rows}
    superseded = _superseded_since(ids) if historical else {}
    for pk, status in action_status.items():
        board.actions[pk] = ItemState(status, action_is_overdue(status=status, due_date=due[pk], today=day))
    for d in decisions:
        action_ids = board.actions_of[d.pk]
        if historical:
            facts = DecisionFacts(kind=d.kind, action_ids=tuple(action_ids), superseded_since=superseded.get(d.pk))
            status = decision_status_on(day=day, facts=facts, action_statuses=action_status)
        else:
            status = d.status
        overdue = decision_is_overdue_on(
            day=day,
            status=status,
            due_date=d.due_date,
            action_ids=action_ids,
            has_own_actions=bool(own.get(d.pk)),
            action_statuses=action_status,
            action_due=due,
        )
        board.decisions[d.pk] = ItemState(status, overdue)
    return board


def _superseded_since(decision_ids: list[int]) -> dict[int, datetime.date]:
    """When each superseded decision stopped being current: the start of the earliest superseding meeting
    (a meeting with no date counts from the beginning, as the stored status does)."""
    since: dict[int, datetime.date] = {}
    links = DecisionLink.objects.filter(target__in=decision_ids, relation=DecisionLink.Relation.SUPERSEDES)
    for target_id, start in links.order_by().values_list("target_id", "source__meeting__start_date"):
        start = start or datetime.date.min
        since[target_id] = min(since.get(target_id, start), start)
    return since
