"""The implementation report as the API returns it: `ImplementationReport` (decisions/selectors/pages/
implementation_report.py), live or frozen "as known at" a round, filtered by the reader's scope before it gets
here. Texts come in both languages (`{"en": …, "es": …}`); dates are ISO dates."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from decisions.api.serializers.rounds import COMPLETENESS_CHOICES
from decisions.models.actions import Visibility
from decisions.rules.status import ActionStatus, DecisionStatus

# An item's or an action's status: either set (one enum in the schema, `ReportStatusEnum`).
STATUS_CHOICES = [(value, value) for value in sorted({*ActionStatus.values, *DecisionStatus.values})]


@extend_schema_field(
    {
        "type": "object",
        "properties": {"en": {"type": "string"}, "es": {"type": "string"}},
        "required": ["en", "es"],
        "description": "The text in English and in Spanish (empty: not written in that language).",
    }
)
class BothLanguages(serializers.Field):
    def to_representation(self, value):
        return {"en": value.get("en", ""), "es": value.get("es", "")}


class ReportUpdateSerializer(serializers.Serializer):
    date = serializers.DateField(read_only=True)
    note = serializers.CharField(read_only=True, help_text=_("Markdown."))
    visibility = serializers.ChoiceField(choices=Visibility.choices, read_only=True)


class ReportActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    party = serializers.CharField(source="party_code", read_only=True, help_text=_("The responsible party's code."))
    party_label = serializers.CharField(read_only=True)
    title = BothLanguages(source="titles", read_only=True)
    due_date = serializers.DateField(read_only=True, allow_null=True)
    due_precision = serializers.CharField(read_only=True)
    due_label = serializers.CharField(read_only=True, help_text=_("The deadline as people say it, in your language."))
    status = serializers.ChoiceField(choices=ActionStatus.choices, read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, read_only=True)
    last_update = ReportUpdateSerializer(
        source="update",
        read_only=True,
        allow_null=True,
        help_text=_("Its last validated progress report you may read, as known then; null: none."),
    )


class ReportSubItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    section = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=DecisionStatus.choices, read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    text = BothLanguages(source="texts", read_only=True)
    actions = ReportActionSerializer(many=True, read_only=True)


class ReportItemSerializer(ReportSubItemSerializer):
    sub_items = ReportSubItemSerializer(source="subitems", many=True, read_only=True)


class StatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=DecisionStatus.choices, read_only=True)
    count = serializers.IntegerField(read_only=True)


class ReportMeetingSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    title = serializers.SerializerMethodField(help_text=_("The meeting's title in your language."))
    start_date = serializers.DateField(read_only=True, allow_null=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)
    summary = serializers.SerializerMethodField(help_text=_("Its commitments and decisions by status."))
    total = serializers.IntegerField(read_only=True)
    items = ReportItemSerializer(many=True, read_only=True)

    def get_title(self, meeting) -> str:
        return meeting.title.text

    @extend_schema_field(StatusCountSerializer(many=True))
    def get_summary(self, meeting):
        return [{"status": status, "count": count} for status, count in meeting.status_rows]


class ReportPartySerializer(serializers.Serializer):
    party = serializers.CharField(source="code", read_only=True)
    party_name = serializers.CharField(source="name", read_only=True)
    asked = serializers.IntegerField(read_only=True)
    answered = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(choices=COMPLETENESS_CHOICES, read_only=True)


class ReportMeetingTallySerializer(serializers.Serializer):
    meeting = serializers.SlugField(source="slug", read_only=True)
    asked = serializers.IntegerField(read_only=True)
    answered = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(choices=COMPLETENESS_CHOICES, read_only=True)
    parties_answered = serializers.IntegerField(read_only=True)
    parties_partly = serializers.IntegerField(read_only=True)
    parties_silent = serializers.IntegerField(read_only=True)


class ReportChangeSerializer(serializers.Serializer):
    meeting = serializers.SlugField(read_only=True)
    kind = serializers.ChoiceField(choices=[("decision", "decision"), ("action", "action")], read_only=True)
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    title = serializers.SerializerMethodField(help_text=_("The action's title in your language; empty for an item."))
    before = serializers.ChoiceField(choices=STATUS_CHOICES, read_only=True)
    after = serializers.ChoiceField(choices=STATUS_CHOICES, read_only=True)

    def get_title(self, change) -> str:
        return change.title.text


class ReportRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.SerializerMethodField()
    opens_on = serializers.DateField(read_only=True, allow_null=True)
    closes_on = serializers.DateField(read_only=True, allow_null=True)

    def get_title(self, round) -> str:
        return round.title.text


class ImplementationReportSerializer(serializers.Serializer):
    frozen = serializers.BooleanField(
        read_only=True,
        help_text=_("True: the report as known when the round was frozen, the same whatever is reported later."),
    )
    known_on = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("The day the Secretariat knew it (frozen reports).")
    )
    day = serializers.DateField(read_only=True, help_text=_("The day the statuses are those of."))
    historical = serializers.BooleanField(read_only=True, help_text=_("True: a past day rebuilt from the log."))
    round = ReportRoundSerializer(read_only=True, allow_null=True)
    meetings = ReportMeetingSerializer(many=True, read_only=True)


class RoundReportSerializer(ImplementationReportSerializer):
    completeness_by_meeting = ReportMeetingTallySerializer(source="meeting_completeness", many=True, read_only=True)
    completeness_by_party = ReportPartySerializer(
        source="parties",
        many=True,
        read_only=True,
        help_text=_("Whether each party answered: for the Secretariat and that party's focal points only."),
    )
    previous_round = ReportRoundSerializer(read_only=True, allow_null=True)
    previous_known_on = serializers.DateField(read_only=True, allow_null=True)
    changes = ReportChangeSerializer(
        many=True, read_only=True, help_text=_("Status changes since the previous frozen round's report.")
    )
