"""Meetings, by slug (`/meetings/ix-panama-city-2004/`)."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from decisions.api.serializers.meetings import MeetingDetailSerializer, MeetingSerializer
from decisions.api.views.base import ReadViewSet
from decisions.filters import MeetingFilter
from decisions.selectors import api as api_reads


@extend_schema_view(
    list=extend_schema(summary="List meetings", description="Published meetings (drafts too for the Secretariat)."),
    retrieve=extend_schema(summary="A meeting by slug", description="With its participants and source text."),
)
class MeetingViewSet(ReadViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,80}"
    filterset_class = MeetingFilter
    ordering_fields = {"start_date": "start_date", "ordinal": "ordinal", "updated_at": "updated_at", "slug": "slug"}
    ordering = ["-start_date"]

    def get_queryset(self):
        if self.action == "retrieve":
            return api_reads.meeting_detail(reader=self.request.user)
        return api_reads.meeting_summary_list(reader=self.request.user)

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer
