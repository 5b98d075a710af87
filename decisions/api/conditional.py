"""Conditional requests: an ETag on every GET (304 on a matching If-None-Match), If-Match on every change.

Two kinds of ETag:
- a resource's ETag is strong: a hash of its JSON representation, so it changes exactly when what the
  client sees changes, and If-Match compares it before any write (412 when it differs, 428 when missing);
- a list's ETag is weak and cheap: a hash of the request (path, parameters, format, language, the reader's
  scope's key (decisions/selectors/visibility.py), today's date, for the overdue flag) and of the record's version
  (decisions/caching/versions.py), which moves after every committed write: one primary-key query, so a 304 costs
  next to nothing and is never stale. The price is that an unrelated write also makes lists look changed,
  which costs one full response. A connection holding uncommitted writes has no version; it falls back to a
  stamp of every table read in one query (the newest row id and `updated_at` and the row count of each).
"""

import datetime
import functools
import hashlib
import json

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date as django_http_date
from django.utils.http import parse_etags
from django.utils.translation import get_language

from decisions.api.exceptions import PreconditionFailed, PreconditionRequired
from decisions.caching import value_digest
from decisions.caching.versions import record_version_get
from decisions.selectors.visibility import scope_get

# Changes whenever representations change shape, so no client keeps an ETag across a deploy that changed them.
REPRESENTATION_VERSION = "1"
STAMPED_APPS = ("members", "decisions")


@functools.cache
def _stamp_sql(vendor: str) -> str:
    # Built from the models' own table and column names (quoted by the backend), never from input; the
    # S608 warnings below are about string-built SQL in general.
    quote = connection.ops.quote_name
    parts = []
    for label in STAMPED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            table = quote(model._meta.db_table)
            if model.__name__.startswith("Historical") and hasattr(model, "history_id"):
                parts.append(f"(SELECT MAX({quote('history_id')}) FROM {table})")  # noqa: S608
                continue
            pk = quote(model._meta.pk.column)
            parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
            parts.append(f"(SELECT MAX({pk}) FROM {table})")  # noqa: S608
            if any(field.name == "updated_at" for field in model._meta.concrete_fields):
                parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {table})")  # noqa: S608
    return "SELECT " + ", ".join(parts)


def data_stamp() -> tuple:
    """One query that changes whenever anything in the record changes (it reads every table: the fallback)."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(connection.vendor))
        return tuple(cursor.fetchone())


def request_fingerprint(request, *, media_format: str, version: str | None = None) -> str:
    """Everything a response can depend on: the request as the reader made it, and the state of the record
    (the record's version, read here unless given)."""
    parts = (
        REPRESENTATION_VERSION,
        request.build_absolute_uri(request.path),
        sorted(request.query_params.lists()),
        media_format,
        get_language(),
        scope_get(user=request.user).key,
        timezone.localdate().isoformat(),
        version or record_version_get() or data_stamp(),
    )
    return value_digest(value=parts)


def list_etag(request, *, media_format: str, version: str | None = None) -> str:
    return f'W/"{request_fingerprint(request, media_format=media_format, version=version)}"'


# A resource's strong ETag needs its representation; the last one computed for the same fingerprint is
# remembered, so a revalidation (If-None-Match) costs one query, not a serialisation. The fingerprint holds
# the record's version, so any write makes the remembered tags unreachable: they are never stale.
REMEMBER_SECONDS = 600


def remembered(request, *, media_format: str) -> tuple[str | None, tuple | None]:
    """(the key to remember this resource's ETag under, the ETag remembered), or (None, None) while this
    connection holds uncommitted writes, which nobody else may see."""
    version = record_version_get()
    if version is None:
        return None, None
    key = "api-etag:" + request_fingerprint(request, media_format=media_format, version=version)
    return key, cache.get(key)


def remember(key: str | None, etag: str, last_modified: datetime.datetime | None) -> None:
    if key is not None:
        cache.set(key, (etag, last_modified), REMEMBER_SECONDS)


def representation_etag(data, *, media_format: str = "json") -> str:
    """The strong ETag of a resource: a hash of its representation (and of the format it is sent in)."""
    body = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    suffix = "" if media_format == "json" else f"-{media_format}"
    digest = hashlib.blake2b(f"{REPRESENTATION_VERSION}:{body}".encode(), digest_size=16).hexdigest()
    return f'"{digest}{suffix}"'


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def if_none_match_hits(request, etag: str, *, exact_only: bool = False) -> bool:
    """Weak comparison, as RFC 9110 asks for If-None-Match (`*` matches anything, unless `exact_only`)."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    if header.strip() == "*":
        return not exact_only
    return _opaque(etag) in {_opaque(tag) for tag in parse_etags(header)}


def not_modified(etag: str, last_modified: datetime.datetime | None = None) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response


def check_if_match(request, current_etag: str, *, required: bool) -> None:
    """Strong comparison, as RFC 9110 asks for If-Match: raise 428 when required and missing, 412 on mismatch."""
    header = request.headers.get("If-Match")
    if not header:
        if required:
            raise PreconditionRequired()
        return
    if header.strip() == "*":
        return
    tags = [tag for tag in parse_etags(header) if not tag.startswith("W/")]
    if current_etag not in tags:
        raise PreconditionFailed()


def http_date(moment: datetime.datetime) -> str:
    return django_http_date(moment.timestamp())
