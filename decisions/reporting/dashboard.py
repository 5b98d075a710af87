"""The dashboard's numbers: where every decision stands, by meeting and by theme, what is late, what is
due soon, what moved lately and what has not moved in six months — today or on a past day."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Max
from django.urls import reverse

from decisions.models import Action, Decision, Meeting, ProgressUpdate, Theme
from decisions.reporting.board import StatusBoard, build_board
from decisions.reporting.dates import AsOf, months_before
from decisions.reporting.lists import STALE_MONTHS, STALE_STATUSES
from decisions.status import ActionStatus
from decisions.visibility import actions_for, decisions_for, meetings_for, updates_for

LIST_LENGTH = 10
UPCOMING_DAYS = 90


@dataclass
class Breakdown:
    """Counts per status for one row of a chart (all decisions, a meeting, a theme)."""

    label: str
    url: str = ""
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class ActionGroup:
    """Actions that share a decision and a title — a mandate's one action per member state — shown as one row."""

    title_source: Action
    actions: list[Action]

    @property
    def decision(self):
        return self.title_source.decision

    @property
    def due_dates(self) -> list:
        return sorted({a.due_label for a in self.actions if a.due_label})

    @property
    def statuses(self) -> list[tuple[str, int, bool]]:
        """(status, how many, whether any of them is overdue), in the order of the status vocabulary."""
        counts = Counter(a.shown_status for a in self.actions)
        late = {a.shown_status for a in self.actions if a.shown_overdue}
        return [(s, counts[s], s in late) for s in ActionStatus.values if counts.get(s)]

    @property
    def last_update(self):
        dates = [a.last_update for a in self.actions if getattr(a, "last_update", None)]
        return max(dates) if dates else None


@dataclass
class ActionList:
    items: list[ActionGroup]
    count: int


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


def published_meetings_on(user, as_of: AsOf):
    """The meetings a reader may see that had started by the day shown (all of them for today)."""
    meetings = meetings_for(user).select_related("host")
    if as_of.historical:
        meetings = meetings.filter(start_date__lte=as_of.day)
    return meetings


def dashboard_for(user, as_of: AsOf) -> Dashboard:
    day = as_of.day
    meetings = list(published_meetings_on(user, as_of))
    decisions = list(
        decisions_for(user)
        .filter(meeting__in=meetings, parent__isnull=True)
        .only("pk", "meeting_id", "parent_id", "kind", "status", "due_date")
    )
    board = build_board(decisions, day=day, historical=as_of.historical)
    overall = Breakdown(label="", counts=Counter(board.decision(d.pk).status for d in decisions))
    actions = _visible_actions(user, meetings, board)
    stale_before = months_before(day, STALE_MONTHS)
    return Dashboard(
        as_of=as_of,
        overall=overall,
        by_meeting=_by_meeting(meetings, decisions, board),
        by_theme=_by_theme(decisions, board),
        overdue=_short(sorted((a for a in actions if a.shown_overdue), key=_by_due)),
        upcoming=_short(sorted(_upcoming(actions, day), key=_by_due)),
        stale=_short(_stale(user, meetings, actions, day, stale_before)),
        recent_updates=_recent_updates(user, meetings, day),
        stale_before=stale_before,
        upcoming_until=day + datetime.timedelta(days=UPCOMING_DAYS),
        latest_meeting=meetings[0] if meetings else None,
    )


def _short(actions: list[Action]) -> ActionList:
    """The first groups of a list of actions (in the list's order), and how many actions it holds in all."""
    groups: dict[tuple, ActionGroup] = {}
    for action in actions:
        key = (action.decision_id, action.title)
        if key not in groups:
            groups[key] = ActionGroup(title_source=action, actions=[])
        groups[key].actions.append(action)
    return ActionList(items=list(groups.values())[:LIST_LENGTH], count=len(actions))


def _by_due(action: Action):
    return (action.due_date or datetime.date.max, action.pk)


def _visible_actions(user, meetings: list[Meeting], board: StatusBoard) -> list[Action]:
    actions = actions_for(user).filter(decision__meeting__in=meetings)
    actions = actions.select_related("decision__meeting", "decision__parent", "responsible")
    return board.dress(actions)


def _by_meeting(meetings: list[Meeting], decisions: list[Decision], board: StatusBoard) -> list[Breakdown]:
    rows = {m.pk: Breakdown(label=m.short_label, url=m.get_absolute_url()) for m in meetings}
    for d in decisions:
        rows[d.meeting_id].counts[board.decision(d.pk).status] += 1
    # Oldest first, as delegates read a history; meetings with nothing decided yet are left out.
    return [rows[m.pk] for m in reversed(meetings) if rows[m.pk].total]


def _by_theme(decisions: list[Decision], board: StatusBoard) -> list[Breakdown]:
    links = Decision.themes.through.objects.filter(decision__in=[d.pk for d in decisions])
    theme_ids = defaultdict(list)
    for decision_id, theme_id in links.values_list("decision_id", "theme_id"):
        theme_ids[theme_id].append(decision_id)
    rows = []
    for theme in Theme.objects.filter(pk__in=theme_ids):
        counts = Counter(board.decision(pk).status for pk in theme_ids[theme.pk])
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


def _recent_updates(user, meetings: list[Meeting], day: datetime.date) -> list[ProgressUpdate]:
    updates = updates_for(user).filter(
        review_state=ProgressUpdate.Review.VALIDATED, date__lte=day, action__decision__meeting__in=meetings
    )
    updates = updates.select_related("action__decision__meeting", "action__decision__parent", "action__responsible")
    return list(updates.order_by("-date", "-created_at", "-pk")[:LIST_LENGTH])
