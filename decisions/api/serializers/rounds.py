"""Reporting rounds, their completeness and a party's packet, as the API returns them: the read models of
decisions/selectors/rounds.py rendered by these declarations, which drf-spectacular also publishes as the schema;
and the body of an answer (`PacketAnswerInputSerializer`), handed as it is to `packet_answer_save`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from decisions.api.serializers.common import LinkField, TranslatedField, links_of
from decisions.api.serializers.fields import InputSerializer, Text
from decisions.models import PacketAnswer
from decisions.rules.status import ActionStatus
from decisions.selectors.rounds import Completeness

ANSWER_STATUS_CHOICES = [("", _("No new status")), *ActionStatus.choices]
COMPLETENESS_CHOICES = [(state.value, state.value) for state in Completeness]


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField(help_text=_("This round in the API."))
    packet_url = serializers.SerializerMethodField(help_text=_("Your party's packet in this round (focal points)."))
    title = TranslatedField("title")
    opens_on = serializers.DateField(read_only=True)
    closes_on = serializers.DateField(read_only=True)
    opened_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("When the Secretariat opened it; null: not opened yet.")
    )
    frozen_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("When its report was frozen; answers stop then.")
    )
    is_open = serializers.BooleanField(read_only=True, help_text=_("Whether answers are taken now."))
    meetings = serializers.SerializerMethodField(help_text=_("The slugs of the meetings it covers."))
    parties = serializers.SerializerMethodField(help_text=_("The codes of the parties that must answer."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, round) -> str:
        return links_of(self.context).collection(f"rounds/{round.pk}")

    @extend_schema_field(OpenApiTypes.URI)
    def get_packet_url(self, round) -> str:
        return links_of(self.context).collection(f"rounds/{round.pk}/packet")

    def get_meetings(self, round) -> list[str]:
        return [meeting.slug for meeting in round.meetings.all()]

    def get_parties(self, round) -> list[str]:
        return [party.code for party in round.parties.all()]


class TallySerializer(serializers.Serializer):
    asked = serializers.IntegerField(read_only=True, help_text=_("Actions the round asks about."))
    answered = serializers.IntegerField(
        read_only=True, help_text=_("Of those, answers submitted (drafts do not count).")
    )
    state = serializers.ChoiceField(
        choices=COMPLETENESS_CHOICES,
        read_only=True,
        help_text=_("answered: every one; partly; silent: none (never shown as “not started”); nothing_asked."),
    )


class PartyTallySerializer(TallySerializer):
    party = serializers.CharField(source="party.code", read_only=True)
    party_name = serializers.CharField(source="party.name", read_only=True)


class MeetingTallySerializer(TallySerializer):
    meeting = serializers.SlugField(source="meeting.slug", read_only=True)
    parties_answered = serializers.IntegerField(read_only=True)
    parties_partly = serializers.IntegerField(read_only=True)
    parties_silent = serializers.IntegerField(read_only=True)


class CompletenessSerializer(serializers.Serializer):
    parties = PartyTallySerializer(many=True, read_only=True)
    meetings = MeetingTallySerializer(many=True, read_only=True)
    answered = serializers.SerializerMethodField(help_text=_("Parties that answered everything."))
    partly = serializers.SerializerMethodField(help_text=_("Parties that answered part."))
    silent = serializers.SerializerMethodField(help_text=_("Parties that answered nothing."))

    def get_answered(self, completeness) -> int:
        return completeness.count(Completeness.ANSWERED)

    def get_partly(self, completeness) -> int:
        return completeness.count(Completeness.PARTLY)

    def get_silent(self, completeness) -> int:
        return completeness.count(Completeness.SILENT)


class RoundDetailSerializer(RoundSerializer):
    completeness = CompletenessSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("Per party and per meeting (the Secretariat); null for a focal point, who reads their packet."),
    )


class PacketAnswerSerializer(serializers.Serializer):
    action = serializers.IntegerField(source="action_id", read_only=True)
    kind = serializers.ChoiceField(choices=PacketAnswer.Kind.choices, read_only=True)
    status = serializers.ChoiceField(
        choices=ANSWER_STATUS_CHOICES, read_only=True, help_text=_("The new status (kind new_status); empty otherwise.")
    )
    note = serializers.CharField(read_only=True)
    evidence_url = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(
        choices=PacketAnswer.State.choices,
        read_only=True,
        help_text=_("A draft the party's focal points share, or submitted (final) with the packet."),
    )
    version = serializers.IntegerField(
        source="revision", read_only=True, help_text=_("Send it back as `version` when you change this answer.")
    )
    author_name = serializers.CharField(read_only=True, help_text=_("Who wrote it last."))
    updated_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    progress_update = LinkField(
        "update", "update_id", allow_null=True, help_text=_("The progress report it became when submitted.")
    )


class LastUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = LinkField("update")
    date = serializers.DateField(read_only=True)
    status = serializers.ChoiceField(choices=ANSWER_STATUS_CHOICES, read_only=True)
    note = serializers.CharField(read_only=True)


class PacketRowSerializer(serializers.Serializer):
    action = serializers.IntegerField(source="action.pk", read_only=True)
    action_url = LinkField("action", "action.pk")
    title = serializers.CharField(source="action.title", read_only=True)
    decision = serializers.CharField(source="action.decision.reference", read_only=True)
    meeting = serializers.SlugField(source="action.decision.meeting.slug", read_only=True)
    status = serializers.ChoiceField(
        source="action.status", choices=ActionStatus.choices, read_only=True, help_text=_("The action's status now.")
    )
    last_update = LastUpdateSerializer(
        read_only=True, allow_null=True, help_text=_("Its last validated progress report your party may read.")
    )
    answer = PacketAnswerSerializer(read_only=True, allow_null=True, help_text=_("Your party's answer; null: none."))
    answer_url = serializers.SerializerMethodField(help_text=_("Where to PUT or PATCH the answer."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_answer_url(self, row) -> str:
        round = self.context["round"]
        path = reverse("api:round-packet-answer", kwargs={"round_id": round.pk, "action_id": row.action.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class PacketSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk", read_only=True)
    party = serializers.CharField(source="party.code", read_only=True)
    rows = PacketRowSerializer(many=True, read_only=True)


class PacketAnswerInputSerializer(InputSerializer):
    """One answer; `version` is the answer's version you read (0: there was none)."""

    kind = serializers.ChoiceField(choices=PacketAnswer.Kind.choices)
    status = serializers.ChoiceField(
        choices=ANSWER_STATUS_CHOICES, required=False, help_text=_("Required with kind new_status; empty otherwise.")
    )
    note = Text(required=False, allow_blank=True, max_length=20000, help_text=_("Markdown."))
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    version = serializers.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("The answer's version you read (0: there was none): a newer answer refuses yours (409)."),
    )


class StaleAnswerSerializer(serializers.Serializer):
    """Documents the extra member of a 409 for a stale answer: the other person's answer."""

    current = PacketAnswerSerializer(read_only=True)
