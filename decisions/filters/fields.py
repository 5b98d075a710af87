"""The strict field types of the filters: each validates exactly what the OpenAPI schema publishes for it
(`documented`), so a client generated from the schema, the site's lists and the API agree on every value.
"""

import datetime
import re
from typing import TypeVar

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.drainage import set_override

MAX_ID = 2**63 - 1
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
_LEAP_SECOND = re.compile(r"(T\d\d:\d\d):60")


F = TypeVar("F", bound=django_filters.Filter)


def documented(*, filter_instance: F, schema: dict) -> F:
    """Publish `schema` for this filter in the OpenAPI document."""
    set_override(filter_instance, "field", schema)
    return filter_instance


class StrictBooleanField(forms.Field):
    default_error_messages = {"invalid": gettext_lazy("Give true or false.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IsoDateTimeField(forms.Field):
    """An RFC 3339 / ISO 8601 date and time. Without an offset it is read in the Secretariat's time zone; a
    moment before year 1 or after 9999 (in UTC) is held at that limit rather than refused."""

    default_error_messages = {"invalid": gettext_lazy("Give a date and time such as 2024-05-20T09:30:00Z.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = _LEAP_SECOND.sub(r"\1:59", str(value).strip().upper().replace(" ", "T", 1))
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=timezone.get_current_timezone())
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            earliest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
            latest = datetime.datetime.max.replace(tzinfo=datetime.UTC)
            return earliest if moment.year < 5000 else latest


class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField


def id_filter(*, field_name: str, help_text: str) -> IdFilter:
    field = IdFilter(field_name=field_name, help_text=help_text, min_value=1, max_value=MAX_ID)
    return documented(
        filter_instance=field, schema={"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": help_text}
    )


def slug_filter(
    *, field_name: str, help_text: str, max_length: int = 80, method: str | None = None
) -> django_filters.CharFilter:
    kwargs = {"method": method} if method else {"field_name": field_name}
    field = django_filters.CharFilter(help_text=help_text, max_length=max_length, **kwargs)
    field.field_class = forms.SlugField
    return documented(
        filter_instance=field,
        schema={"type": "string", "pattern": SLUG_PATTERN, "maxLength": max_length, "description": help_text},
    )


def search_filter(*, method: str, help_text: str) -> django_filters.CharFilter:
    return documented(
        filter_instance=django_filters.CharFilter(method=method, max_length=200, help_text=help_text),
        schema={"type": "string", "maxLength": 200, "description": help_text},
    )


def updated_since_filter(*, method: str | None = None) -> django_filters.Filter:
    help_text = gettext_lazy(
        "Only what changed at or after this moment (ISO 8601): for incremental syncing. Keep the newest "
        "`updated_at` you saw and send it next time."
    )
    kwargs = {"method": method} if method else {"field_name": "updated_at", "lookup_expr": "gte"}
    field = django_filters.Filter(help_text=help_text, **kwargs)
    field.field_class = IsoDateTimeField
    return documented(filter_instance=field, schema={"type": "string", "format": "date-time", "description": help_text})


def date_filter(*, field_name: str, lookup_expr: str, help_text: str) -> django_filters.DateFilter:
    field = django_filters.DateFilter(field_name=field_name, lookup_expr=lookup_expr, help_text=help_text)
    field.field_class = IsoDateField
    return field


class IsoDateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]
