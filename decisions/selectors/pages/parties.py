"""Parties and themes as their pages show them: memberships, attendance, responsibilities; a theme's items."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from decisions.models import Action, Decision, Participation, Theme
from decisions.models.actions import overdue_expression
from decisions.selectors.counting import status_count
from decisions.selectors.pages.round_marks import round_marks_apply
from decisions.selectors.visibility import (
    action_list_visible,
    decision_list_visible,
    meeting_list_visible,
    scope_get,
)
from members.models import Membership, Party
from members.roles import AnyUser


@dataclass
class PartyPage:
    party: Party
    memberships: list[Membership]
    participations: list[Participation]
    actions: list[Action]
    status_counts: Counter
    # The reader reads this party's self-reports (round_marks.py): each action carries its `round_mark`.
    shows_self_reports: bool = False

    @property
    def silent_count(self) -> int:
        """Actions the current rounds ask the party about that it has not answered."""
        return sum(1 for action in self.actions if action.round_mark is not None and action.round_mark.silent)


def party_list(*, user: AnyUser) -> list[tuple[str, list[Party]]]:
    """Parties by kind, each with `action_count` (visible actions it is responsible for) and its memberships."""
    counts = dict(
        action_list_visible(reader=user)
        .order_by()
        .values("responsible_id")
        .annotate(n=Count("pk"))
        .values_list("responsible_id", "n")
    )
    groups = defaultdict(list)
    for party in Party.objects.prefetch_related("memberships").order_by("name"):
        party.action_count = counts.get(party.pk, 0)
        groups[party.kind].append(party)
    return [(label, groups[value]) for value, label in Party.Kind.choices if groups.get(value)]


def party_page_get(*, user: AnyUser, party: Party, today: datetime.date) -> PartyPage:
    actions = list(
        action_list_visible(reader=user)
        .filter(responsible=party)
        .select_related("decision__meeting", "decision__parent", "responsible")
        .annotate(shown_overdue=overdue_expression(today))
        .order_by("-decision__meeting__start_date", "decision__position", "pk")
    )
    shows_self_reports = scope_get(user=user).reads_self_reports_of(party.pk)
    actions = round_marks_apply(reader=user, actions=actions)  # no query for a reader who reads no self-report
    participations = (
        Participation.objects.filter(party=party, meeting__in=meeting_list_visible(reader=user))
        .select_related("meeting")
        .order_by("-meeting__start_date")
    )
    return PartyPage(
        party=party,
        memberships=list(party.memberships.order_by("start_date")),
        participations=list(participations),
        actions=actions,
        status_counts=status_count(items=(a.status for a in actions)),
        shows_self_reports=shows_self_reports,
    )


def theme_list(*, user: AnyUser) -> list[Theme]:
    visible = decision_list_visible(reader=user)
    return list(Theme.objects.annotate(decision_count=Count("decisions", filter=Q(decisions__in=visible))))


def theme_decision_list(*, user: AnyUser, theme: Theme, today: datetime.date) -> list[Decision]:
    decisions = decision_list_visible(reader=user).filter(themes=theme).select_related("meeting", "parent")
    return list(decisions.with_overdue_flag(today).order_by("-meeting__start_date", "meeting_id", "position"))
