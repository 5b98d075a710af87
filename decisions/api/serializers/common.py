"""Pieces every representation shares: links between resources, texts in both languages, due dates."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from decisions.api.serializers.fields import InputSerializer, Text

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


class Links:
    """Absolute URLs of API resources, built from one reversed prefix per request: lists link every row
    several times, and reversing each link would cost more than the rest of the serialisation."""

    def __init__(self, request):
        root = reverse("api:root")
        self.base = request.build_absolute_uri(root) if request is not None else root
        self.site = self.base[: -len(root)] if request is not None else ""

    def meeting(self, slug: str) -> str:
        return f"{self.base}meetings/{slug}/"

    def decision(self, pk: int) -> str:
        return f"{self.base}decisions/{pk}/"

    def decision_by_reference(self, slug: str, reference: str) -> str:
        return f"{self.base}meetings/{slug}/decisions/{reference}/"

    def action(self, pk: int) -> str:
        return f"{self.base}actions/{pk}/"

    def update(self, pk: int) -> str:
        return f"{self.base}progress-updates/{pk}/"

    def party(self, code: str) -> str:
        return f"{self.base}parties/{code}/"

    def theme(self, slug: str) -> str:
        return f"{self.base}themes/{slug}/"

    def document(self, pk: int) -> str:
        return f"{self.base}documents/{pk}/"

    def collection(self, name: str, **params) -> str:
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return f"{self.base}{name}/" + (f"?{query}" if query else "")

    def page(self, path: str) -> str:
        """A page of the public site (a path from get_absolute_url)."""
        return f"{self.site}{path}"


def links_of(context) -> Links:
    """The links of the serializer's request (or those it was given alone: a shared row plan's, rows.py)."""
    if (given := context.get("links")) is not None:
        return given
    request = context.get("request")
    cached = getattr(request, "_api_links", None)
    if cached is None:
        cached = Links(request)
        if request is not None:
            request._api_links = cached
    return cached


class OrderedFieldsMixin:
    """Fields in `field_order` come first, in that order (inherited fields would otherwise lead)."""

    field_order: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        rank = {name: index for index, name in enumerate(self.field_order)}
        return dict(sorted(fields.items(), key=lambda item: rank.get(item[0], len(rank))))


TRANSLATED_SCHEMA = {
    "type": "object",
    "description": "The text in each language; null where there is no translation yet.",
    "properties": {code: {"type": "string", "nullable": True} for code in LANGUAGES},
    "required": list(LANGUAGES),
}


@extend_schema_field(TRANSLATED_SCHEMA)
class TranslatedField(serializers.Field):
    """`{"en": …, "es": …}` from a django-modeltranslation field's per-language columns."""

    def __init__(self, base: str, **kwargs):
        self.base = base
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, instance) -> dict:
        return {code: getattr(instance, f"{self.base}_{code}") or None for code in LANGUAGES}

    def row_reader(self, get):
        """The same from a row (serializers/rows.py): its `<base>_<code>` keys."""
        names = tuple((code, f"{self.base}_{code}") for code in LANGUAGES)

        def read(row: dict) -> dict:
            texts = get(row)
            return {code: texts[name] or None for code, name in names}

        return read


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """A link to another resource, built by a Links method from an attribute of the instance."""

    def __init__(self, kind: str, attribute: str = "pk", **kwargs):
        self.kind, self.attribute = kind, attribute
        kwargs.setdefault("read_only", True)
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, instance) -> str | None:
        value = instance
        for part in self.attribute.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return getattr(links_of(self.context), self.kind)(value)

    def row_reader(self, get):
        """The same from a row (serializers/rows.py): the attribute's path as keys, `pk` being the row's `id`."""
        link = getattr(links_of(self.context), self.kind)
        keys = tuple("id" if part == "pk" else part for part in self.attribute.split("."))

        def read(row: dict) -> str | None:
            value = get(row)
            for key in keys:
                value = value.get(key) if value is not None else None
            return None if value is None else link(value)

        return read


class TitleInput(InputSerializer):
    """A title to write, in one or both languages: `{"en": "…", "es": "…"}` (English required)."""

    en = Text(max_length=300)
    es = Text(max_length=300, required=False, allow_blank=True)


class DescriptionInput(InputSerializer):
    """A longer text to write, in one or both languages."""

    en = Text(required=False, allow_blank=True, max_length=20000)
    es = Text(required=False, allow_blank=True, max_length=20000)
