"""The conditions behind the filters that mean more than one column: which decisions a party or a theme
concerns, and which actions are stale. The filters (`items.py`) and the stats API's groups
(`decision_group_pair_list`) read the same ties, so a group holds exactly what the filter of the same name selects."""

import datetime
from functools import reduce
from operator import or_

from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import LessThan

from decisions.models import Action, Decision, DecisionParty, ProgressUpdate
from decisions.models.update_facts import kept_dates_suffice, last_update_field
from decisions.rules.status import ActionStatus
from decisions.selectors.expressions import CountAll, Likely
from decisions.selectors.pages.dates import months_subtract
from decisions.selectors.prepared import count_read
from decisions.selectors.visibility import action_list_visible, scope_resolve, updates_filter_visible
from members.roles import AnyUser

STALE_MONTHS = 6
# Actions that still owe work or news: a standing ("ongoing") commitment with no report in months is stale too.
STALE_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.ONGOING)


def party_tie_list(*, user: AnyUser) -> list[tuple[QuerySet, str]]:
    """Where a party meets a decision, as (rows, path to the party's code); each row names its `decision`, which
    may be a sub-item: any role the party has in it (addressed, acknowledged, proposer, host, mentioned), and
    every action it is responsible for that the reader may see."""
    return [(DecisionParty.objects.all(), "party__code"), (action_list_visible(reader=user), "responsible__code")]


def party_condition(*, user: AnyUser, code: str) -> Q:
    """A decision that the party has a tie to (`party_tie_list`), on the item itself or on one of its sub-items.
    Separate EXISTS for the item and its sub-items rather than one OR across a join: each uses an index."""
    conditions = [
        Exists(rows.filter(**{path: code, relation: OuterRef("pk")}))
        for rows, path in party_tie_list(user=user)
        for relation in ("decision", "decision__parent")
    ]
    return reduce(or_, conditions)


def theme_condition(*, slug: str, item: str = "pk", parent: str = "parent") -> Q:
    """A decision with the theme, or a sub-item whose parent has it (a sub-item is classified with its parent).
    `item` and `parent` reach the decision and its parent from another model (an action: "decision",
    "decision__parent")."""
    tagged = Decision.themes.through.objects.filter(theme__slug=slug)
    return Q(Exists(tagged.filter(decision=OuterRef(item)))) | Q(Exists(tagged.filter(decision=OuterRef(parent))))


def stale_condition(*, user: AnyUser, today: datetime.date, status: str = "status") -> Q:
    """An open action with no published update in six months (and, with none ever, a meeting that old), as a
    condition on an action the reader may see (from `action_list_visible`): only its updates' own visibility is checked.
    `status` names the field or annotation holding the status to judge (on a past day, the one it had then)."""
    before = months_subtract(day=today, months=STALE_MONTHS)
    recent = ProgressUpdate.objects.filter(
        updates_filter_visible(reader=user),
        action=OuterRef("pk"),
        review_state=ProgressUpdate.Review.VALIDATED,
        date__gte=before,
        date__lte=today,
    )
    return open_and_held_before(before=before, status=status) & no_news_since(
        user=user, before=before, today=today, recent=recent
    )


def open_and_held_before(*, before: datetime.date, status: str = "status") -> Q:
    """An action still owing work or news, of a meeting held before `before`: what a stale action is but for its
    news. Nearly every action's meeting is that old: said so (`Likely`), SQLite counts the stale actions from
    their own index rather than fetching each row through the index on the meeting's date (19 → 7 ms for 45,000
    actions). An expression gets none of the NULL handling Django gives a lookup: "has a date" is said on its own,
    so that excluding stale actions (`stale=false`) keeps those of a meeting with no date."""
    held_before = Q(meeting_start_date__isnull=False) & Q(Likely(LessThan(F("meeting_start_date"), before)))
    return Q(**{f"{status}__in": STALE_STATUSES}) & held_before


def stale_count(*, user: AnyUser, actions: QuerySet[Action], today: datetime.date, status: str = "status") -> int:
    """How many of `actions` (the reader's) are stale (`stale_condition`): read by `stale_count_query`."""
    return count_read(key=None, build=lambda: stale_count_query(user=user, actions=actions, today=today, status=status))


def stale_count_query(
    *, user: AnyUser, actions: QuerySet[Action], today: datetime.date, status: str = "status"
) -> QuerySet:
    """One row holding how many of `actions` (the reader's) are stale. Today, the open actions of meetings held
    six months ago, less those of them with news since: the first a range of one index (`action_open_held`), the
    second the few actions with news in six months (`action_stale_*`), in one statement. Counting the condition
    itself judged every visible action's dates one by one: 9 → 1.5 ms for 45,000 actions on SQLite, the most of
    the dashboard's first read after a note. A past day, whose news only the log knows, counts the condition."""
    if not kept_dates_suffice(day=today):
        return actions.filter(stale_condition(user=user, today=today, status=status)).order_by().values_list(CountAll())
    before = months_subtract(day=today, months=STALE_MONTHS)
    kept = last_update_field(audience=scope_resolve(reader=user).audience)
    held = actions.filter(open_and_held_before(before=before, status=status)).order_by()
    # Counts, not aggregates: no grouping, and the second a subquery of the first.
    with_news = held.filter(**{f"{kept}__gte": before}).annotate(n=CountAll()).values("n")
    return held.values_list(CountAll() - Subquery(with_news, output_field=IntegerField()))


def no_news_since(*, user: AnyUser, before: datetime.date, today: datetime.date, recent: QuerySet[ProgressUpdate]) -> Q:
    """No `recent` update (a published one dated from `before` to `today`), read from the action's kept date of
    its last published update for the reader's audience (models/update_facts.py): none, or one before `before`,
    means no news; one in the range means news. For today that is all (`kept_dates_suffice`); on a past day, a
    kept date after it asks the log whether there was news by then."""
    kept = last_update_field(audience=scope_resolve(reader=user).audience)
    no_news = Q(**{f"{kept}__isnull": True}) | Q(**{f"{kept}__lt": before})
    if kept_dates_suffice(day=today):
        return no_news
    return no_news | (Q(**{f"{kept}__gt": today}) & ~Q(Exists(recent)))


def stale_actions(*, user: AnyUser, actions: QuerySet[Action], today: datetime.date) -> QuerySet[Action]:
    return actions.filter(stale_condition(user=user, today=today))


# `stats?group_by=`: each group holds exactly the decisions that the filter of the same name selects, so a
# group's counts equal `stats?<name>=<key>`.
GROUP_BY_DIMENSIONS = ("meeting", "party", "theme")


def decision_group_pair_list(*, decisions: QuerySet[Decision], dimension: str, user: AnyUser) -> set[tuple[int, str]]:
    """(decision id, group key) for every decision of `decisions` and every group it belongs to (and, for
    parties, possibly ids outside `decisions`, which the caller ignores)."""
    ids = decisions.values("pk")
    if dimension == "meeting":
        return set(decisions.values_list("pk", "meeting__slug"))
    if dimension == "theme":
        through = Decision.themes.through.objects
        own = through.filter(decision__in=ids).values_list("decision_id", "theme__slug")
        inherited = through.filter(decision__children__in=ids).values_list("decision__children", "theme__slug")
        return set(own.union(inherited))
    rows = [
        row
        for ties, path in party_tie_list(user=user)
        for row in ties.filter(decision__in=Decision.objects.with_subitems(ids).values("pk")).values_list(
            "decision_id", "decision__parent_id", path
        )
    ]
    return {(item, code) for own, parent, code in rows for item in (own, parent) if item is not None}
