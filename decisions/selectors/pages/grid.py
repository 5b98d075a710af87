"""The decision × member-state grid: for each mandate addressed to every member state, one row, one column per
state, each cell that state's own follow-up (its actions, with their status on the day shown). Pages show a
page of rows at a time: which mandates are rows is decided in SQL, and only the rows shown are read."""

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from decisions.models import Action, Decision, DecisionParty, Meeting
from decisions.rules.status import DecisionKind
from decisions.selectors.pages.board import board_build
from decisions.selectors.pages.dates import AsOf
from decisions.selectors.pages.round_marks import cell_is_silent, round_marks_apply
from decisions.selectors.visibility import action_list_visible, decision_list_visible, scope_get
from members.models import Membership, Party
from members.roles import AnyUser, is_secretariat


@dataclass
class GridCell:
    party: Party
    actions: list[Action] = field(default_factory=list)
    # False when the state was not a member on the day of the meeting: the mandate did not address it.
    addressed: bool = True
    # The current reporting round asks the state about this mandate and it answered nothing (round_marks.py):
    # only for the readers who may read the state's self-reports.
    silent: bool = False


@dataclass
class GridRow:
    decision: object
    cells: list[GridCell]


@dataclass
class Grid:
    as_of: AsOf
    states: list[Party]
    rows: list[GridRow]
    # Whether the reader sees every action: only then does an empty cell mean "no action" rather than "none
    # that this reader may see" (an action restricted to member states or the Secretariat is not shown).
    sees_everything: bool = False
    # Whether the reader reads some state's self-reported statuses (the Secretariat, a focal point for their own).
    shows_self_reports: bool = False


def member_periods() -> dict[int, list[tuple[datetime.date, datetime.date | None]]]:
    """Every state's membership periods, in one query, for "who was a member on that day" in memory."""
    periods = defaultdict(list)
    rows = Membership.objects.filter(role=Membership.Role.MEMBER, party__kind=Party.Kind.STATE)
    for party_id, start, end in rows.order_by().values_list("party_id", "start_date", "end_date"):
        periods[party_id].append((start, end))
    return periods


def membership_covers(
    *, periods: Mapping[int, list[tuple[datetime.date, datetime.date | None]]], party_id: int, day: datetime.date | None
) -> bool:
    if day is None:
        return False
    return any(start <= day and (end is None or end >= day) for start, end in periods.get(party_id, []))


def grid_rows_list(*, user: AnyUser, as_of: AsOf, meetings: list[Meeting] | None = None) -> QuerySet[Decision]:
    """The grid's rows, newest meeting first: top-level mandates addressed to every state that was a member on
    the first day of their meeting. A queryset, filtered in SQL, so that a page of rows is read on its own."""
    decisions = decision_list_visible(reader=user).filter(parent__isnull=True, kind=DecisionKind.MANDATE)
    if meetings is not None:
        decisions = decisions.filter(meeting__in=meetings)
    if as_of.historical:
        decisions = decisions.filter(meeting_start_date__lte=as_of.day)
    decisions = decisions.filter(addresses_all_members())
    return decisions.select_related("meeting").order_by("-meeting__start_date", "meeting_id", "position", "pk")


def addresses_all_members() -> Q:
    """A decision's addressees include every state that was a member on its meeting's first day (and there was
    at least one): no member of that day is left unaddressed."""
    day = OuterRef("meeting_start_date")  # the meeting's, kept on the decision: no join to count the rows
    members_then = Membership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        role=Membership.Role.MEMBER,
        party__kind=Party.Kind.STATE,
        start_date__lte=day,
    )
    addressed = DecisionParty.objects.filter(
        decision=OuterRef(OuterRef("pk")), party=OuterRef("party"), role=DecisionParty.Role.ADDRESSEE
    )
    # First whether it names any addressee at all (one index seek): an item that names none — an acknowledgement,
    # an adoption, a mandate to the Secretariat — addresses no member, and is left before the test of each member
    # of its meeting's day, which cost more than the rest of the grid at ten times the RCM's history.
    any_addressee = DecisionParty.objects.filter(decision=OuterRef("pk"), role=DecisionParty.Role.ADDRESSEE)
    return Q(Exists(any_addressee)) & Q(Exists(members_then)) & ~Q(Exists(members_then.filter(~Exists(addressed))))


def grid_get(*, user: AnyUser, as_of: AsOf, rows: list[Decision]) -> Grid:
    """The grid of these rows (a page of `grid_rows_list`): one column per state that was a member at any of their
    meetings, each cell that state's own actions with their status on the day shown."""
    rows = list(rows)
    periods = member_periods()
    board = board_build(decisions=rows, day=as_of.day, historical=as_of.historical)
    board.dress(rows)
    states = list(Party.objects.filter(pk__in=periods, kind=Party.Kind.STATE).order_by("name"))
    states = [
        s
        for s in states
        if any(membership_covers(periods=periods, party_id=s.pk, day=d.meeting.start_date) for d in rows)
    ]
    # A sub-item's actions belong to its mandate's row.
    actions = action_list_visible(reader=user).filter(
        decision__in=Decision.objects.with_subitems([row.pk for row in rows]).values("pk")
    )
    actions = actions.select_related("responsible", "decision").order_by("pk")
    actions = board.dress(actions)
    scope = scope_get(user=user)
    shows_self_reports = not as_of.historical and (scope.is_secretariat or scope.reports_of is not None)
    if shows_self_reports:  # the current round is today's: a past day's grid shows that day's statuses only
        actions = round_marks_apply(reader=scope, actions=actions)
    by_cell = defaultdict(list)
    for action in actions:
        row_id = action.decision.parent_id or action.decision_id
        by_cell[(row_id, action.responsible_id)].append(action)
    grid_rows = []
    for decision in rows:
        cells = [
            GridCell(
                party=state,
                actions=by_cell[(decision.pk, state.pk)],
                addressed=membership_covers(periods=periods, party_id=state.pk, day=decision.meeting.start_date),
                silent=shows_self_reports and cell_is_silent(actions=by_cell[(decision.pk, state.pk)]),
            )
            for state in states
        ]
        grid_rows.append(GridRow(decision=decision, cells=cells))
    return Grid(
        as_of=as_of,
        states=states,
        rows=grid_rows,
        sees_everything=is_secretariat(user=user),
        shows_self_reports=shows_self_reports,
    )
