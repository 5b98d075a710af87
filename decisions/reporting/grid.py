"""The decision × member-state grid: for each mandate addressed to every member state, one row, one column per
state, each cell that state's own follow-up (its actions, with their status on the day shown)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from decisions.models import Action, DecisionParty, Meeting
from decisions.reporting.board import build_board
from decisions.reporting.dates import AsOf
from decisions.status import DecisionKind
from decisions.visibility import actions_for, decisions_for
from members.models import Membership, Party


@dataclass
class GridCell:
    party: Party
    actions: list[Action] = field(default_factory=list)
    # False when the state was not a member on the day of the meeting: the mandate did not address it.
    addressed: bool = True


@dataclass
class GridRow:
    decision: object
    cells: list[GridCell]


@dataclass
class Grid:
    as_of: AsOf
    states: list[Party]
    rows: list[GridRow]


def member_periods() -> dict[int, list[tuple[datetime.date, datetime.date | None]]]:
    """Every state's membership periods, in one query, for "who was a member on that day" in memory."""
    periods = defaultdict(list)
    rows = Membership.objects.filter(role=Membership.Role.MEMBER, party__kind=Party.Kind.STATE)
    for party_id, start, end in rows.order_by().values_list("party_id", "start_date", "end_date"):
        periods[party_id].append((start, end))
    return periods


def was_member(periods, party_id: int, day: datetime.date | None) -> bool:
    if day is None:
        return False
    return any(start <= day and (end is None or end >= day) for start, end in periods.get(party_id, []))


def grid_for(user, as_of: AsOf, *, meetings: list[Meeting] | None = None) -> Grid:
    decisions = decisions_for(user).filter(parent__isnull=True, kind=DecisionKind.MANDATE)
    if meetings is not None:
        decisions = decisions.filter(meeting__in=meetings)
    if as_of.historical:
        decisions = decisions.filter(meeting__start_date__lte=as_of.day)
    decisions = list(decisions.select_related("meeting").order_by("-meeting__start_date", "meeting_id", "position"))
    periods = member_periods()
    addressed = defaultdict(set)
    roles = DecisionParty.objects.filter(
        decision__in=decisions, role=DecisionParty.Role.ADDRESSEE, party__kind=Party.Kind.STATE
    )
    for decision_id, party_id in roles.order_by().values_list("decision_id", "party_id"):
        addressed[decision_id].add(party_id)
    rows = [d for d in decisions if _addresses_all_members(d, addressed[d.pk], periods)]
    board = build_board(rows, day=as_of.day, historical=as_of.historical)
    board.dress(rows)
    states = list(Party.objects.filter(pk__in=periods, kind=Party.Kind.STATE).order_by("name"))
    states = [s for s in states if any(was_member(periods, s.pk, d.meeting.start_date) for d in rows)]
    # A sub-item's actions belong to its mandate's row.
    actions = actions_for(user).filter(Q(decision__in=rows) | Q(decision__parent__in=rows))
    actions = actions.select_related("responsible", "decision").order_by("pk")
    by_cell = defaultdict(list)
    for action in board.dress(actions):
        row_id = action.decision.parent_id or action.decision_id
        by_cell[(row_id, action.responsible_id)].append(action)
    grid_rows = []
    for decision in rows:
        cells = [
            GridCell(
                party=state,
                actions=by_cell[(decision.pk, state.pk)],
                addressed=was_member(periods, state.pk, decision.meeting.start_date),
            )
            for state in states
        ]
        grid_rows.append(GridRow(decision=decision, cells=cells))
    return Grid(as_of=as_of, states=states, rows=grid_rows)


def _addresses_all_members(decision, addressees: set[int], periods) -> bool:
    members = {pk for pk in periods if was_member(periods, pk, decision.meeting.start_date)}
    return bool(members) and members <= addressees
