"""The dashboard's lists of actions — overdue, due soon, no news in six months — computed by the database: each
list's count and its first groups (two queries, each served by an index of the actions alone), then only those
groups' actions, so no list reads the whole history into Python. A list's condition is the one the actions list
uses (`overdue_condition`, `upcoming_condition`, `filters.conditions.stale_condition`), judged on the status each
action had on the day shown (the `day_status` column of `dashboard.DayView.actions`), so the dashboard's count
and its "see all" list always agree.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from decisions.filters.conditions import stale_condition, stale_count_query
from decisions.models import Action, ProgressUpdate
from decisions.models.actions import overdue_condition, overdue_expression, upcoming_condition
from decisions.models.update_facts import kept_dates_suffice, last_update_field
from decisions.selectors.expressions import CountAll, IdIn
from decisions.selectors.pages.dashboard_panels import (
    LIST_LENGTH,
    UPCOMING_DAYS,
    ActionList,
    actions_group,
)
from decisions.selectors.prepared import Slot, count_read, prepared, rows_read
from decisions.selectors.translated import text_shown
from decisions.selectors.visibility import scope_resolve, updates_filter_visible
from members.roles import AnyUser

# The decisions whose actions a prepared read of the groups' members is given each time.
DECISIONS = Slot("decisions")
# The column holding each action's status on the day shown.
DAY_STATUS = "day_status"
# How many of a list's first actions are read to find its first LIST_LENGTH groups: enough for groups of one
# action per member state and more.
SCAN_LENGTH = LIST_LENGTH * 30

BY_DUE_DATE = (F("due_date").asc(), F("pk").asc())
# Never updated first, then the longest silence.
BY_LAST_UPDATE = (F("last_update").asc(nulls_first=True), F("pk").asc())


@dataclass
class ListQuery:
    """One of the dashboard's lists of actions: which ones (a condition on a visible action), and its order —
    the soonest deadline first, or (`by_last_update`) the longest silence first."""

    condition: Q
    by_last_update: bool = False
    # How the list's actions are counted, given the reader's, where counting the condition costs more: a query of
    # one row, the count.
    counted: Callable[[QuerySet[Action]], QuerySet] | None = None

    @property
    def order(self) -> tuple:
        return BY_LAST_UPDATE if self.by_last_update else BY_DUE_DATE

    def sort_key(self, action: Action) -> tuple:
        """The same order in Python."""
        if self.by_last_update:
            return (action.last_update or datetime.date.min, action.pk)
        return (action.due_date or datetime.date.max, action.pk)


LISTS = ("overdue", "upcoming", "stale")


def action_lists_build(
    *,
    user: AnyUser,
    actions: QuerySet[Action],
    day: datetime.date,
    names: tuple[str, ...] = LISTS,
    shape: Hashable | None = None,
) -> dict[str, ActionList]:
    """The lists `names` among "overdue", "upcoming" and "stale" of `actions` (annotated with `day_status`):
    each its first LIST_LENGTH groups of (decision, title) — a group stands where its first action stands — and
    how many actions it holds. One query per list, and one for the actions of all the groups shown.

    With a `shape` (`DayView.shape`: what the lists' SQL depends on, today) each list's count and first rows run
    SQL compiled once per thread (selectors.prepared): after each note the dashboard computes its list of actions
    with no news again, and compiling its queries cost Django more than running them."""
    until = day + datetime.timedelta(days=UPCOMING_DAYS)
    every = {
        "overdue": lambda: ListQuery(overdue_condition(day, status=DAY_STATUS)),
        "upcoming": lambda: ListQuery(upcoming_condition(day, until, status=DAY_STATUS)),
        "stale": lambda: ListQuery(
            stale_condition(user=user, today=day, status=DAY_STATUS),
            by_last_update=True,
            counted=lambda visible: stale_count_query(user=user, actions=visible, today=day, status=DAY_STATUS),
        ),
    }
    lists = {name: every[name]() for name in names}
    actions = actions.annotate(shown_title=text_shown(field="title"))
    heads = {
        name: _group_heads(actions, query, user, day, kept=None if shape is None else (name, shape))
        for name, query in lists.items()
    }
    wanted = {name: (lists[name], keys) for name, (keys, _n) in heads.items()}
    members = _members(user, actions, day, wanted, shape)
    return {
        name: ActionList(items=actions_group(actions=members[name], key=_group_key), count=count)
        for name, (_keys, count) in heads.items()
    }


def _group_heads(
    actions: QuerySet[Action], query: ListQuery, user, day, *, kept: Hashable | None = None
) -> tuple[list[tuple], int]:
    """The (decision, title) of the list's first LIST_LENGTH groups, and how many actions the list holds (one
    query each; compiled once under `kept` when given).

    Its first SCAN_LENGTH actions in order name the first groups — a group stands where its first action
    stands — unless they hold fewer than LIST_LENGTH groups (groups of dozens of actions): then a window
    finds each group's first action."""
    listed = actions.filter(query.condition)
    ordered = listed.annotate(last_update=_last_update(user, day)) if query.by_last_update else listed
    # Counted on its own: the count reads the actions' index alone (their meeting's facts are kept on them),
    # where a window beside the rows carried every row's titles through the sort.
    counting = lambda: query.counted(actions) if query.counted else listed.order_by().values_list(CountAll())  # noqa: E731
    count = count_read(key=None if kept is None else ("dashboard-count", kept), build=counting)
    firsts = lambda: ordered.order_by(*query.order).values_list("decision_id", "shown_title")[:SCAN_LENGTH]  # noqa: E731
    rows = rows_read(key=None if kept is None else ("dashboard-firsts", kept, SCAN_LENGTH), build=firsts)
    keys = list(dict.fromkeys(rows))
    if len(keys) < LIST_LENGTH and len(rows) == SCAN_LENGTH:
        first = Window(RowNumber(), partition_by=[F("decision_id"), F("shown_title")], order_by=list(query.order))
        heads = ordered.annotate(place=first).filter(place=1).order_by(*query.order)
        keys = list(heads.values_list("decision_id", "shown_title")[:LIST_LENGTH])
    return keys[:LIST_LENGTH], count


def _members(
    user, actions, day, wanted: dict[str, tuple[ListQuery, list[tuple]]], shape: Hashable | None = None
) -> dict[str, list]:
    """Every action of the groups shown, then each in the lists whose groups it joins, in their order. Two
    queries: what each action of the groups' decisions is on the day (its title shown, its status, whether it is
    late, the date of its last note where a list shows it, whether it is in each list: conditions on the row, not
    subqueries over a whole list), which with a `shape` runs SQL compiled once (it is computed again after each
    note, and composing it cost Django more than running it); then the groups' own actions, as models.

    The first reads a decision's other actions too (by its index; rows, not models), so that its SQL depends on
    the decisions alone, not on the titles shown; the models are made of the groups' actions alone."""
    found: dict[str, list[Action]] = defaultdict(list)
    groups = {name: set(keys) for name, (_query, keys) in wanted.items() if keys}
    if not groups:
        return found
    names = tuple(sorted(groups))
    flags = {f"in_{name}": ExpressionWrapper(wanted[name][0].condition, output_field=BooleanField()) for name in names}
    # The date of the last note only where a list shows it: the lists of deadlines read no progress note at all.
    notes = {"last_update": _last_update(user, day)} if any(wanted[name][0].by_last_update for name in names) else {}
    columns = ("pk", "decision_id", "shown_title", "shown_status", "shown_overdue", *notes, *flags)
    shown = {key for keys in groups.values() for key in keys}
    decision_ids = sorted({decision_id for decision_id, _title in shown})

    def facts(ids):
        return lambda: (
            actions.filter(IdIn("decision_id", ids))
            .annotate(
                **notes, shown_status=F(DAY_STATUS), shown_overdue=overdue_expression(day, status=DAY_STATUS), **flags
            )
            .order_by()
            .values_list(*columns)
        )

    if shape is None:
        rows = list(facts(decision_ids)())
    else:
        rows = prepared(key=("dashboard-members", shape, names), build=facts(DECISIONS)).rows(decisions=decision_ids)
    facts_of = {row[0]: dict(zip(columns, row, strict=True)) for row in rows if (row[1], row[2]) in shown}
    # Unordered: each list sorts its actions below, ties broken by key.
    members = (
        Action.objects.filter(IdIn("id", list(facts_of)))
        .order_by()
        .select_related("decision__meeting", "decision__parent", "responsible")
    )
    for action in members:
        for column, value in facts_of[action.pk].items():
            if column != "pk":
                setattr(action, column, value)
        for name, keys in groups.items():
            if getattr(action, f"in_{name}") and _group_key(action) in keys:
                found[name].append(action)
    for name in groups:
        found[name].sort(key=wanted[name][0].sort_key)
    return found


def _group_key(action: Action) -> tuple:
    return (action.decision_id, action.shown_title)


def _last_update(user, day: datetime.date) -> F | Case:
    """The date of the action's last published update on or before `day`: the action's kept date for the
    reader's audience (models/update_facts.py) unless it is after `day` (a past day shown), when the log says."""
    kept = last_update_field(audience=scope_resolve(reader=user).audience)
    if kept_dates_suffice(day=day):
        return F(kept)
    validated = ProgressUpdate.objects.filter(
        updates_filter_visible(reader=user),
        action=OuterRef("pk"),
        review_state=ProgressUpdate.Review.VALIDATED,
        date__lte=day,
    )
    from_log = Subquery(validated.order_by("-date").values("date")[:1])
    up_to_day = Q(**{f"{kept}__isnull": True}) | Q(**{f"{kept}__lte": day})
    return Case(When(up_to_day, then=F(kept)), default=from_log, output_field=DateField())
