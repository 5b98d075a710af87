"""The dashboard's numbers: where every decision stands, by meeting and by theme, what is late, what is
due soon, what moved lately and what has not moved in six months — today or on a past day.

Today's figures come from the database's aggregates on the stored statuses (`dashboard_today`), in a fixed
number of queries whose cost barely grows with the history. A past day (`?as_of=`, rare and explicit) needs
every status rebuilt from the log, so it reads its decisions and actions into the status board."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from decisions.counting import status_counts
from decisions.models import Action, Decision, Meeting, ProgressUpdate, Theme
from decisions.reporting import dashboard_today as today
from decisions.reporting.board import StatusBoard, build_board
from decisions.reporting.dashboard_panels import (  # noqa: F401 - the panels' types, where pages look for them
    LIST_LENGTH,
    MEETING_CHART_LENGTH,
    UPCOMING_DAYS,
    ActionGroup,
    ActionList,
    Breakdown,
    group_actions,
)
from decisions.reporting.dates import AsOf, months_before
from decisions.reporting.lists import STALE_MONTHS, STALE_STATUSES
from decisions.status import ActionStatus
from decisions.visibility import actions_for, decisions_for, meetings_for, readable_updates, updates_for


@dataclass
class Dashboard:
    as_of: AsOf
    overall: Breakdown
    by_meeting: list[Breakdown]
    by_theme: list[Breakdown]
    overdue: ActionList
    upcoming: ActionList
    stale: ActionList
    recent_updates: list[ProgressUpdate]
    stale_before: datetime.date
    upcoming_until: datetime.date
    latest_meeting: Meeting | None = None
    # True when the "by meeting" chart leaves out earlier meetings (it shows the latest MEETING_CHART_LENGTH).
    by_meeting_truncated: bool = False


def published_meetings_on(user, as_of: AsOf):
    """The meetings a reader may see that had started by the day shown (all of them for today)."""
    meetings = meetings_for(user).select_related("host")
    if as_of.historical:
        meetings = meetings.filter(start_date__lte=as_of.day)
    return meetings


def dashboard_for(user, as_of: AsOf) -> Dashboard:
    if as_of.historical:
        return dashboard_from_board(user, as_of)
    return dashboard_today(user, as_of)


def dashboard_today(user, as_of: AsOf) -> Dashboard:
    """Today's dashboard, from the stored statuses, aggregated by the database (eight queries)."""
    day = as_of.day
    decisions = decisions_for(user).filter(parent__isnull=True)
    actions = actions_for(user)
    meetings = today.latest_meetings(meetings_for(user))
    lists = today.action_lists(user, actions, day)
    return Dashboard(
        as_of=as_of,
        overall=Breakdown(label="", counts=status_counts(decisions)),
        by_meeting=meetings.chart,
        by_theme=today.by_theme(decisions),
        overdue=lists["overdue"],
        upcoming=lists["upcoming"],
        stale=lists["stale"],
        recent_updates=_recent_updates(user, None, day),
        stale_before=months_before(day, STALE_MONTHS),
        upcoming_until=day + datetime.timedelta(days=UPCOMING_DAYS),
        latest_meeting=meetings.latest,
        by_meeting_truncated=meetings.truncated,
    )


def dashboard_from_board(user, as_of: AsOf) -> Dashboard:
    """The dashboard from the status board: on a past day, every status rebuilt from the log (for today, the
    stored statuses: what `dashboard_today` must equal, as a test checks)."""
    day = as_of.day
    meetings = list(published_meetings_on(user, as_of))
    decisions = list(
        decisions_for(user)
        .filter(meeting__in=meetings, parent__isnull=True)
        .only("pk", "meeting_id", "parent_id", "kind", "status", "due_date")
    )
    board = build_board(decisions, day=day, historical=as_of.historical)
    overall = Breakdown(label="", counts=status_counts(board.decision(d.pk).status for d in decisions))
    actions = _visible_actions(user, meetings, board)
    stale_before = months_before(day, STALE_MONTHS)
    by_meeting = _by_meeting(meetings, decisions, board)
    return Dashboard(
        as_of=as_of,
        overall=overall,
        by_meeting=by_meeting[-MEETING_CHART_LENGTH:],
        by_theme=_by_theme(decisions, board),
        overdue=_short(sorted((a for a in actions if a.shown_overdue), key=_by_due)),
        upcoming=_short(sorted(_upcoming(actions, day), key=_by_due)),
        stale=_short(_stale(user, meetings, actions, day, stale_before)),
        recent_updates=_recent_updates(user, meetings, day),
        stale_before=stale_before,
        upcoming_until=day + datetime.timedelta(days=UPCOMING_DAYS),
        latest_meeting=meetings[0] if meetings else None,
        by_meeting_truncated=len(by_meeting) > MEETING_CHART_LENGTH,
    )


def _short(actions: list[Action]) -> ActionList:
    """The first groups of a list of actions (in the list's order), and how many actions it holds in all."""
    return ActionList(items=group_actions(actions)[:LIST_LENGTH], count=len(actions))


def _by_due(action: Action):
    return (action.due_date or datetime.date.max, action.pk)


def _visible_actions(user, meetings: list[Meeting], board: StatusBoard) -> list[Action]:
    actions = actions_for(user).filter(decision__meeting__in=meetings)
    actions = actions.select_related("decision__meeting", "decision__parent", "responsible")
    return board.dress(actions)


def _by_meeting(meetings: list[Meeting], decisions: list[Decision], board: StatusBoard) -> list[Breakdown]:
    statuses = defaultdict(list)
    for d in decisions:
        statuses[d.meeting_id].append(board.decision(d.pk).status)
    rows = {
        m.pk: Breakdown(label=m.short_label, url=m.get_absolute_url(), counts=status_counts(statuses[m.pk]))
        for m in meetings
    }
    # Oldest first, as delegates read a history; meetings with nothing decided yet are left out.
    return [rows[m.pk] for m in reversed(meetings) if rows[m.pk].total]


def _by_theme(decisions: list[Decision], board: StatusBoard) -> list[Breakdown]:
    links = Decision.themes.through.objects.filter(decision__in=[d.pk for d in decisions])
    theme_ids = defaultdict(list)
    for decision_id, theme_id in links.values_list("decision_id", "theme_id"):
        theme_ids[theme_id].append(decision_id)
    rows = []
    for theme in Theme.objects.filter(pk__in=theme_ids):
        counts = status_counts(board.decision(pk).status for pk in theme_ids[theme.pk])
        rows.append(Breakdown(label=theme.name, url=_theme_url(theme), counts=counts))
    return sorted(rows, key=lambda row: (-row.total, row.label))


def _theme_url(theme: Theme) -> str:
    return reverse("decisions:theme-detail", kwargs={"slug": theme.slug})


def _upcoming(actions: list[Action], day: datetime.date) -> list[Action]:
    until = day + datetime.timedelta(days=UPCOMING_DAYS)
    return [
        a
        for a in actions
        if a.due_date
        and day <= a.due_date <= until
        and a.shown_status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
    ]


def _stale(user, meetings, actions: list[Action], day: datetime.date, before: datetime.date) -> list[Action]:
    """Open actions whose last published update (or, with none, their meeting) is older than `before`."""
    last = dict(
        updates_for(user)
        .filter(review_state=ProgressUpdate.Review.VALIDATED, date__lte=day, action__decision__meeting__in=meetings)
        .order_by()
        .values("action_id")
        .annotate(last=Max("date"))
        .values_list("action_id", "last")
    )
    stale = []
    for action in actions:
        if action.shown_status not in STALE_STATUSES:
            continue
        meeting = action.decision.meeting
        action.last_update = last.get(action.pk)
        since = action.last_update or meeting.start_date
        if since and since < before:
            stale.append(action)
    return sorted(stale, key=lambda a: (a.last_update or datetime.date.min, a.pk))


def _recent_updates(user, meetings: list[Meeting] | None, day: datetime.date) -> list[ProgressUpdate]:
    """The latest published updates (of the meetings shown on a past day; today, of every meeting)."""
    if meetings is None:
        # `updates_for` with its action check per update, so that reading the latest by date stops at the
        # tenth instead of first listing every visible action.
        visible = actions_for(user).filter(pk=OuterRef("action"))
        updates = ProgressUpdate.objects.filter(Exists(visible), readable_updates(user))
    else:
        updates = updates_for(user).filter(action__decision__meeting__in=meetings)
    updates = updates.filter(review_state=ProgressUpdate.Review.VALIDATED, date__lte=day)
    updates = updates.select_related("action__decision__meeting", "action__decision__parent", "action__responsible")
    return list(updates.order_by("-date", "-created_at", "-pk")[:LIST_LENGTH])
