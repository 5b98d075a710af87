"""Input fields that refuse what would otherwise reach the database and fail there (a 500, not a 400), and
the base of every request body, which refuses the fields it does not take."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

MAX_ID = 2**63 - 1
MAX_FIELD_NAME = 60


class InputSerializer(serializers.Serializer):
    """A request body (or a part of one). A field it does not take is a 400 that names it, as an unknown query
    parameter is: silently dropping it would let a client believe a change was made (a misspelt `due_dte`,
    a read-only `status`). Every API write reads its body through a subclass of this one."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = sorted(name for name, field in self.fields.items() if not field.read_only)
            unknown = [str(name) for name in data if name not in writable]
            if unknown:
                message = _("Unknown field. This endpoint takes: %(names)s.") % {
                    "names": ", ".join(writable) or _("none")
                }
                raise serializers.ValidationError(
                    {name[:MAX_FIELD_NAME]: [ErrorDetail(str(message), code="unknown_field")] for name in unknown}
                )
        return super().to_internal_value(data)


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
