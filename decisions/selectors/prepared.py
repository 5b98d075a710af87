"""Reads compiled once and run many times.

Composing and compiling a query costs Django more than SQLite or PostgreSQL take to run it for a page: a computed
page of the API's decision list runs six queries whose SQL is the same from one request to the next, for one
reader scope and one day, but for a page's ids. `prepared(key=…, build=…)` compiles the queryset `build()` returns the
first time a thread asks for `key`, and keeps its SQL, its parameters and the converters of its columns; each
later read runs that SQL with its own values for the query's `Slot`s (a page's ids, given to `IdIn`) and
converts the rows as Django's own iterables convert them.

So a key must name everything the SQL depends on but its slots: the reader's scope, the day, the request's
parameters. Kept per thread and database connection, as a compiled query belongs to its connection; bounded,
and emptied when full, as `composed_once` is. Only `.values()` and `.values_list()` querysets are prepared: their
rows are dicts or tuples, never model instances.
"""

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import NotSupportedError, connections
from django.db.models import QuerySet


class Slot:
    """A parameter a prepared query takes on each run, by name (`Prepared.rows(ids=[…])`), encoded as the
    expression that bound it needs (`encode`: a JSON text for SQLite's `json_each`, a list for an array)."""

    __slots__ = ("encode", "name")

    def __init__(self, name: str, encode: Callable[[Any], Any] = lambda value: value):
        self.name, self.encode = name, encode

    def encoded(self, encode: Callable[[Any], Any]) -> "Slot":
        return Slot(self.name, encode)

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"


@dataclass(frozen=True)
class Prepared:
    """One compiled read: its SQL and parameters (some of them slots), the names of its columns and how each
    column is converted (`compiler.get_converters`, as `QuerySet.values()` converts them)."""

    sql: str | None  # None: the query can match nothing (Django's EmptyResultSet), so it is never run
    params: tuple
    names: tuple[str, ...]
    connection: Any
    # By column position: the converters of that column and the expression they are given (get_converters).
    converters: tuple[tuple[int, tuple], ...]
    positions: tuple[int, ...] | None = None  # where each name's column is in the SQL's, if not in order

    def rows(self, **values) -> list:
        """The rows (tuples, or lists where a column is converted and the columns are in the SQL's order), their
        columns in the order asked."""
        if self.sql is None:
            return []
        params = [value.encode(values[value.name]) if isinstance(value, Slot) else value for value in self.params]
        with self.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = [self._converted(row) for row in rows]
        if self.positions is not None:
            if len(self.positions) == 1:
                return [(row[self.positions[0]],) for row in rows]
            return list(map(itemgetter(*self.positions), rows))
        width = len(self.names)
        if rows and len(rows[0]) > width:  # columns the SQL reads for its ordering alone, as Django drops them
            rows = [row[:width] for row in rows]
        return rows

    def _converted(self, row) -> list:
        """As `SQLCompiler.apply_converters`, for one row (the compiler itself is not kept: only its connection)."""
        row, connection = list(row), self.connection
        for position, (converters, expression) in self.converters:
            value = row[position]
            for convert in converters:
                value = convert(value, expression, connection)
            row[position] = value
        return row

    def dicts(self, **values) -> list[dict]:
        """The rows as `.values()` gives them: one dict per row, keyed by the columns' names."""
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in self.rows(**values)]

    def count(self, **values) -> int:
        """How many rows the query has (a read `compile_count` made; one that can match nothing counts 0)."""
        return self.rows(**values)[0][0] if self.sql is not None else 0


def compile_rows(*, queryset: QuerySet) -> Prepared:
    """A `.values()` or `.values_list()` queryset's SQL, column names and converters. The rows come in the order
    the queryset names its columns, as Django's own iterables give them (django-modeltranslation's querysets may
    select them in another order)."""
    if getattr(queryset, "translation_fields", None):
        raise NotSupportedError("A prepared read names each language's column: it reads no translation fallback.")
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return Prepared(sql=None, params=(), names=(), connection=compiler.connection, converters=())
    selected = tuple(query.selected or (*query.extra_select, *query.values_select, *query.annotation_select))
    # django-modeltranslation keeps the names as asked apart, and selects them in a set's order.
    asked = getattr(queryset, "original_fields", None) or queryset._fields or selected
    names = (*asked, *(name for name in query.annotation_select if name not in asked))
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    return Prepared(
        sql=sql,
        params=tuple(params),
        names=names,
        connection=compiler.connection,
        converters=tuple(compiler.get_converters(fields).items()),
        positions=None if names == selected else tuple(selected.index(name) for name in names),
    )


def compile_count(*, queryset: QuerySet) -> Prepared:
    """`queryset.count()` as a prepared read: the rows' keys alone, counted by the database."""
    keys = compile_rows(queryset=queryset.order_by().values("pk"))
    if keys.sql is None:
        return keys
    counted = f"SELECT COUNT(*) FROM ({keys.sql}) counted"  # noqa: S608 - the inner SQL is Django's own
    return Prepared(sql=counted, params=keys.params, names=("count",), connection=keys.connection, converters=())


class _Kept(threading.local):
    LIMIT = 256

    def __init__(self):
        self.reads: dict[tuple, Prepared] = {}


_kept = _Kept()


def prepared(
    *, key: Hashable, build: Callable[[], QuerySet], compile: Callable[..., Prepared] = compile_rows
) -> Prepared:
    """The read `compile(build())` compiled once per thread and key (see the module's docstring)."""
    full_key = (key, compile)
    found = _kept.reads.get(full_key)
    if found is not None and found.connection is connections[found.connection.alias]:
        return found
    if len(_kept.reads) >= _Kept.LIMIT:
        _kept.reads.clear()
    found = _kept.reads[full_key] = compile(queryset=build())
    return found


def rows_read(*, key: Hashable | None, build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows, as tuples, of the `.values_list()` queryset `build()` returns: run from SQL kept under `key`, or,
    with no key (a read whose SQL depends on more than a key says, such as a past day's), composed afresh."""
    rows = build() if key is None else prepared(key=key, build=build).rows()
    return [tuple(row) for row in rows]


def count_read(*, key: Hashable | None, build: Callable[[], QuerySet]) -> int:
    """The count a query of one row returns (`.values_list(CountAll())`), read as `rows_read` reads; a query that
    can match nothing returns no row, and counts 0."""
    rows = rows_read(key=key, build=build)
    return rows[0][0] if rows else 0
