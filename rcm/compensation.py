"""Undoing what a transaction wrote outside the database when the transaction does not commit.

A file saved while a transaction is open must go if the transaction rolls back (or its connection is lost):
otherwise the disk keeps evidence that no record points to. Django runs `on_commit` callbacks after a commit
and drops them, unrun, on a rollback (of the transaction, or of the savepoint they were registered in) and
when the connection closes. So the compensation is tied to the callback's life: the commit marks the write
kept; a callback that is dropped without having run deletes the file when it is released.
"""

import logging
import weakref

from django.core.files.storage import Storage
from django.db import transaction

logger = logging.getLogger("rcm.compensation")


class _KeepOnCommit:
    """The on_commit callback: running it means the transaction committed."""

    def __init__(self, committed: list[bool]):
        self.committed = committed

    def __call__(self) -> None:
        self.committed[0] = True


def _delete_unless_committed(committed: list[bool], storage: Storage, name: str) -> None:
    if committed[0]:
        return
    try:
        storage.delete(name)
    except OSError:
        logger.exception("could not remove %s after its transaction rolled back", name)


def delete_file_on_rollback(*, storage: Storage, name: str, using: str | None = None) -> None:
    """Remove `name` from `storage` unless the current transaction commits. Outside a transaction the write
    is already final and nothing is registered."""
    committed = [False]
    callback = _KeepOnCommit(committed)
    weakref.finalize(callback, _delete_unless_committed, committed, storage, name)
    transaction.on_commit(callback, using=using)
