"""CSV output of any list (`?format=csv` or `Accept: text/csv`), safe to open in a spreadsheet.

Nested objects become dotted columns (`meeting.slug`, `text.en`); lists of scalars are joined with "; ";
lists of objects are reduced to the key that names each one (`reference`, `code`, `slug`, …). A cell that
a spreadsheet would read as a formula is prefixed with an apostrophe (`decisions.rules.spreadsheet`, the rule of every
download), so opening an export never runs anything.
"""

import csv
import io
import json

import orjson
from django.utils.translation import gettext as _
from rest_framework import renderers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request

from decisions.api.exceptions import InvalidQuery
from decisions.rules.spreadsheet import formula_escape

NAMING_KEYS = ("reference", "code", "slug", "party", "id", "url")


def flatten(row: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = _cell(value)
    return flat


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "; ".join(_list_item(item) for item in value)
    return formula_escape(text=str(value))


def _list_item(item) -> str:
    if isinstance(item, dict):
        for key in NAMING_KEYS:
            if item.get(key) not in (None, ""):
                return _cell(item[key])
        return formula_escape(text=json.dumps(item, ensure_ascii=False, sort_keys=True))
    return _cell(item)


def rows_of(data) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    return [data] if isinstance(data, dict) else []


# What DRF's JSON escapes that UTF-8 JSON would not need to (JavaScript reads them as line breaks).
_LINE_BREAKS = (("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))
# Types orjson writes its own way: given to DRF's encoder instead (`default`), which writes them as DRF does.
_PASSTHROUGH = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON, the same bytes, written by orjson: a page of a hundred decisions with their sub-items took
    DRF's encoder half a millisecond, more than a twelfth of the list computed afresh, and orjson a twentieth of
    that. Dates, times and dataclasses go through DRF's own encoder (`default`), and so does anything orjson
    refuses (an integer wider than 64 bits, a key that is not a string) by falling back to DRF's renderer whole,
    as an indented answer (`Accept: application/json; indent=2`) does. The one difference left is a float's
    spelling (`1e16`, where Python writes `1e+16`) and a NaN written as `null` where DRF fails: the API has no
    float field. tests/api/test_json_renderer.py compares the two."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None or not self.compact or self.ensure_ascii:
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            content = orjson.dumps(data, default=self.encoder_class().default, option=_PASSTHROUGH)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        for raw, escaped in _LINE_BREAKS:
            if raw in content:
                content = content.replace(raw, escaped)
        return content


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        rows = [flatten(row) for row in rows_of(data) if isinstance(row, dict)]
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        # A byte-order mark, so that spreadsheets read accented names as UTF-8.
        return ("\ufeff" + out.getvalue()).encode(self.charset)


def csv_lines(chunks):
    """Every row of an export as CSV text, chunk by chunk (lists of representations), for a streamed response:
    the byte-order mark and the header first (the columns of the first chunk), then each row as it comes."""
    out = io.StringIO()
    writer = None
    for chunk in chunks:
        rows = [flatten(row) for row in chunk if isinstance(row, dict)]
        if writer is None:
            columns: dict[str, None] = {}
            for row in rows:
                columns.update(dict.fromkeys(row))
            writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n", extrasaction="ignore")
            out.write("\ufeff")
            writer.writeheader()
        writer.writerows(rows)
        yield out.getvalue().encode(CSVRenderer.charset)
        out.seek(0)
        out.truncate()
    if writer is None:
        yield "\ufeff".encode(CSVRenderer.charset)


class StrictContentNegotiation(DefaultContentNegotiation):
    """`?format=` names a format this endpoint has; an unknown one is a 400, not DRF's bare 404."""

    def select_renderer(self, request: Request, renderers, format_suffix=None):
        requested = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if requested is not None and requested not in {r.format for r in renderers if r.format != "api"}:
            known = ", ".join(sorted(r.format for r in renderers if r.format != "api"))
            message = _("“%(format)s” is not a format of this resource (%(known)s).")
            raise InvalidQuery({"format": [message % {"format": requested[:40], "known": known}]})
        return super().select_renderer(request, renderers, format_suffix)
