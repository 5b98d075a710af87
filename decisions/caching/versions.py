"""The record's version: what every cache of this app is keyed by, so a cached page, list or ETag is never
served after the write that changed it.

Every committed write to the record (any model of `decisions`, `members` or `auth`, through save, delete or
a many-to-many change; bulk writes call `record_version_bump()` themselves) moves one counter, once per transaction,
right after the commit. Readers read it (one primary-key query) and use it in their cache keys. Because the
counter lives in the database, every process sees the same version — gunicorn workers with a local-memory
cache each, or many machines sharing Redis.

Each write also moves the counters of the scopes it touched (decisions/caching/scopes.py): its meeting's, or
the shared one when it touched something every meeting's page may show. A page that reads one meeting alone is
keyed by that meeting's counter and the shared one (`record_version_get(meeting=…)`), so a reporting day's
writes to other meetings leave it warm; every other page is keyed by the record's counter.

Why after the commit and not inside the transaction: a counter row updated inside every writing transaction
would be locked until that transaction ends, serialising writers and opening a lock-order deadlock with the
rows they also lock. The window between a commit and its bump is closed for the writer itself (the bump runs
before its response is sent) and only ever serves what was true a moment earlier to others.

A connection that has written but not committed (a request's own transaction, a test) reads no cache at all:
`record_version_get()` is None then, and callers compute afresh.
"""

import functools
import logging
import secrets
from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction
from django.db.models import F

logger = logging.getLogger(__name__)

ROW = 1
SHARED = "shared"


def meeting_scope(*, slug: str) -> str:
    """The scope of one meeting's part of the record, named by its slug (what its page and API filters hold)."""
    return f"meeting:{slug}"


class PendingBump:
    """The bump a transaction owes once it commits: the record's counter and the scopes its writes touched."""

    def __init__(self) -> None:
        self.scopes: set[str] = set()

    def __call__(self) -> None:
        _bump(sorted(self.scopes))


def _bump(scopes: list[str]) -> None:
    from decisions.models import RecordVersion

    try:
        # One transaction, rows always taken in the same order (the record's row, then scopes sorted): two
        # bumps never wait on each other in a cycle, and no reader sees the record moved but not its scope.
        with transaction.atomic():
            if not RecordVersion.objects.filter(pk=ROW).update(counter=F("counter") + 1):
                # A new or emptied database: a new token, so its numbers never meet an earlier database's.
                RecordVersion.objects.get_or_create(pk=ROW, defaults={"token": secrets.token_hex(16), "counter": 1})
            if scopes:
                with connection.cursor() as cursor:
                    cursor.executemany(_scope_bump_sql(), [[scope] for scope in scopes])
    except DatabaseError:
        # The write is committed; what is lost is only the bump. Cached entries expire (CACHE_SECONDS).
        logger.exception("the record version could not be moved after a write")


def bump_pending() -> PendingBump | None:
    """The bump this connection's open transaction has registered, if it has written."""
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, PendingBump):
            return callback
    return None


def record_version_bump(*, scopes: Iterable[str] = (SHARED,)) -> None:
    """Move the version, and the counters of `scopes`, once the current transaction commits (at once outside a
    transaction). Without `scopes` a write is taken to touch what every page may show."""
    pending = bump_pending() if connection.in_atomic_block else None
    if pending is None:
        pending = PendingBump()
        pending.scopes.update(scopes)
        transaction.on_commit(pending)
    else:
        pending.scopes.update(scopes)


def record_version_get(*, meeting: str | None = None) -> str | None:
    """The version to key caches by, or None when this connection has uncommitted writes (read afresh). With
    `meeting` (a slug), the version of what a page reading that meeting alone depends on."""
    if connection.in_atomic_block and bump_pending():
        return None
    with connection.cursor() as cursor:
        if meeting is None:
            cursor.execute(_version_sql(), [ROW])
        else:
            cursor.execute(_scoped_version_sql(), [SHARED, meeting_scope(slug=meeting), ROW])
        row = cursor.fetchone()
    if not row:
        return "new"
    return f"{row[0]}:{row[1]}" if meeting is None else f"{row[0]}:s{row[1] or 0}:m{row[2] or 0}"


def _tables() -> tuple:
    from decisions.models import RecordVersion, ScopeVersion

    quote = connection.ops.quote_name
    return quote, quote(RecordVersion._meta.db_table), quote(ScopeVersion._meta.db_table)


@functools.cache
def _version_sql() -> str:
    """The one query every cached read makes, written once: building it through the ORM on each request was
    about 40% of a cached API list's time in one process."""
    quote, record, _scopes = _tables()
    return f"SELECT {quote('token')}, {quote('counter')} FROM {record} WHERE {quote('id')} = %s"  # noqa: S608


@functools.cache
def _scoped_version_sql() -> str:
    """The record's token with the shared counter and one meeting's: still one query, three primary-key reads."""
    quote, record, scopes = _tables()
    counter = f"(SELECT {quote('counter')} FROM {scopes} WHERE {quote('scope')} = %s)"  # noqa: S608
    return f"SELECT {quote('token')}, {counter}, {counter} FROM {record} WHERE {quote('id')} = %s"  # noqa: S608


@functools.cache
def _scope_bump_sql() -> str:
    """Add one to a scope's counter, making its row on first use (the same statement on PostgreSQL and SQLite)."""
    quote, _record, scopes = _tables()
    counter = quote("counter")
    return (
        f"INSERT INTO {scopes} ({quote('scope')}, {counter}) VALUES (%s, 1) "  # noqa: S608 - names only
        f"ON CONFLICT ({quote('scope')}) DO UPDATE SET {counter} = {scopes}.{counter} + 1"
    )
