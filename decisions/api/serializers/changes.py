"""One page of `/api/v1/changes/`: what changed since the client's cursor, as this reader may know it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from decisions.models import ChangeEntry
from decisions.selectors.changes import KINDS


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS.values()), read_only=True)
    id = serializers.IntegerField(read_only=True)
    operation = serializers.ChoiceField(
        choices=ChangeEntry.Operation.values,
        read_only=True,
        help_text=_(
            "upsert: read the object again from `url`; delete: drop your copy (it was deleted, or you may no "
            "longer see it)."
        ),
    )
    # Not read-only: the schema lists read-only fields as always present, and a tombstone has no address.
    url = serializers.URLField(required=False, help_text=_("The object's address (upserts only)."))


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True, read_only=True)
    cursor = serializers.CharField(
        read_only=True, help_text=_("Store it, and send it as `since` on the next poll: it returns what came after.")
    )
    next = serializers.URLField(
        read_only=True, allow_null=True, help_text=_("The next page when there is more; null when this was the last.")
    )
