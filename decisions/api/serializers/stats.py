"""Status counts for any filter of the decisions list."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from decisions.status import DecisionKind, DecisionStatus


def _counts(name: str, values: list[str]) -> type[serializers.Serializer]:
    fields = {value: serializers.IntegerField(read_only=True, min_value=0) for value in values}
    return type(name, (serializers.Serializer,), fields)


StatusCountsSerializer = _counts("StatusCounts", list(DecisionStatus.values))
KindCountsSerializer = _counts("KindCounts", list(DecisionKind.values))


class StatsSerializer(serializers.Serializer):
    count = serializers.IntegerField(read_only=True, help_text=_("How many decisions match the filters."))
    overdue = serializers.IntegerField(read_only=True, help_text=_("How many of them are overdue."))
    by_status = StatusCountsSerializer(read_only=True)
    by_kind = KindCountsSerializer(read_only=True)
    decisions_url = serializers.URLField(read_only=True, help_text=_("The decisions these counts are of."))
