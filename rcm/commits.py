"""Whether a request's writes reached the database: known from the database's own confirmation, not guessed.

A statement that writes (INSERT, UPDATE, DELETE) outside a transaction is committed when it returns. Inside
one, it is committed only if the transaction commits: the ledger then registers an `on_commit` callback,
which Django runs only after the database confirmed the COMMIT (and drops on a rollback). So `committed` is
true exactly when at least one of the request's writes is durably stored.
"""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE")
_bookkeeping = contextvars.ContextVar("bookkeeping", default=False)


@contextmanager
def bookkeeping() -> Iterator[None]:
    """Writes made inside are not the request's (an API key's `last_used`): they say nothing about whether
    what the client asked for was stored, so a later failure is still "nothing was changed"."""
    token = _bookkeeping.set(True)
    try:
        yield
    finally:
        _bookkeeping.reset(token)


class CommitLedger:
    """An execute wrapper (`connection.execute_wrapper(ledger)`) that records whether a write committed."""

    def __init__(self):
        self.committed = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not self.committed and not _bookkeeping.get() and sql.lstrip()[:6].upper().rstrip() in WRITES:
            self._wrote(context["connection"])
        return result

    def _wrote(self, connection) -> None:
        if not connection.in_atomic_block:
            self.committed = True
        elif not any(callback == self._confirm for _sids, callback, _robust in connection.run_on_commit):
            connection.on_commit(self._confirm)

    def _confirm(self) -> None:
        self.committed = True
