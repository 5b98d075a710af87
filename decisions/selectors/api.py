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
    Reader,
    action_list_visible,
    decision_list_visible,
    meeting_list_visible,
    scope_get,
    update_list_visible,
    updates_filter_visible,
)
from members.models import Membership, Party
from members.roles import AnyUser


def decision_list(*, reader: Reader, today: datetime.date) -> QuerySet[Decision]:
    """Themes, parties and sub-items are read in bulk by representations.DecisionRows, not prefetched (and
    the list reads `.values()` rows: see DecisionViewSet.list_rows)."""
    return (
        decision_list_visible(reader=reader)
        .with_overdue_flag(today)
        .select_related("meeting", "parent")
        .defer("meeting__source_text", "parent__text", "parent__text_en", "parent__text_es")
    )


def decision_detail(*, reader: Reader, today: datetime.date) -> QuerySet[Decision]:
    visible = decision_list_visible(reader=reader)
    actions = action_list_visible(reader=reader).with_overdue_flag(today).select_related("responsible")
    return decision_list(reader=reader, today=today).prefetch_related(
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


def actions_count_pending_reports(*, actions: QuerySet[Action], reader: Reader) -> QuerySet[Action]:
    """How many reports await the Secretariat's review and the newest of them, counting only those the reader
    may see (decisions.selectors.visibility): the action's representation, and so its ETag, moves when a focal point
    reports, for exactly the readers who see that report (0 and null for everyone else)."""
    pending = ProgressUpdate.objects.filter(
        updates_filter_visible(reader=reader), action=OuterRef("pk"), review_state=ProgressUpdate.Review.SUBMITTED
    ).order_by()
    counted = pending.values("action").annotate(count=Count("pk")).values("count")[:1]
    return actions.annotate(
        pending_reports=Coalesce(Subquery(counted), 0),
        latest_pending_report_id=Subquery(pending.order_by("-pk").values("pk")[:1]),
    )


def action_list(*, reader: Reader, today: datetime.date) -> QuerySet[Action]:
    return (
        actions_count_pending_reports(
            actions=action_list_visible(reader=reader).with_overdue_flag(today), reader=reader
        )
        .select_related("decision__meeting", "decision__parent", "responsible")
        .defer("decision__meeting__source_text", "decision__text", "decision__text_en", "decision__text_es")
    )


def action_target(*, reader: Reader) -> QuerySet[Action]:
    """The actions a reader may see, as a write needs one: its row and its party (who may report on it)."""
    return action_list_visible(reader=reader).select_related("responsible")


def update_list(*, reader: Reader) -> QuerySet[ProgressUpdate]:
    return (
        update_list_visible(reader=reader)
        .select_related("action__decision__meeting", "action__decision__parent", "action__responsible")
        .defer("action__decision__meeting__source_text", "action__decision__text_en", "action__decision__text_es")
        .prefetch_related("evidence")
    )


def meeting_list(*, reader: Reader) -> QuerySet[Meeting]:
    return meeting_list_visible(reader=reader).select_related("host")


def meeting_summary_list(*, reader: Reader) -> QuerySet[Meeting]:
    """The list leaves out the source text (the whole declaration): the detail has it."""
    return meeting_list(reader=reader).defer("source_text")


def meeting_detail(*, reader: Reader) -> QuerySet[Meeting]:
    participations = Participation.objects.select_related("party").order_by("capacity", "party__name")
    return meeting_list(reader=reader).prefetch_related(Prefetch("participations", queryset=participations))


def party_list() -> QuerySet[Party]:
    memberships = Membership.objects.order_by("start_date")
    return Party.objects.prefetch_related(Prefetch("memberships", queryset=memberships))


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.all()


def document_list_visible(*, user: AnyUser) -> QuerySet[Document]:
    """Documents of what the reader may see: linked to a visible decision or approved at a visible meeting.
    The Secretariat sees every document, unlinked ones included."""
    if scope_get(user=user).is_secretariat:
        return Document.objects.all()
    linked = DecisionDocument.objects.filter(document=OuterRef("pk"), decision__in=decision_list_visible(reader=user))
    return Document.objects.filter(Exists(linked) | Q(approved_at__in=meeting_list_visible(reader=user)))


def document_list(*, user: AnyUser) -> QuerySet[Document]:
    links = DecisionDocument.objects.filter(decision__in=decision_list_visible(reader=user)).select_related(
        "decision__meeting", "decision__parent"
    )
    return (
        document_list_visible(user=user)
        .select_related("approved_at")
        .prefetch_related(
            Prefetch("decision_links", queryset=links.order_by("decision__meeting", "decision__position"))
        )
    )
