"""A meeting as its page shows it: items in reading order with their status on the day shown, who took part,
the documents concerned and the actions each item needs. Its implementation report: implementation_report.py."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from decisions.models import Action, Decision, DecisionDocument, Meeting, Participation
from decisions.rules.status import ActionStatus, DecisionStatus
from decisions.selectors.counting import status_count, status_count_columns, status_count_read
from decisions.selectors.pages.board import StatusBoard, board_build
from decisions.selectors.pages.dashboard_panels import Breakdown
from decisions.selectors.pages.dates import AsOf
from decisions.selectors.visibility import action_list_visible, decision_list_visible
from members.roles import AnyUser


@dataclass
class MeetingView:
    meeting: Meeting
    as_of: AsOf
    board: StatusBoard
    items: list[Decision]
    participants: list[tuple[str, list[Participation]]]
    documents: list[DecisionDocument]
    status_counts: Counter
    actions_by_decision: dict[int, list[Action]] = field(default_factory=dict)

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        return [
            (status, self.status_counts[status]) for status in DecisionStatus.values if self.status_counts.get(status)
        ]

    @property
    def commitments(self) -> list[Decision]:
        return [d for d in self.items if d.section == Decision.Section.COMMITMENT]

    @property
    def decisions(self) -> list[Decision]:
        return [d for d in self.items if d.section == Decision.Section.DECISION]


def meeting_view_get(*, user: AnyUser, meeting: Meeting, as_of: AsOf) -> MeetingView:
    """Everything a meeting page needs, in a fixed number of queries."""
    items = list(
        decision_list_visible(reader=user)
        .filter(meeting=meeting)
        .select_related("meeting", "parent")
        .prefetch_related("themes")
        .order_by("position")
    )
    board = board_build(decisions=items, day=as_of.day, historical=as_of.historical)
    board.dress(items)
    children = defaultdict(list)
    for item in items:
        if item.parent_id:
            children[item.parent_id].append(item)
    for item in items:
        item.subitems = children.get(item.pk, [])
    actions = board.dress(
        action_list_visible(reader=user)
        .filter(decision__meeting=meeting)
        .select_related("responsible", "decision__parent")
    )
    by_decision = defaultdict(list)
    for action in actions:
        by_decision[action.decision_id].append(action)
    for item in items:
        item.visible_actions = by_decision.get(item.pk, [])
        counts = status_count(items=(a.shown_status for a in item.visible_actions))
        # A list, not the Counter: templates would read `counts.items` as the count of a status named "items".
        item.action_counts = [(status, counts[status]) for status in ActionStatus.values if counts.get(status)]
    view = MeetingView(
        meeting=meeting,
        as_of=as_of,
        board=board,
        items=[item for item in items if not item.parent_id],
        participants=_participants(meeting),
        documents=_documents(meeting),
        status_counts=status_count(items=(item.shown_status for item in items if not item.parent_id)),
        actions_by_decision=dict(by_decision),
    )
    return view


def _participants(meeting: Meeting) -> list[tuple[str, list[Participation]]]:
    groups = defaultdict(list)
    for participation in meeting.participations.select_related("party").order_by("capacity", "party__name"):
        groups[participation.capacity].append(participation)
    return [(label, groups[value]) for value, label in Participation.Capacity.choices if groups.get(value)]


def _documents(meeting: Meeting) -> list[DecisionDocument]:
    links = DecisionDocument.objects.filter(decision__meeting=meeting).select_related(
        "document", "document__approved_at", "decision__parent", "decision__meeting"
    )
    return list(links.order_by("decision__position", "document__title"))


def meetings_count_statuses(*, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Each meeting annotated with how many of its top-level items are in each status (read by
    `meeting_breakdown_get`), in the same query. Every decision of a meeting the reader may see is visible to them."""
    return meetings.annotate(**status_count_columns(relation="decisions", condition=Q(decisions__parent__isnull=True)))


def meeting_breakdown_get(*, meeting: Meeting) -> Breakdown:
    """The status counts of a meeting read with `meetings_count_statuses`."""
    return Breakdown(label=meeting.short_label, url=meeting.get_absolute_url(), counts=status_count_read(row=meeting))
