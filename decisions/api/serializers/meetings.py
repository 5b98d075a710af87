"""Meetings of the Conference, with who took part in each."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from decisions.api.serializers.common import LinkField, TranslatedField, links_of
from decisions.models import Meeting, Participation


class HostSerializer(serializers.Serializer):
    code = serializers.SlugField(read_only=True)
    url = LinkField("party", "code")


class MeetingSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    url = LinkField("meeting", "slug")
    html_url = serializers.SerializerMethodField(help_text=_("The meeting's page on the public site."))
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices, read_only=True)
    ordinal = serializers.IntegerField(read_only=True, allow_null=True, help_text=_("9 for the IX Meeting."))
    title = TranslatedField("title")
    city = TranslatedField("city")
    host = HostSerializer(read_only=True, allow_null=True)
    start_date = serializers.DateField(read_only=True, allow_null=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)
    is_published = serializers.BooleanField(read_only=True, help_text=_("Drafts are seen by the Secretariat only."))
    decisions_url = serializers.SerializerMethodField()
    stats_url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, meeting: Meeting) -> str:
        return links_of(self.context).page(meeting.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_decisions_url(self, meeting: Meeting) -> str:
        return links_of(self.context).meeting(meeting.slug) + "decisions/"

    @extend_schema_field(OpenApiTypes.URI)
    def get_stats_url(self, meeting: Meeting) -> str:
        return links_of(self.context).collection("stats", meeting=meeting.slug)


class ParticipantSerializer(serializers.Serializer):
    party = serializers.SlugField(source="party.code", read_only=True)
    url = LinkField("party", "party.code")
    name = TranslatedField("name", source="party")
    capacity = serializers.ChoiceField(choices=Participation.Capacity.choices, read_only=True)
    note = TranslatedField("note")


class MeetingDetailSerializer(MeetingSerializer):
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)
    source_language = serializers.CharField(read_only=True)
    source_text = serializers.CharField(read_only=True, help_text=_("The declaration exactly as received."))
