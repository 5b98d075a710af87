"""Status counts for any filter of the decisions list."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from decisions.api.serializers.common import LANGUAGES
from decisions.rules.status import DecisionKind, DecisionStatus


def _counts(name: str, values: list[str]) -> type[serializers.Serializer]:
    fields = {value: serializers.IntegerField(read_only=True, min_value=0) for value in values}
    return type(name, (serializers.Serializer,), fields)


TranslatedNameSerializer = type(
    "TranslatedName",
    (serializers.Serializer,),
    {code: serializers.CharField(read_only=True, allow_null=True) for code in LANGUAGES},
)
StatusCountsSerializer = _counts("StatusCounts", list(DecisionStatus.values))
KindCountsSerializer = _counts("KindCounts", list(DecisionKind.values))


class GroupStatsSerializer(serializers.Serializer):
    key = serializers.CharField(
        read_only=True, help_text=_("The meeting's slug, the party's code or the theme's slug.")
    )
    name = TranslatedNameSerializer(read_only=True)
    count = serializers.IntegerField(read_only=True)
    overdue = serializers.IntegerField(read_only=True)
    by_status = StatusCountsSerializer(read_only=True)
    by_kind = KindCountsSerializer(read_only=True)
    decisions_url = serializers.URLField(read_only=True, help_text=_("The decisions of this group."))


class StatsSerializer(serializers.Serializer):
    count = serializers.IntegerField(read_only=True, help_text=_("How many decisions match the filters."))
    overdue = serializers.IntegerField(read_only=True, help_text=_("How many of them are overdue."))
    by_status = StatusCountsSerializer(read_only=True)
    by_kind = KindCountsSerializer(read_only=True)
    decisions_url = serializers.URLField(read_only=True, help_text=_("The decisions these counts are of."))
    # Not read-only, so that the schema marks them optional: they are there only when `group_by` is asked for.
    group_by = serializers.CharField(required=False, help_text=_("Only with `group_by`."))
    groups = GroupStatsSerializer(many=True, required=False, help_text=_("Only with `group_by`."))
