"""Data sets loaded once per test process and replayed into each test that asks for them.

Loading the IX Meeting through its command costs ~2,500 queries (about a second on SQLite, two on
PostgreSQL), and hundreds of tests ask for it. A snapshot is the set of rows a loader adds to the database:
taken once per process, inside a transaction that is then rolled back, and inserted again — the same rows
with the same primary keys, history rows included — into each test's database in a handful of multi-row
INSERTs. A test sees exactly what the loader leaves behind, on SQLite and PostgreSQL alike, whether it runs
in a rolled-back transaction or commits (transactional and live-server tests).

What a replay does not do by itself is send the model signals; the one that matters, the record's version
(`decisions.caching.versions`), is moved the way the loader's writes move it: once, when the transaction commits.

Rows are read and written as the database stores them, not through the ORM, so nothing is converted on the
way: SQLite's columns are read as expressions (`+"col"`) so that no declared-type converter runs.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from decisions.caching.versions import record_version_bump
from decisions.models import ItemThemeFact

# Rows the database's triggers write from other tables' (decisions/models/theme_facts.py).
DERIVED_TABLES = frozenset({ItemThemeFact._meta.db_table})


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class Snapshot:
    tables: tuple[Table, ...]

    @property
    def row_count(self) -> int:
        return sum(len(table.rows) for table in self.tables)

    def restore(self, using: str = DEFAULT_DB_ALIAS) -> None:
        """Insert the rows into the current database (in one transaction: foreign keys are checked at its end).
        Tables the database derives are left to its triggers, which write them as their sources arrive."""
        connection = connections[using]
        with transaction.atomic(using=using), connection.cursor() as cursor:
            for table in self.tables:
                if table.name not in DERIVED_TABLES:
                    _insert(connection, cursor, table)
            record_version_bump()


def take(
    load: Callable[[], object], *, on_top_of: Callable[[], object] | None = None, using: str = DEFAULT_DB_ALIAS
) -> Snapshot:
    """The rows `load()` adds to the database (after `on_top_of()`, whose rows are not part of it). The
    database is left as it was, except that the auto-increment counters stay past the rows' keys, so rows a
    test writes before a replay never collide with them."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if on_top_of is not None:
            on_top_of()
        before = _read_all(connection, cursor)
        load()
        after = _read_all(connection, cursor)
        transaction.set_rollback(True, using=using)
    snapshot = Snapshot(tables=tuple(_added(name, before.get(name), table) for name, table in after.items()))
    snapshot = Snapshot(tables=tuple(table for table in snapshot.tables if table.rows))
    _keep_counters_ahead(connection, snapshot)
    return snapshot


def _tables(connection, cursor) -> list[str]:
    return sorted(
        info.name
        for info in connection.introspection.get_table_list(cursor)
        if info.type == "t" and not info.name.startswith("sqlite_")
    )


def _read_all(connection, cursor) -> dict[str, Table]:
    tables = {}
    quote = connection.ops.quote_name
    for name in _tables(connection, cursor):
        cursor.execute(f"SELECT * FROM {quote(name)} WHERE 1 = 0")  # noqa: S608 — names from introspection
        columns = tuple(column[0] for column in cursor.description)
        prefix = "+" if connection.vendor == "sqlite" else ""
        select = ", ".join(prefix + quote(column) for column in columns)
        cursor.execute(f"SELECT {select} FROM {quote(name)}")  # noqa: S608
        tables[name] = Table(name=name, columns=columns, rows=tuple(tuple(row) for row in cursor.fetchall()))
    return tables


def _key(row: tuple) -> tuple:
    return tuple(
        bytes(value) if isinstance(value, memoryview) else tuple(value) if isinstance(value, list) else value
        for value in row
    )


def _added(name: str, before: Table | None, after: Table) -> Table:
    """The rows of `after` that `before` did not have; a loader that changed or removed a row is refused,
    since replaying only additions would not reproduce it."""
    if before is None:
        return after
    if before.columns != after.columns:
        raise RuntimeError(f"snapshot: the loader changed the columns of {name}")
    remaining = Counter(_key(row) for row in before.rows)
    added = []
    for row in after.rows:
        key = _key(row)
        if remaining[key]:
            remaining[key] -= 1
        else:
            added.append(row)
    if +remaining:
        raise RuntimeError(f"snapshot: the loader changed or removed rows of {name}; only additions replay")
    return Table(name=name, columns=after.columns, rows=tuple(added))


def _insert(connection, cursor, table: Table) -> None:
    quote = connection.ops.quote_name
    width = len(table.columns)
    per_batch = max(1, (connection.features.max_query_params or 30_000) // width)
    head = f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in table.columns)}) VALUES "  # noqa: S608
    one = "(" + ", ".join(["%s"] * width) + ")"
    for start in range(0, len(table.rows), per_batch):
        batch = table.rows[start : start + per_batch]
        cursor.execute(head + ", ".join([one] * len(batch)), [value for row in batch for value in row])


def _keep_counters_ahead(connection, snapshot: Snapshot) -> None:
    """PostgreSQL's sequences are not rolled back, so they are already past the snapshot's keys. SQLite's
    AUTOINCREMENT counters (sqlite_sequence) are, and would hand a test's own rows the snapshot's keys."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in snapshot.tables:
            keys = connection.introspection.get_primary_key_columns(cursor, table.name) or []
            if len(keys) != 1:
                continue
            position = table.columns.index(keys[0])
            values = [row[position] for row in table.rows if isinstance(row[position], int)]
            if not values:
                continue
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [max(values), table.name])
            if cursor.rowcount == 0:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table.name, max(values)])
