"""Decisions as the API shows them: status, overdue flag, kind, due date, sub-items nested, related
resources linked by URL. Read-only: decisions come from importing a declaration, not from the API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from decisions.api.representations import DecisionRows, instance_values
from decisions.api.serializers.common import LinkField, OrderedFieldsMixin, TranslatedField, links_of
from decisions.due import DuePrecision
from decisions.models import Decision, DecisionDocument, DecisionLink, DecisionParty
from decisions.status import ActionStatus, DecisionKind, DecisionStatus


class MeetingRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    url = LinkField("meeting", "slug")


class DecisionRefSerializer(serializers.Serializer):
    """Another decision, cited the way people cite it."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True, help_text=_('"D15", "D15.a" or "C3" (commitment 3).'))
    meeting = serializers.SlugField(source="meeting.slug", read_only=True)
    url = LinkField("decision")


class DueDateMixin(serializers.Serializer):
    due_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("The last day of the period the text gives (Q4 2004 → 2004-12-31)."),
    )
    due_precision = serializers.ChoiceField(choices=DuePrecision.choices, read_only=True)
    due_label = serializers.CharField(read_only=True, help_text=_('The deadline as people say it: "Q4 2004".'))
    due_text = serializers.CharField(read_only=True, help_text=_("The deadline in the words of the text."))


DECISION_FIELD_ORDER = (
    "id",
    "url",
    "html_url",
    "meeting",
    "reference",
    "section",
    "number",
    "position",
    "parent",
    "text",
    "original_language",
    "lead_verb",
    "kind",
    "status",
    "is_overdue",
)


class SubItemSerializer(OrderedFieldsMixin, DueDateMixin):
    field_order = DECISION_FIELD_ORDER
    id = serializers.IntegerField(read_only=True)
    url = LinkField("decision")
    reference = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)
    text = TranslatedField("text")
    lead_verb = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=DecisionKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=DecisionStatus.choices, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class NamedPartySerializer(serializers.Serializer):
    code = serializers.SlugField(source="party.code", read_only=True)
    url = LinkField("party", "party.code")
    role = serializers.ChoiceField(choices=DecisionParty.Role.choices, read_only=True)


class DecisionListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        rows = [row if isinstance(row, dict) else instance_values(row) for row in data]
        return rows_for(self.context).build(rows)


def rows_for(context) -> DecisionRows:
    return DecisionRows(links_of(context))


class DecisionSerializer(SubItemSerializer):
    """Declares the fields (for the schema and the browsable API); the output comes from
    representations.DecisionRows, one code path for lists and details."""

    class Meta:
        list_serializer_class = DecisionListSerializer

    html_url = serializers.SerializerMethodField(help_text=_("The decision's page on the public site."))
    meeting = MeetingRefSerializer(read_only=True)
    section = serializers.ChoiceField(choices=Decision.Section.choices, read_only=True)
    position = serializers.IntegerField(read_only=True, help_text=_("Reading order within the meeting."))
    parent = DecisionRefSerializer(read_only=True, allow_null=True)
    original_language = serializers.CharField(read_only=True)
    themes = serializers.SerializerMethodField()
    parties = NamedPartySerializer(source="party_roles", many=True, read_only=True)
    sub_items = SubItemSerializer(source="children", many=True, read_only=True)
    actions_url = serializers.SerializerMethodField(help_text=_("Its follow-up actions (and its sub-items')."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, decision: Decision) -> str:
        return links_of(self.context).page(decision.get_absolute_url())

    @extend_schema_field({"type": "array", "items": {"type": "string"}, "description": "Theme slugs."})
    def get_themes(self, decision: Decision) -> list[str]:
        return [theme.slug for theme in decision.themes.all()]

    @extend_schema_field(OpenApiTypes.URI)
    def get_actions_url(self, decision: Decision) -> str:
        return links_of(self.context).collection("actions", decision=decision.pk)

    def to_representation(self, decision: Decision) -> dict:
        return rows_for(self.context).build([instance_values(decision)])[0]


class ActionSummarySerializer(OrderedFieldsMixin, DueDateMixin):
    field_order = ("id", "url", "title", "responsible", "status", "is_overdue")
    id = serializers.IntegerField(read_only=True)
    url = LinkField("action")
    title = TranslatedField("title")
    responsible = serializers.SlugField(source="responsible.code", read_only=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)


class LineageSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=DecisionLink.Relation.choices, read_only=True)
    direction = serializers.ChoiceField(
        choices=[("out", "out"), ("in", "in")],
        read_only=True,
        help_text=_('"out": this decision amends… the other; "in": the other amends… this one.'),
    )
    label = serializers.CharField(read_only=True, help_text=_('How it reads from here: "amends", "amended by".'))
    decision = DecisionRefSerializer(read_only=True)
    note = serializers.CharField(read_only=True)


class DocumentLinkSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=DecisionDocument.Relation.choices, read_only=True)
    id = serializers.IntegerField(source="document.id", read_only=True)
    title = TranslatedField("title", source="document")
    url = LinkField("document", "document.pk")


class DecisionDetailSerializer(DecisionSerializer):
    actions = ActionSummarySerializer(many=True, read_only=True)
    lineage = serializers.SerializerMethodField()
    documents = DocumentLinkSerializer(source="document_links", many=True, read_only=True)

    def to_representation(self, decision: Decision) -> dict:
        data = super().to_representation(decision)
        context = self.context
        data["actions"] = ActionSummarySerializer(decision.actions.all(), many=True, context=context).data
        data["lineage"] = self.get_lineage(decision)
        data["documents"] = DocumentLinkSerializer(decision.document_links.all(), many=True, context=context).data
        return data

    @extend_schema_field(LineageSerializer(many=True))
    def get_lineage(self, decision: Decision) -> list[dict]:
        entries = [
            {"relation": link.relation, "direction": "out", "label": link.get_relation_display(), "note": link.note}
            | {"decision": link.target}
            for link in decision.links_out.all()
        ]
        entries += [
            {"relation": link.relation, "direction": "in", "label": link.inverse_label, "note": link.note}
            | {"decision": link.source}
            for link in decision.links_in.all()
        ]
        return LineageSerializer(entries, many=True, context=self.context).data
