"""The record's version: what every cache of this app is keyed by, so a cached page, list or ETag is never
served after the write that changed it.

Every committed write to the record (any model of `decisions`, `members` or `auth`, through save, delete or
a many-to-many change; bulk writes call `record_version_bump()` themselves) moves one counter, once per transaction,
right after the commit. Readers read it (one primary-key query) and use it in their cache keys. Because the
counter lives in the database, every process sees the same version — gunicorn workers with a local-memory
cache each, or many machines sharing Redis.

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

from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

TRACKED_APPS = ("decisions", "members", "auth")
ROW = 1


def _bump() -> None:
    from decisions.models import RecordVersion

    try:
        if not RecordVersion.objects.filter(pk=ROW).update(counter=F("counter") + 1):
            # A new or emptied database: a new token, so its numbers never meet an earlier database's.
            RecordVersion.objects.get_or_create(pk=ROW, defaults={"token": secrets.token_hex(16), "counter": 1})
    except DatabaseError:
        # The write is committed; what is lost is only the bump. Cached entries expire (CACHE_SECONDS).
        logger.exception("the record version could not be moved after a write")


def _bump_pending() -> bool:
    return any(callback is _bump for _savepoints, callback, _robust in connection.run_on_commit)


def record_version_bump() -> None:
    """Move the version once the current transaction commits (at once outside a transaction)."""
    if connection.in_atomic_block and _bump_pending():
        return
    transaction.on_commit(_bump)


def record_version_get() -> str | None:
    """The version to key caches by, or None when this connection has uncommitted writes (read afresh)."""
    if connection.in_atomic_block and _bump_pending():
        return None
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [ROW])
        row = cursor.fetchone()
    return f"{row[0]}:{row[1]}" if row else "new"


@functools.cache
def _version_sql() -> str:
    """The one query every cached read makes, written once: building it through the ORM on each request was
    about 40% of a cached API list's time in one process."""
    from decisions.models import RecordVersion

    quote = connection.ops.quote_name
    table = quote(RecordVersion._meta.db_table)
    return f"SELECT {quote('token')}, {quote('counter')} FROM {table} WHERE {quote('id')} = %s"  # noqa: S608


def _on_write(sender, **kwargs) -> None:
    record_version_bump()


def connect_signals() -> None:
    """Called once from the app's ready(): every tracked model moves the version when written."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in TRACKED_APPS or model._meta.model_name == "recordversion":
            continue
        post_save.connect(_on_write, sender=model, dispatch_uid=f"freshness-save-{model._meta.label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"freshness-delete-{model._meta.label}")
        if model._meta.auto_created:
            m2m_changed.connect(_on_write, sender=model, dispatch_uid=f"freshness-m2m-{model._meta.label}")
