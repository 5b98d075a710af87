"""What the dashboard's panels hold, however they were computed: counts per status for a chart's row, and lists
of actions grouped by decision and title."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from decisions.models import Action
from decisions.rules.status import ActionStatus
from decisions.selectors.counting import status_count

LIST_LENGTH = 10
UPCOMING_DAYS = 90
# The "by meeting" chart shows the latest meetings that decided something, oldest first: a glance, not the
# history (the meetings list has every meeting), so the page keeps its size however long the history grows.
MEETING_CHART_LENGTH = 12


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
        counts = status_count(items=(a.shown_status for a in self.actions))
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


def actions_group(
    *, actions: Iterable[Action], key: Callable[[Action], tuple] = lambda action: (action.decision_id, action.title)
) -> list:
    """Actions grouped by decision and title, each group where its first action stands in `actions`."""
    groups: dict[tuple, ActionGroup] = {}
    for action in actions:
        group = groups.setdefault(key(action), ActionGroup(title_source=action, actions=[]))
        group.actions.append(action)
    return list(groups.values())
