"""Caching what readers ask for again and again — a page's body, an API list page, a resource's ETag — under
the record's version (decisions/caching/versions.py), so nothing cached outlives the write that changed it.

A key holds everything a cached value can depend on: the version of what the reader may see (or, for a page
reading one meeting alone, that meeting's and the shared one), the request as the reader made it
(path and parameters), the language, what the reader may see (their scope's key: decisions/selectors/visibility.py, the
one place that decides it) and today's date (overdue flags change at midnight). No key is made while this
connection holds uncommitted writes: the value is computed afresh and not stored."""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from decisions.caching.flights import FLIGHT_WAIT_SECONDS, flight_once
from decisions.caching.versions import record_version_get, record_versions_get
from decisions.selectors.visibility import scope_get

# Changes whenever what is cached changes shape, so a deploy never reads entries written by the one before.
CACHE_FORMAT = "1"
_MISSING = object()


def value_digest(*, value: object) -> str:
    """A short, stable hash of `value`'s repr: what keys and ETags hold instead of the value itself."""
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def cache_key_build(*, request: HttpRequest, kind: str, meeting: str | None = None, news: bool = True) -> str | None:
    """The key of what this request reads, or None when nothing may be cached now. Its version is what the
    reader may see (decisions/caching/scopes.py): writes only others read, such as another party's pending
    reports, leave it. A page that reads one meeting alone names it (its slug): its key then moves only with
    that meeting's writes and shared ones. A page that shows no progress note — no log, no feed, no date of the
    last update, no pending report — says `news=False`: a note that sets no status then leaves it warm."""
    scope = scope_get(user=request.user)
    version = record_version_get(meeting=meeting, reader=scope, news=news)
    return None if version is None else _key(request=request, kind=kind, version=version, scope=scope)


def cache_keys_build(*, request: HttpRequest, kind: str) -> tuple[str | None, str | None]:
    """The keys of a page with parts of both kinds, from one read of the versions: the key of its parts that
    show no progress note (`news=False` above), then of those that do. None, None when nothing may be cached."""
    scope = scope_get(user=request.user)
    versions = record_versions_get(reader=scope)
    if versions is None:
        return None, None
    return tuple(  # type: ignore[return-value]
        _key(request=request, kind=f"{kind}-{part}", version=versions.of(news=news), scope=scope)
        for part, news in (("status", False), ("news", True))
    )


def _key(*, request: HttpRequest, kind: str, version: str, scope) -> str:
    parts = (
        CACHE_FORMAT,
        version,
        request.path,
        sorted(request.GET.lists()),
        get_language(),
        scope.key,
        timezone.localdate().isoformat(),
    )
    return f"{kind}:{value_digest(value=parts)}"


def cache_get_or_compute(
    *, key: str | None, compute: Callable[[], Any], wait_seconds: float = FLIGHT_WAIT_SECONDS
) -> Any:
    """The value stored under `key`, computed and stored when missing (computed only, when `key` is None). While
    another request computes it, this one waits for its value, at most `wait_seconds` (flights.py)."""
    if key is None:
        return compute()
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    # After a write every entry is cold at once: one thread computes this one, the others wait and read it.
    with flight_once(key=key, wait_seconds=wait_seconds):
        value = cache.get(key, _MISSING)  # stored while this thread waited, or just before it claimed the key
        if value is _MISSING:
            value = compute()
            cache.set(key, value, settings.CACHE_SECONDS)
    return value
