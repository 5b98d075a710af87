"""The API's JSON renderer (decisions/api/renderers.JSONRenderer) writes what DRF's own JSONRenderer writes, byte
for byte, for anything a representation holds: it only changes who writes it (orjson)."""

import datetime
import decimal
import uuid
from collections import OrderedDict

import pytest
from django.db import models
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import renderers
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from decisions.api.renderers import JSONRenderer


class Colour(models.TextChoices):
    RED = "red", "Red"


AWARE = datetime.datetime(2004, 5, 14, 9, 30, 5, 123456, tzinfo=datetime.UTC)
AWKWARD = {
    "accents": "Declaración de Panamá — Niños, niñas y adolescentes",
    "line breaks JavaScript reads": "a\u2028b\u2029c",
    "controls": 'tab\there\nquote" backslash\\ nul\x00 bell\x07',
    "emoji": "\U0001f30e",
    "html": "<script>alert('x')</script> & </",
    "aware": AWARE,
    "naive": AWARE.replace(tzinfo=None),
    "elsewhere": AWARE.astimezone(datetime.timezone(datetime.timedelta(hours=-5))),
    "date": datetime.date(2004, 5, 14),
    "time": datetime.time(9, 30, 5, 123456),
    "duration": datetime.timedelta(days=2, seconds=5),
    "decimal": decimal.Decimal("12.50"),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy": gettext_lazy("Decisions"),
    "choice": Colour.RED,
    "wide integer": 2**70,
    "negative": -(2**63),
    "booleans": [True, False, None],
    "tuple": (1, "two"),
    "ordered": OrderedDict([("b", 1), ("a", 2)]),
    "returned": ReturnDict({"z": ReturnList([1, 2], serializer=None)}, serializer=None),
    "empty": {"list": [], "dict": {}, "text": ""},
}


def both(data, media_type=None, context=None) -> tuple[bytes, bytes]:
    return (
        JSONRenderer().render(data, media_type, context),
        renderers.JSONRenderer().render(data, media_type, context),
    )


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_each_kind_of_value_is_written_as_drf_writes_it(name):
    ours, drf = both({name: AWKWARD[name]})
    assert ours == drf


def test_a_whole_representation_and_what_orjson_refuses():
    ours, drf = both(AWKWARD)
    assert ours == drf
    assert both({1: "a key that is not a string"})[0] == b'{"1":"a key that is not a string"}'
    assert both(None) == (b"", b"")


def test_an_indented_answer_is_indented_as_drf_indents_it():
    ours, drf = both(AWKWARD, "application/json; indent=2")
    assert ours == drf
    assert b'\n  "accents"' in ours


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**80), max_value=2**80) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_any_json_of_strings_integers_and_containers_is_drfs(value):
    ours, drf = both({"value": value})
    assert ours == drf


def test_drfs_encoder_writes_only_what_orjson_refuses(monkeypatch):
    """The point of the renderer: DRF's `json.dumps` is not what writes a representation."""
    monkeypatch.setattr(renderers.JSONRenderer, "render", lambda *args: pytest.fail("DRF's renderer ran"))
    everything_but_the_wide_integer = {name: value for name, value in AWKWARD.items() if name != "wide integer"}
    assert JSONRenderer().render(everything_but_the_wide_integer).startswith(b'{"accents":')
