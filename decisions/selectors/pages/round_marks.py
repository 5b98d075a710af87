"""Two sources on the grid and the party page: for each action shown, what its party reported that the Secretariat
has not validated yet (the *self-reported* status), beside the validated status the action has; a mark where the
two differ; and a *silent* mark where the party has not answered the current round on it.

- The **current round** of a decision is the latest opened (by opening time, then id), not frozen reporting round
  covering the decision's meeting. A party is asked in it when it is among the round's parties, about the
  actions its packet asks about (`decisions.models.rounds.PACKET_ACTION_STATUSES`, read by a focal point:
  public or member-state visibility).
- **Self-reported**: the action's latest report still *submitted* (not validated, not returned) — from a packet
  or from the report form; its proposed status, or none (a note, "no change": the party claims no move).
- **Silent**: asked in the current round and no submitted answer of the party on it in that round.

Who reads these is the reader's scope (`ReaderScope.reads_self_reports_of`, decisions/selectors/visibility.py):
the Secretariat, and a party's focal points for that party. Everyone else gets no mark and costs no query. For a
reader who does, four queries whatever the number of actions (current rounds, their parties, submitted answers,
pending reports)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from decisions.models import Action, PacketAnswer, ProgressUpdate, ReportingRound
from decisions.models.actions import Visibility
from decisions.models.rounds import PACKET_ACTION_STATUSES
from decisions.selectors.visibility import Reader, scope_resolve, updates_filter_visible

# What a focal point reads, so what a packet can ask about (decisions/selectors/rounds.py).
ASKED_VISIBILITIES = (Visibility.PUBLIC, Visibility.MEMBERS)


@dataclass(frozen=True)
class RoundMark:
    """What the grid and the party page show of one action beside its validated status."""

    report: ProgressUpdate | None  # the latest submitted, not validated report
    validated: str  # the action's status: what the Secretariat validated
    asked: bool  # the current round asks the party about this action
    answered: bool  # …and the party has submitted an answer on it there

    @property
    def self_status(self) -> str:
        """The status the party reports: the one its pending report proposes ("" if it proposes none)."""
        return self.report.status if self.report is not None else ""

    @property
    def differs(self) -> bool:
        return bool(self.self_status) and self.self_status != self.validated

    @property
    def silent(self) -> bool:
        return self.asked and not self.answered

    def __bool__(self) -> bool:
        return self.report is not None or self.asked


def _current_rounds(meeting_ids: set[int]) -> dict[int, int]:
    """meeting id -> its current round's id (one query)."""
    rows = (
        ReportingRound.meetings.through.objects.filter(
            meeting_id__in=meeting_ids,
            reportinground__opened_at__isnull=False,
            reportinground__frozen_at__isnull=True,
        )
        .order_by("reportinground__opened_at", "reportinground_id")
        .values_list("meeting_id", "reportinground_id")
    )
    return dict(rows)  # in opening order: the latest opened overwrites the earlier ones


def _pending_reports(scope, action_ids: list[int]) -> dict[int, ProgressUpdate]:
    reports: dict[int, ProgressUpdate] = {}
    pending = (
        ProgressUpdate.objects.filter(action_id__in=action_ids, review_state=ProgressUpdate.Review.SUBMITTED)
        .filter(updates_filter_visible(reader=scope))
        .order_by("action_id", "-date", "-created_at", "-pk")
        .only("pk", "action_id", "status", "status_before", "date", "created_at")
    )
    for report in pending:
        reports.setdefault(report.action_id, report)
    return reports


def round_marks_apply(*, reader: Reader, actions: list[Action] | QuerySet[Action]) -> list[Action]:
    """Set `round_mark` (a RoundMark, or None) on each action, as this reader may read it, and return them. The
    actions need `decision` loaded (their meeting is `decision.meeting_id`)."""
    scope = scope_resolve(reader=reader)
    actions = list(actions)
    for action in actions:
        action.round_mark = None
    mine = [action for action in actions if scope.reads_self_reports_of(action.responsible_id)]
    if not mine:
        return actions  # nothing this reader may see: no query
    rounds = _current_rounds({action.decision.meeting_id for action in mine})
    asked_pairs = set(
        ReportingRound.parties.through.objects.filter(
            reportinground_id__in=set(rounds.values()), party_id__in={action.responsible_id for action in mine}
        ).values_list("reportinground_id", "party_id")
    )
    action_ids = [action.pk for action in mine]
    answered = set(
        PacketAnswer.objects.filter(
            round_id__in=set(rounds.values()), action_id__in=action_ids, state=PacketAnswer.State.SUBMITTED
        ).values_list("round_id", "action_id")
    )
    reports = _pending_reports(scope, action_ids)
    for action in mine:
        round_id = rounds.get(action.decision.meeting_id)
        in_round = round_id is not None and (round_id, action.responsible_id) in asked_pairs
        was_answered = (round_id, action.pk) in answered
        asked = in_round and (
            was_answered or (action.status in PACKET_ACTION_STATUSES and action.visibility in ASKED_VISIBILITIES)
        )
        mark = RoundMark(report=reports.get(action.pk), validated=action.status, asked=asked, answered=was_answered)
        action.round_mark = mark if mark else None
    return actions


def cell_is_silent(*, actions: list[Action]) -> bool:
    """A grid cell is silent when the current round asks its party about some of its actions and the party
    answered none of them."""
    asked = [action.round_mark for action in actions if action.round_mark is not None and action.round_mark.asked]
    return bool(asked) and all(mark.silent for mark in asked)
