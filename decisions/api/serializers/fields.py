"""Input fields that refuse what would otherwise reach the database and fail there (a 500, not a 400)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MAX_ID = 2**63 - 1


def _no_lone_surrogates(value: str) -> None:
    # JSON can carry "\ud800" escapes that no database encoding accepts.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise serializers.ValidationError(_("The text contains characters that are not valid Unicode.")) from None


class Text(serializers.CharField):
    """A CharField that also refuses lone surrogates (NUL characters are already refused by DRF)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(_no_lone_surrogates)


class BoundedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id in the database's range, checked before the lookup (a huge number would overflow the query)."""

    default_error_messages = {"out_of_range": _("Give an id from 1 to {max}.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= number <= MAX_ID:
            self.fail("out_of_range", max=MAX_ID)
        return super().to_internal_value(number)
