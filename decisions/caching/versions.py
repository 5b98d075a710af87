"""The record's version: what every cache of this app is keyed by, so a cached page, list or ETag is never
served after the write that changed it.

Every committed write to the record (any model of `decisions`, `members` or `auth`, through save, delete or
a many-to-many change; bulk writes call `record_version_bump()` themselves) moves one counter, once per transaction,
right after the commit. Readers read it (one primary-key query) and use it in their cache keys. Because the
counter lives in the database, every process sees the same version — gunicorn workers with a local-memory
cache each, or many machines sharing Redis.

Each write also moves the counters of the scopes it touched (decisions/caching/scopes.py): those of the readers
who can see it, and of its meeting as each of them sees it — or the shared one when it touched something every
meeting's page may show. A cached page or list is keyed by its reader's counters (`record_version_get(reader=…)`),
and one reading one meeting alone by that meeting's as its reader sees it and the shared one (`meeting=…` too),
so a reporting day's writes to other meetings, and the reports others cannot read yet, leave it warm. A progress
note that sets no status moves its readers' notes counters (`news_scope`) instead of their own, so what shows no
note (`news=False`) stays warm while notes are published. ETags of single resources keep the record's own counter.

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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import DatabaseError, connection, transaction
from django.db.models import F

from members.roles import Audience

if TYPE_CHECKING:
    from decisions.selectors.visibility import ReaderScope

logger = logging.getLogger(__name__)

ROW = 1
SHARED = "shared"


MEETING_PREFIX = "meeting:"
NEWS_PREFIX = "news|"


def meeting_scope(*, meeting: int) -> str:
    """The scope of one meeting's part of the record, named by its id: a slug can change while another
    transaction, which read the old one, is still writing to the meeting."""
    return f"{MEETING_PREFIX}{meeting}"


def audience_scope(*, audience: Audience) -> str:
    """What one audience reads: moved by every write its readers can see."""
    return f"audience:{audience.name.lower()}"


def reports_scope(*, party: int) -> str:
    """What a party's focal points read beyond their audience: that party's reports in every review state."""
    return f"reports-of:{party}"


# Every reader: what a write moves unless it is known to be seen by fewer.
EVERYONE = frozenset(audience_scope(audience=audience) for audience in Audience)
# What a write moves unless it is known to touch less: every meeting's pages and every reader's.
EVERYTHING = frozenset({SHARED, *EVERYONE})


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
                    cursor.execute(_scope_bump_sql(len(scopes)), scopes)
    except DatabaseError:
        # The write is committed; what is lost is only the bump. Cached entries expire (CACHE_SECONDS).
        logger.exception("the record version could not be moved after a write")


def record_version_renew() -> None:
    """Give the record a new token, after its rows were replaced wholesale (a restore): the restored counters
    are the backup's, and numbers reached after the backup was taken may already key cached entries (a shared
    Redis, workers still running) of a timeline the restore undid."""
    from decisions.models import RecordVersion

    RecordVersion.objects.filter(pk=ROW).update(token=secrets.token_hex(16))


def bump_pending() -> PendingBump | None:
    """The bump this connection's open transaction has registered, if it has written."""
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, PendingBump):
            return callback
    return None


def record_version_bump(*, scopes: Iterable[str] = EVERYTHING) -> None:
    """Move the version, and the counters of `scopes`, once the current transaction commits (at once outside a
    transaction). Without `scopes` a write is taken to touch what every page may show, for every reader."""
    pending = bump_pending() if connection.in_atomic_block else None
    if pending is None:
        pending = PendingBump()
        pending.scopes.update(scopes)
        transaction.on_commit(pending)
    else:
        pending.scopes.update(scopes)


def reader_scopes(*, reader: "ReaderScope") -> list[str]:
    """The scopes whose writes a reader may see: their audience's, and their party's reports for a focal point."""
    scopes = [audience_scope(audience=reader.audience)]
    if reader.reports_of is not None:
        scopes.append(reports_scope(party=reader.reports_of))
    return scopes


def meeting_reader_scope(*, meeting: int, scope: str) -> str:
    """One meeting's part of the record as one reader scope sees it (`scope`: an audience's or a party's)."""
    return f"{meeting_scope(meeting=meeting)}|{scope}"


def news_scope(*, scope: str) -> str:
    """The progress notes of a reader scope (`scope`): moved instead of `scope` by a write that sets no status —
    a note, a report waiting for review, evidence — which only pages that read notes show."""
    return f"{NEWS_PREFIX}{scope}"


@dataclass(frozen=True)
class ReaderVersions:
    """What a reader's cached entries are keyed by, read together: `status` for what reads no progress note (the
    grid, the decision lists, the dashboard's counts), `news` for what does (feeds, the "no news" list, a log).
    `news` holds every counter `status` holds, so a page keyed by it also goes cold with every status change."""

    status: str
    news: str

    def of(self, *, news: bool) -> str:
        return self.news if news else self.status


def record_version_get(
    *, meeting: str | None = None, reader: "ReaderScope | None" = None, news: bool = True
) -> str | None:
    """The version to key caches by, or None when this connection has uncommitted writes (read afresh).

    With `reader` (a `ReaderScope`, decisions/selectors/visibility.py): the version of what that reader may see
    — a focal point's pending report moves it for that party's focal points and the Secretariat only. With
    `news=False`, of what they may see apart from progress notes (a note that sets no status leaves it). With
    `meeting` too (a slug, as the request named it): of what they may see of that meeting alone and of what
    every meeting shares; when no meeting has exactly that slug, the reader's version (what was asked for may
    still match a meeting some other way). Without either: the whole record's. One query in every case."""
    versions = record_versions_get(meeting=meeting, reader=reader)
    return None if versions is None else versions.of(news=news)


def record_versions_get(*, meeting: str | None = None, reader: "ReaderScope | None" = None) -> ReaderVersions | None:
    """`record_version_get` with and without the progress notes, in its one query: a page with parts of both
    kinds (the dashboard) checks its freshness once."""
    if connection.in_atomic_block and bump_pending():
        return None
    if meeting is not None and reader is None:
        raise ValueError("a meeting's version is a reader's: name the reader")
    readers = reader_scopes(reader=reader) if reader is not None else []
    # The reader's own scopes, then their notes' (read whether or not the caller needs them: primary-key reads).
    scopes = [*readers, *(news_scope(scope=scope) for scope in readers)]
    if meeting is None:
        row = _first_read(_version_sql(len(scopes)), [*scopes, ROW])
    else:
        seen = [part for scope in readers for part in (MEETING_PREFIX, f"|{scope}")]
        row = _first_read(_meeting_version_sql(len(readers), len(scopes)), [SHARED, *seen, *scopes, meeting, ROW])
    if not row:
        return ReaderVersions("new", "new")
    if meeting is None and not readers:
        version = f"{row[0]}:{row[1]}"
        return ReaderVersions(version, version)
    token, *counters = row
    if meeting is not None:
        # The meeting's id, then its counters (the shared one first), then the reader's own scopes'.
        found, counters = counters[0], counters[1:]
        if found is not None:
            # Every write to the meeting's rows, notes included, moves its counters as each reader sees it.
            scoped = [SHARED, *(meeting_reader_scope(meeting=found, scope=scope) for scope in readers)]
            version = _named(token, scoped, counters[: len(scoped)])
            return ReaderVersions(version, version)
        counters = counters[1 + len(readers) :]
    # The scopes are named in the version: two sets of scopes whose counters happen to be equal never meet.
    return ReaderVersions(_named(token, readers, counters[: len(readers)]), _named(token, scopes, counters))


def _first_read(sql: str, params: list) -> tuple | None:
    """One row of a read that is usually a request's first query, standing for the health check of a persistent
    connection (`CONN_HEALTH_CHECKS`). Django checks such a connection with a query of its own before the first
    query of each request: on PostgreSQL a round trip that a cached answer, which makes this one query, paid twice.
    This read checks the connection as well as that query would: a connection found dead (the database restarted,
    the connection dropped) is closed and the read made once more on a new one, which is what the check would have
    done. Inside a transaction a connection cannot be replaced, so there Django's check runs as before."""
    checks_itself = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if checks_itself:
        connection.health_check_done = True
        try:
            return _read_one(sql, params)
        except DatabaseError:  # as Django's check, any error of a connection it then finds unusable
            if connection.is_usable():
                raise  # the query failed, not the connection: as without this
            connection.close()
    return _read_one(sql, params)


def _read_one(sql: str, params: list) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _named(token: str, scopes: list[str], counters: list) -> str:
    return ";".join([token, *(f"{scope}={counter or 0}" for scope, counter in zip(scopes, counters, strict=True))])


def _tables() -> tuple:
    from decisions.models import Meeting, RecordVersion, ScopeVersion

    quote = connection.ops.quote_name
    tables = (RecordVersion, ScopeVersion, Meeting)
    return quote, *(quote(model._meta.db_table) for model in tables)


def _counter_sql(name: str = "%s") -> str:
    """A subquery reading the counter of the scope `name` (an SQL expression)."""
    quote, _record, table, _meeting = _tables()
    return f"(SELECT {quote('counter')} FROM {table} WHERE {quote('scope')} = {name})"  # noqa: S608


@functools.cache
def _version_sql(scopes: int) -> str:
    """The one query every cached read makes, written once (building it through the ORM on each request was
    about 40% of a cached API list's time in one process): the record's token, then the counter of each scope
    asked for — or, for none, the record's own counter. Primary-key reads only."""
    quote, record, _table, _meeting = _tables()
    counters = ", ".join([_counter_sql()] * scopes) if scopes else quote("counter")
    return f"SELECT {quote('token')}, {counters} FROM {record} WHERE {quote('id')} = %s"  # noqa: S608


@functools.cache
def _meeting_version_sql(readers: int, scopes: int) -> str:
    """`_version_sql` for a page of one meeting: the meeting's id (by its slug: null when none has it), the
    shared counter, the meeting's as each of the `readers` scopes sees it, then the counters of the reader's own
    `scopes` (their notes' included). Still one query."""
    quote, record, _table, meeting = _tables()
    found, slug = f"{quote('found')}.{quote('id')}", f"{quote('found')}.{quote('slug')}"
    seen = _counter_sql(f"%s || CAST({found} AS TEXT) || %s")  # "meeting:" + its id + "|" + the reader scope
    columns = ", ".join([quote("token"), found, _counter_sql(), *[seen] * readers, *[_counter_sql()] * scopes])
    return (
        f"SELECT {columns} FROM {record} LEFT JOIN {meeting} {quote('found')} "  # noqa: S608 - names only
        f"ON {slug} = %s WHERE {record}.{quote('id')} = %s"
    )


@functools.cache
def _scope_bump_sql(count: int) -> str:
    """Add one to the counters of `count` scopes (distinct, sorted: rows are written in the order listed), making
    each row on first use, in one statement (the same on PostgreSQL and SQLite): a note's six scopes were six round
    trips."""
    quote, _record, scopes, _meeting = _tables()
    counter = quote("counter")
    rows = ", ".join(["(%s, 1)"] * count)
    return (
        f"INSERT INTO {scopes} ({quote('scope')}, {counter}) VALUES {rows} "  # noqa: S608 - names only
        f"ON CONFLICT ({quote('scope')}) DO UPDATE SET {counter} = {scopes}.{counter} + 1"
    )
