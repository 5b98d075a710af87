"""Decisions as the API shows them: status, overdue flag, kind, due date, sub-items nested, related
resources linked by URL. Read-only: decisions come from importing a declaration, not from the API."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from decisions.api.representations import DecisionRows, decision_row_of
from decisions.api.serializers.common import LinkField, OrderedFieldsMixin, TranslatedField, links_of
from decisions.api.serializers.rows import RowSerializer
from decisions.models import Decision, DecisionDocument, DecisionLink, DecisionParty
from decisions.rules.due import DuePrecision
from decisions.rules.status import ActionStatus, DecisionKind, DecisionStatus


class MeetingRefSerializer(RowSerializer):
    slug = serializers.SlugField(read_only=True)
    url = LinkField("meeting", "slug")


class DecisionRefSerializer(RowSerializer):
    """Another decision, cited the way people cite it."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True, help_text=_('"D15", "D15.a" or "C3" (commitment 3).'))
    meeting = serializers.SlugField(source="meeting.slug", read_only=True)
    url = LinkField("decision")

    def row_of(self, decision: Decision) -> dict:
        return {"id": decision.pk, "reference": decision.reference, "meeting": {"slug": decision.meeting.slug}}


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


class SubItemSerializer(OrderedFieldsMixin, DueDateMixin, RowSerializer):
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


class NamedPartySerializer(RowSerializer):
    code = serializers.SlugField(source="party.code", read_only=True)
    url = LinkField("party", "party.code")
    role = serializers.ChoiceField(choices=DecisionParty.Role.choices, read_only=True)


# The docstring below is the Decision component's published description (drf-spectacular reads it), kept word for
# word so the schema does not change. What it means now: these fields render the rows representations.DecisionRows
# completes (`decision_values` rows for lists, `decision_row_of` for one decision): the schema and the output
# come from this one declaration.
class DecisionSerializer(SubItemSerializer):
    """Declares the fields (for the schema and the browsable API); the output comes from
    representations.DecisionRows, one code path for lists and details."""

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

    def rows(self, items) -> list[dict]:
        rows = [item if isinstance(item, dict) else decision_row_of(item) for item in items]
        return DecisionRows(self.context.get("today")).build(rows)

    @cached_property
    def _page(self) -> str:
        marker = reverse("decisions:decision-detail", kwargs={"slug": "SLUG", "reference": "REF"})
        return links_of(self.context).page(marker)

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, row: dict) -> str:
        return self._page.replace("SLUG", row["meeting"]["slug"]).replace("REF", row["reference"])

    @extend_schema_field({"type": "array", "items": {"type": "string"}, "description": "Theme slugs."})
    def get_themes(self, row: dict) -> list[str]:
        return row["themes"]

    @cached_property
    def _actions(self) -> str:
        return links_of(self.context).collection("actions", decision="")  # each row's id is appended to it

    @extend_schema_field(OpenApiTypes.URI)
    def get_actions_url(self, row: dict) -> str:
        return f"{self._actions}{row['id']}"


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
        context = self.context
        data = DecisionSerializer(context=context).to_representation(decision)
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
