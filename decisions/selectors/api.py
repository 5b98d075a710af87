"""The API's reads: each starts from decisions.selectors.visibility (what this reader may see) and adds the joins and
annotations its serializer needs, so every endpoint runs a fixed number of queries whatever the data size."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from decisions.models import (
    Action,
    Decision,
    DecisionDocument,
    DecisionLink,
    Document,
    Meeting,
    Participation,
    ProgressUpdate,
    Theme,
)
from decisions.selectors.visibility import (
    actions_for,
    decisions_for,
    meetings_for,
    readable_updates,
    scope_for,
    updates_for,
)
from members.models import Membership, Party


def decision_list(user, today: datetime.date) -> QuerySet[Decision]:
    """Themes, parties and sub-items are read in bulk by representations.DecisionRows, not prefetched (and
    the list reads `.values()` rows: see DecisionViewSet.list_rows)."""
    return (
        decisions_for(user)
        .with_overdue_flag(today)
        .select_related("meeting", "parent")
        .defer("meeting__source_text", "parent__text", "parent__text_en", "parent__text_es")
    )


def decision_detail(user, today: datetime.date) -> QuerySet[Decision]:
    visible = decisions_for(user)
    actions = actions_for(user).with_overdue_flag(today).select_related("responsible")
    return decision_list(user, today).prefetch_related(
        Prefetch("actions", queryset=actions.order_by("responsible__name", "id")),
        Prefetch(
            "links_out",
            queryset=DecisionLink.objects.filter(target__in=visible).select_related(
                "target__meeting", "target__parent"
            ),
        ),
        Prefetch(
            "links_in",
            queryset=DecisionLink.objects.filter(source__in=visible).select_related(
                "source__meeting", "source__parent"
            ),
        ),
        Prefetch("document_links", queryset=DecisionDocument.objects.select_related("document")),
    )


def with_pending_reports(actions: QuerySet[Action], user) -> QuerySet[Action]:
    """How many reports await the Secretariat's review and the newest of them, counting only those the reader
    may see (decisions.selectors.visibility): the action's representation, and so its ETag, moves when a focal point
    reports, for exactly the readers who see that report (0 and null for everyone else)."""
    pending = ProgressUpdate.objects.filter(
        readable_updates(user), action=OuterRef("pk"), review_state=ProgressUpdate.Review.SUBMITTED
    ).order_by()
    counted = pending.values("action").annotate(count=Count("pk")).values("count")[:1]
    return actions.annotate(
        pending_reports=Coalesce(Subquery(counted), 0),
        latest_pending_report_id=Subquery(pending.order_by("-pk").values("pk")[:1]),
    )


def action_list(user, today: datetime.date) -> QuerySet[Action]:
    return (
        with_pending_reports(actions_for(user).with_overdue_flag(today), user)
        .select_related("decision__meeting", "decision__parent", "responsible")
        .defer("decision__meeting__source_text", "decision__text", "decision__text_en", "decision__text_es")
    )


def update_list(user) -> QuerySet[ProgressUpdate]:
    return (
        updates_for(user)
        .select_related("action__decision__meeting", "action__decision__parent", "action__responsible")
        .defer("action__decision__meeting__source_text", "action__decision__text_en", "action__decision__text_es")
        .prefetch_related("evidence")
    )


def meeting_list(user) -> QuerySet[Meeting]:
    return meetings_for(user).select_related("host")


def meeting_summaries(user) -> QuerySet[Meeting]:
    """The list leaves out the source text (the whole declaration): the detail has it."""
    return meeting_list(user).defer("source_text")


def meeting_detail(user) -> QuerySet[Meeting]:
    participations = Participation.objects.select_related("party").order_by("capacity", "party__name")
    return meeting_list(user).prefetch_related(Prefetch("participations", queryset=participations))


def party_list() -> QuerySet[Party]:
    memberships = Membership.objects.order_by("start_date")
    return Party.objects.prefetch_related(Prefetch("memberships", queryset=memberships))


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.all()


def documents_for(user) -> QuerySet[Document]:
    """Documents of what the reader may see: linked to a visible decision or approved at a visible meeting.
    The Secretariat sees every document, unlinked ones included."""
    if scope_for(user).is_secretariat:
        return Document.objects.all()
    linked = DecisionDocument.objects.filter(document=OuterRef("pk"), decision__in=decisions_for(user))
    return Document.objects.filter(Exists(linked) | Q(approved_at__in=meetings_for(user)))


def document_list(user) -> QuerySet[Document]:
    links = DecisionDocument.objects.filter(decision__in=decisions_for(user)).select_related(
        "decision__meeting", "decision__parent"
    )
    return (
        documents_for(user)
        .select_related("approved_at")
        .prefetch_related(
            Prefetch("decision_links", queryset=links.order_by("decision__meeting", "decision__position"))
        )
    )
