"""What each list parameter means, defined once: the FilterSets (`sets.py`) that the site's lists, their CSV and
XLSX exports, site search and the API all apply; the conditions behind them (`conditions.py`); the strict field
types whose schema the API publishes (`fields.py`). Nothing here imports the site or the API."""

from decisions.filters.conditions import GROUP_BY_DIMENSIONS, decision_group_pair_list
from decisions.filters.sets import (
    ActionFilter,
    DecisionFilter,
    DocumentFilter,
    MeetingDecisionFilter,
    MeetingFilter,
    PartyFilter,
    ProgressUpdateFilter,
    ThemeFilter,
)

__all__ = [
    "GROUP_BY_DIMENSIONS",
    "ActionFilter",
    "DecisionFilter",
    "DocumentFilter",
    "MeetingDecisionFilter",
    "MeetingFilter",
    "PartyFilter",
    "ProgressUpdateFilter",
    "ThemeFilter",
    "decision_group_pair_list",
]
