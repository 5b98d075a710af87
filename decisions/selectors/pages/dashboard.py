"""The dashboard's numbers: where every decision stands, by meeting and by theme, what is late, what is
due soon, what moved lately and what has not moved in six months — today or on a past day (`?as_of=`).

One builder for both: every panel is one function of a `DayView`, which says what the reader may see on the
day shown (the meetings that had started by then) and the status each item had that day — today's stored on
every row, a past day's rebuilt from the log (`board.action_status_on` for an action, the status board for a
decision). Counts are GROUP BYs and lists are their first groups (`dashboard_lists`), so no panel reads the
whole history into Python: a page runs a fixed number of queries at any size (tests/site/test_query_counts.py).

Its parts of statuses (`dashboard_status_get`) and of progress notes (`dashboard_news_get`) are built apart, as
the page caches them apart (decisions/site/dashboard.py)."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils.translation import get_language

from decisions.filters.conditions import STALE_MONTHS
from decisions.models import Action, Decision, Meeting, ProgressUpdate, Theme
from decisions.selectors.counting import status_count_by
from decisions.selectors.expressions import IdIn
from decisions.selectors.pages.board import action_status_column, board_build
from decisions.selectors.pages.dashboard_lists import DAY_STATUS, action_lists_build
from decisions.selectors.pages.dashboard_panels import (  # noqa: F401 - the panels' types, where pages look for them
    LIST_LENGTH,
    MEETING_CHART_LENGTH,
    UPCOMING_DAYS,
    ActionGroup,
    ActionList,
    Breakdown,
)
from decisions.selectors.pages.dates import AsOf, months_subtract
from decisions.selectors.prepared import rows_read
from decisions.selectors.translated import text_shown
from decisions.selectors.visibility import (
    action_list_visible,
    decision_list_visible,
    item_theme_facts_visible,
    meeting_list_visible,
    scope_get,
    updates_filter_visible,
)
from members.roles import AnyUser


@dataclass
class DashboardStatus:
    """What the dashboard shows of statuses and deadlines: a progress note that sets no status changes none of it."""

    as_of: AsOf
    overall: Breakdown
    by_meeting: list[Breakdown]
    by_theme: list[Breakdown]
    overdue: ActionList
    upcoming: ActionList
    upcoming_until: datetime.date
    latest_meeting: Meeting | None = None
    # True when the "by meeting" chart leaves out earlier meetings (it shows the latest MEETING_CHART_LENGTH).
    by_meeting_truncated: bool = False


@dataclass
class DashboardNews:
    """What the dashboard shows of progress notes: the latest, and the open actions that have had none lately."""

    stale: ActionList
    recent_updates: list[ProgressUpdate]
    stale_before: datetime.date


@dataclass
class Dashboard(DashboardStatus):
    """Both parts together (the page reads and caches them apart: decisions/site/dashboard.py)."""

    stale: ActionList | None = None
    recent_updates: list[ProgressUpdate] = field(default_factory=list)
    stale_before: datetime.date | None = None


@dataclass
class DayView:
    """What a reader sees of the record on the day shown, and the status each item had that day."""

    user: object
    as_of: AsOf
    # A past day's decision statuses, rebuilt once by the status board and kept for the next panel.
    rebuilt: dict[int, str] = field(default_factory=dict)

    @property
    def day(self) -> datetime.date:
        return self.as_of.day

    @property
    def shape(self) -> Hashable | None:
        """What the SQL of today's panels depends on: the reader's scope, the day, the language (a title shown
        falls back to the other language's). A past day's panels read the log, and are composed each time (None)."""
        if self.as_of.historical:
            return None
        return (scope_get(user=self.user), self.day, get_language())

    def meetings(self) -> QuerySet[Meeting]:
        """The meetings the reader may see that had started by the day shown (all of them today)."""
        meetings = meeting_list_visible(reader=self.user)
        return meetings.filter(start_date__lte=self.day) if self.as_of.historical else meetings

    def decisions(self) -> QuerySet[Decision]:
        """The top-level items of those meetings: what the dashboard counts (sub-items roll into them)."""
        decisions = decision_list_visible(reader=self.user).filter(parent__isnull=True)
        return decisions.filter(meeting__start_date__lte=self.day) if self.as_of.historical else decisions

    def actions(self) -> QuerySet[Action]:
        """The actions of those meetings the reader may see, with their status on the day as `day_status`."""
        actions = action_list_visible(reader=self.user)
        if self.as_of.historical:
            actions = actions.filter(meeting_start_date__lte=self.day)
        return actions.alias(**{DAY_STATUS: action_status_column(day=self.day, historical=self.as_of.historical)})

    def status_counts(self, decisions: QuerySet[Decision], *group) -> dict[tuple, Counter]:
        """How many of `decisions` were in each status on the day, per value of the `group` columns."""
        if not self.as_of.historical:
            return status_count_by(items=decisions, group=group)
        counts: dict[tuple, Counter] = defaultdict(Counter)
        rows = list(decisions.order_by().values_list(*group, "pk", "parent_id", "kind", "status", "due_date"))
        self._rebuild(row[len(group) :] for row in rows)
        for row in rows:
            counts[row[: len(group)]][self.rebuilt[row[len(group)]]] += 1
        return counts

    def _rebuild(self, rows) -> None:
        missing = {row[0]: _Facts(*row) for row in rows if row[0] not in self.rebuilt}
        if missing:
            board = board_build(decisions=missing.values(), day=self.day, historical=True)
            self.rebuilt.update((pk, state.status) for pk, state in board.decisions.items())


@dataclass(frozen=True)
class _Facts:
    """What the status board reads of a decision."""

    pk: int
    parent_id: int | None
    kind: str
    status: str
    due_date: datetime.date | None


def dashboard_get(*, user: AnyUser, as_of: AsOf) -> Dashboard:
    status = dashboard_status_get(user=user, as_of=as_of)
    news = dashboard_news_get(user=user, as_of=as_of)
    return Dashboard(**vars(status), **vars(news))


def dashboard_status_get(*, user: AnyUser, as_of: AsOf) -> DashboardStatus:
    view = DayView(user, as_of)
    day = as_of.day
    # Every item counted at once, and by meeting only those of the chart's meetings: a count per meeting of the
    # whole history was ten times the rows to read back at ten times the meetings.
    overall = view.status_counts(view.decisions()).get((), Counter())
    chart = meeting_chart_build(view=view)
    lists = action_lists_build(
        user=user, actions=view.actions(), day=day, names=("overdue", "upcoming"), shape=view.shape
    )
    return DashboardStatus(
        as_of=as_of,
        overall=Breakdown(label="", counts=overall),
        by_meeting=chart.rows,
        by_theme=theme_breakdown_list(view=view),
        overdue=lists["overdue"],
        upcoming=lists["upcoming"],
        upcoming_until=day + datetime.timedelta(days=UPCOMING_DAYS),
        latest_meeting=chart.latest,
        by_meeting_truncated=chart.truncated,
    )


def dashboard_news_get(*, user: AnyUser, as_of: AsOf) -> DashboardNews:
    view = DayView(user, as_of)
    lists = action_lists_build(user=user, actions=view.actions(), day=as_of.day, names=("stale",), shape=view.shape)
    return DashboardNews(
        stale=lists["stale"],
        recent_updates=update_list_recent(view=view),
        stale_before=months_subtract(day=as_of.day, months=STALE_MONTHS),
    )


@dataclass
class MeetingChart:
    latest: Meeting | None
    # The latest meetings that decided something, oldest first, and whether earlier ones were left out.
    rows: list[Breakdown]
    truncated: bool


def meeting_chart_build(*, view: DayView) -> MeetingChart:
    """The latest meeting, and the chart of the latest that decided something, with their items' counts (two
    queries). Every top-level item of a meeting the reader may see is one the reader may see."""
    meetings = view.meetings()
    decided = meetings.filter(Exists(Decision.objects.filter(meeting=OuterRef("pk"), parent__isnull=True)))
    wanted = Q(pk__in=meetings.values("pk")[:1]) | Q(pk__in=decided.values("pk")[: MEETING_CHART_LENGTH + 1])
    rows = list(meetings.filter(wanted).defer("source_text").order_by(*Meeting._meta.ordering))
    counts = view.status_counts(view.decisions().filter(meeting_id__in=[m.pk for m in rows]), "meeting_id")
    chart = [
        Breakdown(label=m.short_label, url=m.get_absolute_url(), counts=counts[(m.pk,)])
        for m in rows
        if counts.get((m.pk,))
    ]
    truncated = len(chart) > MEETING_CHART_LENGTH
    # Oldest first, as delegates read a history.
    return MeetingChart(rows[0] if rows else None, chart[:MEETING_CHART_LENGTH][::-1], truncated)


def theme_breakdown_list(*, view: DayView) -> list[Breakdown]:
    """Every theme with decisions, the most used first (themes are a short vocabulary, not a history). Today's
    counts read each item's theme facts kept by the database (models/theme_facts.py: one index, where joining
    every visible item to its themes took 16 ms at ten times the RCM's history on SQLite); a past day's, the
    statuses the log rebuilds. The themes' names are read after the counts, per theme id."""
    if view.as_of.historical:
        counts = view.status_counts(view.decisions(), "themes")
    else:
        facts = item_theme_facts_visible(reader=view.user).filter(top_level=Value(True))  # a value: see the rule
        counts = status_count_by(items=facts, group=("theme_id",))
    themes = Theme.objects.filter(pk__in=[theme_id for (theme_id,) in counts if theme_id is not None])
    rows = [
        Breakdown(label=name, url=reverse("decisions:theme-detail", kwargs={"slug": slug}), counts=counts[(pk,)])
        for pk, slug, name in themes.values_list("pk", "slug", text_shown(field="name"))
    ]
    return sorted(rows, key=lambda row: (-row.total, row.label))


def update_list_recent(*, view: DayView) -> list[ProgressUpdate]:
    """The latest published updates of the actions shown, on or before the day. Each update checks its action
    with an EXISTS, so that reading the latest by date stops at the tenth instead of listing every action.

    Their ids first, then those updates with what the panel shows of them (two queries, whatever the data): in
    one, PostgreSQL spent longer planning the seven tables than running them (6.4 of 9.8 ms at ten times the RCM's
    history; 5.9 ms in two)."""

    def latest():
        visible = view.actions().filter(pk=OuterRef("action"))
        updates = ProgressUpdate.objects.filter(
            Exists(visible),
            updates_filter_visible(reader=view.user),
            review_state=ProgressUpdate.Review.VALIDATED,
            date__lte=view.day,
        )
        return updates.order_by("-date", "-created_at", "-pk").values_list("pk")[:LIST_LENGTH]

    # Today's compiled once (`DayView.shape`), as the page computes this panel again after each note.
    ids = [
        pk for (pk,) in rows_read(key=None if view.shape is None else ("dashboard-latest", view.shape), build=latest)
    ]
    shown = ProgressUpdate.objects.filter(IdIn("id", ids)).select_related(
        "action__decision__meeting", "action__decision__parent", "action__responsible"
    )
    place = {pk: index for index, pk in enumerate(ids)}
    return sorted(shown, key=lambda update: place[update.pk])
