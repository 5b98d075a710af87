"""Serializers whose instances are rows: dicts read with `.values()`, with their related rows attached under the
names the fields read (see representations.py), never model instances.

A `RowSerializer` declares its fields like any DRF serializer, and drf-spectacular documents that declaration:
the schema and the output come from one source. What differs is how a row is rendered. DRF's own
`to_representation` walks the fields for every row, looking each attribute up through its source and calling
the field; on a list page of a hundred decisions with their sub-items that costs more than the queries. Here
the fields are compiled once into a plan, one reader per field in the declared order, and a row is
`{name: read(row) for name, read in plan}`. Plans are shared by every request whose links (the host its absolute
URLs name) and language are the same (`shared_row_plan`):

- a field whose output is its value (an integer, a string, a choice whose code is its value) reads the key;
- a boolean, a date, a date-time is converted as DRF converts it (`None` stays `None`, as in DRF);
- a nested serializer renders its own row (`many=True`: each row of a list);
- a `SerializerMethodField` calls its method with the row;
- a field with a `row_reader` (links, texts in both languages) builds its own reader;
- any other field is called as DRF would call it, so an unknown field is slower, never different.

tests/api/test_list_representation.py checks the plan against DRF's own rendering of the same declaration."""

import copy
from collections.abc import Callable
from operator import itemgetter

from django.utils import timezone
from django.utils.translation import get_language
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from decisions.api.serializers.common import links_of

Reader = Callable[[dict], object]


def source_reader(field: serializers.Field) -> Reader:
    """What the field's `source` names in a row: the row itself (`*`), a key, or a path of keys."""
    keys = ["id" if key == "pk" else key for key in field.source_attrs]
    if not keys:
        return lambda row: row
    if len(keys) == 1:
        return itemgetter(keys[0])

    def read(row: dict):
        for key in keys:
            if row is None:
                return None
            row = row[key]
        return row

    return read


def _is_identity(field: serializers.Field) -> bool:
    """Fields whose output is the value a row holds for them (str, int, or a choice's own code)."""
    if isinstance(field, serializers.ChoiceField):
        return all(text == value for text, value in field.choice_strings_to_values.items())
    return isinstance(field, serializers.CharField | serializers.IntegerField)


def _converter(field: serializers.Field) -> Callable[[object], object]:
    """How DRF turns a row's value (never None here) into output, without its per-call lookups."""
    if isinstance(field, serializers.BooleanField):
        return bool
    if isinstance(field, serializers.DateTimeField) and _iso_8601(field, api_settings.DATETIME_FORMAT):
        return _datetime_converter(field)
    if isinstance(field, serializers.DateField) and _iso_8601(field, api_settings.DATE_FORMAT):
        return lambda value: value if isinstance(value, str) else value.isoformat()
    return field.to_representation


def _iso_8601(field: serializers.Field, default: str | None) -> bool:
    output_format = getattr(field, "format", default)
    return isinstance(output_format, str) and output_format.lower() == ISO_8601


def _datetime_converter(field: serializers.DateTimeField) -> Callable[[object], str]:
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()

    def convert(value) -> str:
        if zone is None or isinstance(value, str) or value.tzinfo is None:
            return field.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


def field_reader(field: serializers.Field) -> Reader:
    if isinstance(field, serializers.ListSerializer):
        get, render = source_reader(field), row_plan(field.child)
        return lambda row: [render(item) for item in get(row)]
    if isinstance(field, RowSerializer):
        get, render = source_reader(field), row_plan(field)

        def nested(row: dict):
            value = get(row)
            return None if value is None else render(value)

        return nested
    if isinstance(field, serializers.SerializerMethodField):
        return getattr(field.parent, field.method_name)
    if hasattr(field, "row_reader"):
        return field.row_reader(source_reader(field))
    get = source_reader(field)
    if _is_identity(field):
        return get
    convert = _converter(field)

    def converted(row: dict):
        value = get(row)
        return None if value is None else convert(value)

    return converted


def row_plan(serializer: serializers.Serializer) -> Callable[[dict], dict]:
    """The serializer's rendering of one row, compiled from its fields (once per serializer instance)."""
    plan = getattr(serializer, "_row_plan", None)
    if plan is None:
        if not isinstance(serializer, RowSerializer):
            raise TypeError(f"{type(serializer).__name__} renders model instances, not rows")
        readers = tuple((name, field_reader(field)) for name, field in serializer.fields.items())

        def plan(row: dict) -> dict:
            return {name: read(row) for name, read in readers}

        serializer._row_plan = plan
    return plan


class _Plans:
    """The plans of row serializers by class, request's links and language, shared by every request and thread:
    building one costs a computed list page more than half a millisecond (each field copied, bound and read
    through). A plan is built by a serializer given nothing of its request but its links, so it can hold nothing
    of one reader (`shared_row_plan`). Bounded, and emptied when full, as the hosts a request names may vary."""

    LIMIT = 64

    def __init__(self):
        self.built: dict[tuple, Callable[[dict], dict]] = {}


_plans = _Plans()


def shared_row_plan(serializer: serializers.Serializer) -> Callable[[dict], dict]:
    """The rendering of one row of the serializer's class, for its request's links (absolute URLs name the host
    the request was made to), the active language and time zone. Everything else a row shows is in the row; the
    rows of a list are read and completed per request (`rows()`), with the reader's scope and day."""
    links = links_of(serializer.context)
    # The time zone too: a date-time field's reader converts to the zone current when the plan is built.
    key = (type(serializer), links.base, links.site, get_language(), timezone.get_current_timezone_name())
    plan = _plans.built.get(key)
    if plan is None:
        if len(_plans.built) >= _Plans.LIMIT:
            _plans.built.clear()
        # Its context is the links alone: a field reading anything else of the request finds nothing (a KeyError,
        # or None from `.get`), and the plan can keep nothing of one reader.
        plan = _plans.built[key] = row_plan(type(serializer)(context={"links": links}))
    return plan


class RowListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        render = shared_row_plan(self.child)
        return [render(row) for row in self.child.rows(data)]


# Read-only. At the top (a list page, a detail) what it is given goes through `rows()` first: `.values()` rows or
# instances (turned into the same rows by `row_of`), with what they link to attached in bulk. Nested row
# serializers are given their part of the row as it is. (Comments, not a docstring: drf-spectacular publishes a
# serializer's docstring, inherited ones included, as its component's description.)
class RowSerializer(serializers.Serializer):
    class Meta:
        list_serializer_class = RowListSerializer

    def get_fields(self) -> dict[str, serializers.Field]:
        # DRF deep-copies the declared fields for every serializer made, each field built again from its
        # arguments: more than a millisecond of a computed list page on SQLite. A row serializer only reads, and
        # binding a field assigns its attributes without changing what it shares with the declared one, so a
        # shallow copy of each does.
        return {name: _field_copy(field) for name, field in self._declared_fields.items()}

    def rows(self, items) -> list[dict]:
        """The rows of a list page: `.values()` rows, or instances turned into rows, with what they link to."""
        return [item if isinstance(item, dict) else self.row_of(item) for item in items]

    def row_of(self, instance) -> dict:
        raise TypeError(f"{type(self).__name__} renders rows; it cannot read {type(instance).__name__}")

    def to_representation(self, instance) -> dict:
        return shared_row_plan(self)(self.rows([instance])[0])


def _field_copy(field: serializers.Field) -> serializers.Field:
    """A copy of a declared field for one serializer to bind: its own attributes, nothing bound yet (a nested
    serializer's fields and plan are made again for the copy). A list of nested rows is copied as DRF copies it:
    its item serializer is bound from the start, and its own fields are made cheaply by this class again."""
    if isinstance(field, serializers.ListSerializer):
        return copy.deepcopy(field)
    copied = copy.copy(field)
    copied.__dict__.pop("fields", None)
    copied.__dict__.pop("_row_plan", None)
    return copied
