"""Reads about reporting rounds: which actions a party's packet asks about, the packet's rows, and how complete
each party's and each meeting's answers are. Shared by the services, the reminders and the pages.

A packet asks about what the party's focal points may read (`decisions.selectors.visibility` with a focal point's scope:
published meetings, public and member-state actions), so the Secretariat's completeness counts the same actions
the focal points see.
"""

import enum
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from decisions.models import Action, Meeting, PacketAnswer, ProgressUpdate, ReportingRound
from decisions.models.rounds import PACKET_ACTION_STATUSES
from decisions.selectors.visibility import ReaderScope, action_list_visible
from members.models import Party
from members.roles import AnyUser, Audience, Role, is_focal_point_for, is_secretariat, party_of


def focal_point_scope_get(*, party: Party) -> ReaderScope:
    """What any focal point of `party` reads (decisions/selectors/visibility.py)."""
    return ReaderScope(Audience.MEMBERS, party.pk)


def packet_action_list(*, round: ReportingRound, party: Party | None = None) -> QuerySet[Action]:
    """The actions the round asks about, of one party or of every party that must answer: those of the covered
    meetings that a focal point may read, still open — or already answered in this round, so an answer that
    completed an action still counts."""
    scope = focal_point_scope_get(party=party) if party is not None else ReaderScope(Audience.MEMBERS)
    answered = PacketAnswer.objects.filter(round=round, action=OuterRef("pk"))
    actions = action_list_visible(reader=scope).filter(
        decision__meeting__in=round.meetings.all(), responsible__in=round.parties.all()
    )
    if party is not None:
        actions = actions.filter(responsible=party)
    return actions.filter(Q(status__in=PACKET_ACTION_STATUSES) | Exists(answered))


def focal_point_list(*, parties: QuerySet[Party] | list[Party]) -> QuerySet:
    """Active focal points of these parties who have an address to write to, with their party."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=Role.FOCAL_POINT,
            representative__party__in=parties,
            representative__isnull=False,
        )
        .exclude(email="")
        .select_related("representative__party")
        .distinct()
        .order_by("pk")
    )


def party_round_list(*, party: Party) -> QuerySet[ReportingRound]:
    """The opened rounds a party must answer, the latest closing first."""
    return ReportingRound.objects.filter(opened_at__isnull=False, parties=party).order_by("-closes_on", "-pk")


def party_round_list_counted(*, party: Party) -> QuerySet[ReportingRound]:
    """`party_round_list` with how many of the party's answers are submitted and how many are drafts."""
    mine = Q(answers__party=party)
    return party_round_list(party=party).annotate(
        submitted=Count("answers", filter=mine & Q(answers__state=PacketAnswer.State.SUBMITTED)),
        drafts=Count("answers", filter=mine & Q(answers__state=PacketAnswer.State.DRAFT)),
    )


def round_list_counted() -> QuerySet[ReportingRound]:
    """Every round, the latest closing first, with its submitted answers and the parties it asks."""
    return ReportingRound.objects.annotate(
        # distinct: the two joins (answers, parties) multiply each other's rows
        submitted=Count("answers", filter=Q(answers__state=PacketAnswer.State.SUBMITTED), distinct=True),
        party_count=Count("parties", distinct=True),
    ).order_by("-closes_on", "-pk")


def round_list_readable(*, user: AnyUser) -> QuerySet[ReportingRound]:
    """The rounds a reader may look at: every round for the Secretariat (drafts included), the opened rounds
    their party must answer for a party's focal point, none for anyone else (delegates answer no packet)."""
    if is_secretariat(user=user):
        return ReportingRound.objects.order_by("-closes_on", "-pk")
    party = party_of(user=user)
    if party is not None and is_focal_point_for(user=user, party=party):
        return party_round_list(party=party)
    return ReportingRound.objects.none()


def packet_answer_get(*, round: ReportingRound, action: Action) -> PacketAnswer | None:
    """The party's answer on one action of the round, if there is one."""
    return PacketAnswer.objects.filter(round=round, action=action).first()


@dataclass
class PacketRow:
    action: Action
    last_update: ProgressUpdate | None
    answer: PacketAnswer | None


def packet_row_list(*, round: ReportingRound, party: Party) -> list[PacketRow]:
    """The packet's rows in reading order (meeting, decision, action), each with the action's last validated
    update the focal points may read and the party's answer: three queries, whatever the size."""
    scope = focal_point_scope_get(party=party)
    latest = (
        ProgressUpdate.objects.filter(
            action=OuterRef("pk"),
            review_state=ProgressUpdate.Review.VALIDATED,
            visibility__in=scope.visibilities,
        )
        .order_by("-date", "-created_at", "-pk")
        .values("pk")[:1]
    )
    actions = list(
        packet_action_list(round=round, party=party)
        .select_related("decision__meeting", "decision__parent")
        .annotate(last_update_id=Subquery(latest))
        .order_by("decision__meeting__start_date", "decision__meeting__pk", "decision__position", "title", "pk")
    )
    update_ids = [action.last_update_id for action in actions if action.last_update_id]
    updates = ProgressUpdate.objects.in_bulk(update_ids) if update_ids else {}
    answers = {answer.action_id: answer for answer in PacketAnswer.objects.filter(round=round, party=party)}
    return [PacketRow(action, updates.get(action.last_update_id), answers.get(action.pk)) for action in actions]


class Completeness(enum.StrEnum):
    ANSWERED = "answered"  # every action asked about has a submitted answer
    PARTLY = "partly"
    SILENT = "silent"  # nothing submitted: silence is shown as such, never as "not started"
    NOTHING_ASKED = "nothing_asked"


def completeness_get(*, asked: int, answered: int) -> Completeness:
    if asked == 0:
        return Completeness.NOTHING_ASKED
    if answered == 0:
        return Completeness.SILENT
    return Completeness.ANSWERED if answered >= asked else Completeness.PARTLY


@dataclass
class Tally:
    asked: int = 0
    answered: int = 0

    @property
    def state(self) -> Completeness:
        return completeness_get(asked=self.asked, answered=self.answered)


@dataclass
class PartyTally(Tally):
    party: Party | None = None


@dataclass
class MeetingTally(Tally):
    meeting: Meeting | None = None
    parties_answered: int = 0
    parties_partly: int = 0
    parties_silent: int = 0


@dataclass
class RoundCompleteness:
    parties: list[PartyTally]
    meetings: list[MeetingTally]

    def count(self, state: Completeness) -> int:
        return sum(1 for tally in self.parties if tally.state == state)


def round_completeness_get(*, round: ReportingRound) -> RoundCompleteness:
    """Per party and per meeting: how many actions the round asks about and how many have a submitted answer
    (drafts are the party's own until submitted). Four queries, whatever the size."""
    asked_rows = (
        packet_action_list(round=round)
        .order_by()
        .values("responsible_id", "decision__meeting_id")
        .annotate(n=Count("pk", distinct=True))
    )
    answered_rows = (
        PacketAnswer.objects.filter(
            round=round, state=PacketAnswer.State.SUBMITTED, action__in=packet_action_list(round=round).values("pk")
        )
        .order_by()
        .values("action__responsible_id", "action__decision__meeting_id")
        .annotate(n=Count("pk"))
    )
    asked = {(row["responsible_id"], row["decision__meeting_id"]): row["n"] for row in asked_rows}
    answered = {(row["action__responsible_id"], row["action__decision__meeting_id"]): row["n"] for row in answered_rows}
    parties = list(round.parties.order_by("name"))
    meetings = list(round.meetings.order_by("start_date", "pk"))
    party_tallies = [
        PartyTally(
            party=party,
            asked=sum(n for (p, _m), n in asked.items() if p == party.pk),
            answered=sum(n for (p, _m), n in answered.items() if p == party.pk),
        )
        for party in parties
    ]
    meeting_tallies = []
    for meeting in meetings:
        tally = MeetingTally(meeting=meeting)
        for party in parties:
            key = (party.pk, meeting.pk)
            state = completeness_get(asked=asked.get(key, 0), answered=answered.get(key, 0))
            tally.asked += asked.get(key, 0)
            tally.answered += answered.get(key, 0)
            tally.parties_answered += state == Completeness.ANSWERED
            tally.parties_partly += state == Completeness.PARTLY
            tally.parties_silent += state == Completeness.SILENT
        meeting_tallies.append(tally)
    return RoundCompleteness(parties=party_tallies, meetings=meeting_tallies)


def party_list_not_done(*, round: ReportingRound) -> list[Party]:
    """The parties that still owe answers (silent or partly): whom a reminder is for."""
    return [
        tally.party
        for tally in round_completeness_get(round=round).parties
        if tally.state in (Completeness.SILENT, Completeness.PARTLY)
    ]
