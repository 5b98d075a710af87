"""One decision as its page shows it: text, sub-items, follow-up, the published log, lineage both ways,
documents and the parties it names."""

import datetime
from dataclasses import dataclass

from decisions.models import Action, Decision, DecisionDocument, DecisionLink, DecisionParty, Meeting, ProgressUpdate
from decisions.models.actions import overdue_expression
from decisions.selectors import decision_get_by_reference
from decisions.selectors.pages.explain import explain_status
from decisions.selectors.visibility import action_list_visible, decision_list_visible, update_list_visible
from members.roles import AnyUser


@dataclass
class DecisionPage:
    decision: Decision
    subitems: list[Decision]
    actions: list[Action]
    updates: list[ProgressUpdate]
    links_out: list[DecisionLink]
    links_in: list[DecisionLink]
    explanation: str
    is_overdue: bool
    documents: list[DecisionDocument]
    parties: list[DecisionParty]


def decision_page_get(*, user: AnyUser, meeting: Meeting, reference: str, today: datetime.date) -> DecisionPage:
    """Raises Decision.DoesNotExist when the reference names nothing the reader may see."""
    found = decision_get_by_reference(meeting=meeting, reference=reference)
    decision = (
        decision_list_visible(reader=user).filter(pk=found.pk).with_overdue_flag(today).select_related("parent").first()
    )
    if decision is None:
        raise Decision.DoesNotExist(reference)
    decision.meeting = meeting
    subitems = list(decision.children.order_by("position").prefetch_related("themes"))
    for sub in subitems:
        sub.meeting, sub.parent = meeting, decision
    own_and_children = Decision.objects.with_subitems([decision.pk]).values("pk")
    actions = list(
        action_list_visible(reader=user)
        .filter(decision__in=own_and_children)
        .select_related("responsible", "decision__parent", "decision__meeting")
        .annotate(shown_overdue=overdue_expression(today))
        .order_by("decision__position", "responsible__name", "pk")
    )
    updates = (
        update_list_visible(reader=user)
        .filter(action__decision__in=own_and_children)
        .filter(review_state=ProgressUpdate.Review.VALIDATED)
        .select_related("action__responsible")
        .prefetch_related("evidence")
        .order_by("-date", "-created_at", "-pk")
    )
    visible = decision_list_visible(reader=user)
    links_out = DecisionLink.objects.filter(source=decision, target__in=visible)
    links_in = DecisionLink.objects.filter(target=decision, source__in=visible)
    related = ("source__meeting", "source__parent", "target__meeting", "target__parent")
    return DecisionPage(
        decision=decision,
        subitems=subitems,
        actions=actions,
        updates=list(updates),
        links_out=list(links_out.select_related(*related)),
        links_in=list(links_in.select_related(*related)),
        explanation=explain_status(
            kind=decision.kind, status=decision.status, action_statuses=[a.status for a in actions]
        ),
        is_overdue=decision.is_overdue,
        documents=list(decision.document_links.select_related("document").order_by("document__title")),
        parties=list(decision.party_roles.select_related("party").order_by("role", "party__name")),
    )
