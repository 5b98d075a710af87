"""The register: parties, themes and documents."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from decisions.api.serializers.common import LinkField, TranslatedField, links_of
from decisions.api.serializers.decisions import DecisionRefSerializer
from decisions.models import DecisionDocument, Document
from members.models import Membership, Party


class MembershipSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices, read_only=True)
    start_date = serializers.DateField(read_only=True)
    start_precision = serializers.ChoiceField(choices=Membership.StartPrecision.choices, read_only=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)


class PartySerializer(serializers.Serializer):
    code = serializers.SlugField(read_only=True, help_text=_("ISO 3166 alpha-2 for states, an acronym otherwise."))
    url = LinkField("party", "code")
    kind = serializers.ChoiceField(choices=Party.Kind.choices, read_only=True)
    name = TranslatedField("name")
    acronym = TranslatedField("acronym")
    country = serializers.CharField(read_only=True, help_text=_("ISO 3166 alpha-2, for states only."))
    website = serializers.CharField(read_only=True)
    memberships = MembershipSerializer(many=True, read_only=True)
    actions_url = serializers.SerializerMethodField()
    decisions_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_actions_url(self, party: Party) -> str:
        return links_of(self.context).collection("actions", party=party.code)

    @extend_schema_field(OpenApiTypes.URI)
    def get_decisions_url(self, party: Party) -> str:
        return links_of(self.context).collection("decisions", party=party.code)

    def to_representation(self, party: Party) -> dict:
        data = super().to_representation(party)
        data["country"] = str(party.country.code or "") if party.country else ""
        return data


class ThemeSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    url = LinkField("theme", "slug")
    name = TranslatedField("name")
    description = TranslatedField("description")
    decisions_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_decisions_url(self, theme) -> str:
        return links_of(self.context).collection("decisions", theme=theme.slug)


class DocumentDecisionSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=DecisionDocument.Relation.choices, read_only=True)
    decision = DecisionRefSerializer(read_only=True)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = LinkField("document")
    title = TranslatedField("title")
    kind = serializers.ChoiceField(choices=Document.Kind.choices, read_only=True)
    language = serializers.CharField(read_only=True, help_text=_("The language of this version."))
    version = serializers.CharField(read_only=True)
    link = serializers.CharField(source="url", read_only=True, help_text=_("Where the document can be read."))
    file = serializers.SerializerMethodField()
    origin = TranslatedField("origin")
    approved_at = serializers.SerializerMethodField()
    decisions = DocumentDecisionSerializer(source="decision_links", many=True, read_only=True)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_file(self, document: Document) -> str | None:
        return links_of(self.context).page(document.file.url) if document.file else None

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"slug": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
        }
    )
    def get_approved_at(self, document: Document) -> dict | None:
        meeting = document.approved_at
        if meeting is None:
            return None
        return {"slug": meeting.slug, "url": links_of(self.context).meeting(meeting.slug)}
