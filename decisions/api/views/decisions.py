"""Decisions: by id (`/decisions/12/`) and as people cite them (`/meetings/<slug>/decisions/D15.a/`)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view

from decisions.api.representations import composed_once, decision_values
from decisions.api.serializers.decisions import DecisionDetailSerializer, DecisionSerializer
from decisions.api.views.base import ReadViewSet
from decisions.filters import DecisionFilter, MeetingDecisionFilter
from decisions.models import Decision
from decisions.selectors import api as api_reads
from decisions.selectors import decision_get_by_reference
from decisions.selectors.visibility import meeting_list_visible, scope_get

ORDERING_FIELDS = {
    "meeting_date": "meeting_start_date",  # the meeting's, kept on the decision: read in order from its index
    "position": "position",
    "due_date": "due_date",
    "updated_at": "updated_at",
    "status": "status",
    "kind": "kind",
    "id": "id",
}


class DecisionReadMixin:
    filterset_class = DecisionFilter
    ordering_fields = ORDERING_FIELDS
    ordering = ["meeting_date", "position"]

    prepared_list = True

    def get_queryset(self):
        if self.action == "retrieve":
            return api_reads.decision_detail(reader=self.request.user, today=self.day)
        return composed_once(api_reads.decision_list, reader=scope_get(user=self.request.user), today=self.day)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": self.day}

    def get_serializer_class(self):
        return DecisionDetailSerializer if self.action == "retrieve" else DecisionSerializer

    def list_reads_notes(self, reader) -> bool:
        return False  # statuses, deadlines and texts: no progress note

    def list_rows(self, listed, *, shape=None):
        return decision_values(listed, shape=shape)


@extend_schema_view(
    list=extend_schema(
        summary="List decisions",
        description="Commitments and numbered decisions with their status, overdue flag, kind and due date; "
        "sub-items nested (`level=all` or `level=sub` lists them as rows too).",
    ),
    retrieve=extend_schema(summary="A decision by id", description="With its visible actions, lineage and documents."),
)
class DecisionViewSet(DecisionReadMixin, ReadViewSet):
    meeting_parameter = "meeting"


@extend_schema_view(
    list=extend_schema(summary="A meeting's decisions", description="The same list and filters as /decisions/."),
    retrieve=extend_schema(
        summary="A decision as people cite it",
        description='By reference: "D15" (decision 15), "D15.a" (its sub-item a), "C3" (commitment 3).',
    ),
)
class MeetingDecisionViewSet(DecisionReadMixin, ReadViewSet):
    filterset_class = MeetingDecisionFilter
    lookup_field = "reference"
    lookup_value_regex = r"[CD][0-9A-Za-z]{1,10}(?:\.[0-9A-Za-z]{1,10})?"

    def list_meeting(self) -> str | None:
        return self.kwargs["slug"]

    def list_shape_path(self) -> tuple:
        return (self.meeting().pk,)  # 404 for a meeting the reader may not see

    def meeting(self):
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(meeting_list_visible(reader=self.request.user), slug=self.kwargs["slug"])
        return self._meeting

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no meeting to look up
            return Decision.objects.none()
        return super().get_queryset().filter(meeting=self.meeting())

    def get_object(self):
        try:
            found = decision_get_by_reference(meeting=self.meeting(), reference=self.kwargs["reference"])
        except Decision.DoesNotExist as exc:
            raise Http404 from exc
        return get_object_or_404(self.get_queryset(), pk=found.pk)
