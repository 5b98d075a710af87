"""Status as of a date, rebuilt from the progress-update log. Pure: plain values in, plain values out.

An action's status on day D is read by the database (`board.action_status_on`: the status set by its last
validated, status-changing update dated on or before D, else "not started"), so that lists can filter and
order on it. A decision's status on D follows from its kind and its actions' statuses on D by the same rule as
today's (`decisions.rules.status.derive_decision_status`), superseded only once the superseding meeting has taken
place.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from decisions.rules.status import action_is_overdue, decision_is_overdue, derive_decision_status


@dataclass(frozen=True)
class DecisionFacts:
    """What a decision's status depends on: its kind, its actions (its sub-items' included) and, if a later
    decision supersedes it, when that later meeting started."""

    kind: str
    action_ids: tuple[int, ...]
    superseded_since: datetime.date | None = None


def decision_status_on(*, day: datetime.date, facts: DecisionFacts, action_statuses: Mapping[int, str]) -> str:
    superseded = facts.superseded_since is not None and facts.superseded_since <= day
    return derive_decision_status(
        kind=facts.kind,
        action_statuses=[action_statuses[pk] for pk in facts.action_ids],
        superseded=superseded,
    )


def decision_is_overdue_on(
    *,
    day: datetime.date,
    status: str,
    due_date: datetime.date | None,
    action_ids: Iterable[int],
    has_own_actions: bool,
    action_statuses: Mapping[int, str],
    action_due: Mapping[int, datetime.date | None],
) -> bool:
    """The overdue flag on `day` (`status.decision_is_overdue`), from the statuses its actions had that day."""
    return decision_is_overdue(
        status=status,
        due_date=due_date,
        today=day,
        has_own_actions=has_own_actions,
        action_overdue=any(
            action_is_overdue(status=action_statuses[pk], due_date=action_due.get(pk), today=day) for pk in action_ids
        ),
    )
