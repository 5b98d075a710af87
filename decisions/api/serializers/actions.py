"""Follow-up actions: how they read, how the Secretariat writes them, and how progress is reported.

`status` and `version` are never written here: a status changes only by recording progress (the same
service as the admin's), and `version` is the optimistic lock the services check.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from decisions.api.representations import action_row_of, action_rows
from decisions.api.serializers.common import (
    DescriptionInput,
    LinkField,
    OrderedFieldsMixin,
    TitleInput,
    TranslatedField,
    links_of,
)
from decisions.api.serializers.decisions import DecisionRefSerializer, DueDateMixin
from decisions.api.serializers.fields import BoundedPrimaryKeyField, InputSerializer, Text
from decisions.api.serializers.rows import RowSerializer
from decisions.models import Action, Decision, ProgressUpdate
from decisions.rules.due import DuePrecision
from decisions.rules.status import ActionStatus
from members.models import Party


class PartyRefSerializer(RowSerializer):
    code = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = LinkField("party", "code")


# Renders the rows of representations.py (`action_values` rows for lists, `action_row_of` for one action) by these
# fields: the schema and the output come from this one declaration. (No docstring: drf-spectacular would publish
# it as the component's description, which comes from OrderedFieldsMixin's as it always has.)
class ActionSerializer(OrderedFieldsMixin, DueDateMixin, RowSerializer):
    field_order = (
        "id",
        "url",
        "html_url",
        "decision",
        "title",
        "description",
        "responsible",
        "status",
        "is_overdue",
    )
    id = serializers.IntegerField(read_only=True)
    url = LinkField("action")
    html_url = serializers.SerializerMethodField(help_text=_("The action's page on the public site."))
    decision = DecisionRefSerializer(read_only=True)
    title = TranslatedField("title")
    description = TranslatedField("description")
    responsible = PartyRefSerializer(read_only=True)
    status = serializers.ChoiceField(
        choices=ActionStatus.choices, read_only=True, help_text=_("Changed only by recording progress.")
    )
    is_overdue = serializers.BooleanField(read_only=True)
    visibility = serializers.ChoiceField(choices=Action.Visibility.choices, read_only=True)
    version = serializers.IntegerField(read_only=True, help_text=_("Grows with every change of the action."))
    pending_reports = serializers.IntegerField(
        read_only=True, help_text=_("Reports awaiting the Secretariat's review that you may see (0 if none).")
    )
    latest_pending_report = LinkField(
        "update", "latest_pending_report_id", allow_null=True, help_text=_("The newest of them, or null.")
    )
    updates_url = serializers.SerializerMethodField(help_text=_("Its progress log."))
    progress_url = serializers.SerializerMethodField(help_text=_("POST here to record progress."))
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def rows(self, items) -> list[dict]:
        return action_rows([item if isinstance(item, dict) else action_row_of(item) for item in items])

    @cached_property
    def _page(self) -> tuple[str, str]:
        """The action page's address around its id (reversed once, not per row)."""
        page = links_of(self.context).page(reverse("decisions:action-detail", kwargs={"pk": PAGE_MARKER}))
        before, after = page.split(str(PAGE_MARKER))
        return before, after

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, row: dict) -> str:
        before, after = self._page
        return f"{before}{row['id']}{after}"

    @extend_schema_field(OpenApiTypes.URI)
    def get_updates_url(self, row: dict) -> str:
        return links_of(self.context).collection("progress-updates", action=row["id"])

    @extend_schema_field(OpenApiTypes.URI)
    def get_progress_url(self, row: dict) -> str:
        return links_of(self.context).action(row["id"]) + "progress/"


# A number no address contains otherwise, standing for the id in the reversed page address.
PAGE_MARKER = 987654321


class ActionWriteSerializer(InputSerializer):
    """What the Secretariat sends to create (POST) or edit (PUT, PATCH) an action."""

    decision = BoundedPrimaryKeyField(
        queryset=Decision.objects.all(), help_text=_("The decision's id. Set at creation; it cannot change.")
    )
    responsible = serializers.SlugRelatedField(
        slug_field="code", queryset=Party.objects.all(), help_text=_("The responsible party's code, e.g. MX.")
    )
    title = TitleInput()
    description = DescriptionInput(required=False)
    due_date = serializers.DateField(required=False, allow_null=True)
    due_precision = serializers.ChoiceField(choices=DuePrecision.choices, required=False)
    due_text = Text(max_length=200, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Action.Visibility.choices, required=False)

    def validate_decision(self, decision: Decision) -> Decision:
        if self.instance is not None and decision.pk != self.instance.decision_id:
            raise serializers.ValidationError(_("An action stays with its decision; create a new one instead."))
        return decision

    def to_representation(self, action: Action) -> dict:
        """The action in this input's own shape (the browsable API pre-fills its form with it)."""
        return {
            "decision": action.decision_id,
            "responsible": action.responsible.code,
            "title": {"en": action.title_en or "", "es": action.title_es or ""},
            "description": {"en": action.description_en or "", "es": action.description_es or ""},
            "due_date": action.due_date.isoformat() if action.due_date else None,
            "due_precision": action.due_precision,
            "due_text": action.due_text,
            "visibility": action.visibility,
        }

    def service_fields(self) -> dict:
        """The validated data as the keyword arguments of action_create / action_update."""
        data = dict(self.validated_data)
        data.pop("decision", None)
        fields = {}
        for name, texts in (("title", data.pop("title", None)), ("description", data.pop("description", None))):
            for code, text in (texts or {}).items():
                fields[f"{name}_{code}"] = text
        fields.update(data)
        if "due_date" in fields and "due_precision" not in fields and self.instance is None:
            fields["due_precision"] = DuePrecision.DAY if fields["due_date"] else DuePrecision.NONE
        return fields


# Where the services' field errors point in the API's shape.
ACTION_FIELD_NAMES = {
    "title_en": "title.en",
    "title_es": "title.es",
    "description_en": "description.en",
    "description_es": "description.es",
}


class ProgressInputSerializer(InputSerializer):
    """A progress report: a note, a new status, or both."""

    date = serializers.DateField(required=False, help_text=_("When the progress happened; today if not given."))
    status = serializers.ChoiceField(
        choices=ActionStatus.choices,
        required=False,
        allow_blank=True,
        help_text=_("The action's new status; leave out for a note that changes nothing."),
    )
    note = Text(required=False, allow_blank=True, max_length=10000)
    links = serializers.ListField(
        child=serializers.URLField(max_length=500),
        required=False,
        max_length=20,
        help_text=_("Links to evidence (files are uploaded on the site's report form)."),
    )
    visibility = serializers.ChoiceField(choices=ProgressUpdate.Visibility.choices, required=False)
    resubmission_of = BoundedPrimaryKeyField(
        queryset=ProgressUpdate.objects.all(),
        required=False,
        help_text=_("A returned report of this action that this one answers."),
    )

    def service_fields(self) -> dict:
        """The validated data as the keyword arguments of services.reports.report_submit."""
        data = dict(self.validated_data)
        data.setdefault("date", timezone.localdate())
        data.setdefault("note", "")
        return data
