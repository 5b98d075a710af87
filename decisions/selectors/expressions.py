"""SQL the ORM does not write by itself, for the selectors and the read models built on them."""

import json
from collections.abc import Iterable

from django.db import NotSupportedError
from django.db.models import BooleanField, F, Func, IntegerField

from decisions.selectors.prepared import Slot


class IdIn(Func):
    """`column IN (ids)` with the ids bound as one parameter: an array on PostgreSQL (`= ANY(%s)`), a JSON list
    read by `json_each` on SQLite. Django's `__in` prepares, resolves and binds each value on its own, which for
    the related rows of a page of 100 decisions (four lists of about 100 ids) cost more than the queries ran
    (0.7 ms of a 12 ms list). For lists of integer keys only; any other database gets the plain `IN (…)`."""

    output_field = BooleanField()

    def __init__(self, column: str, ids: Iterable[int] | Slot):
        super().__init__(F(column))
        # A slot: the ids are given each time a prepared query (selectors.prepared) runs.
        self.ids = ids if isinstance(ids, Slot) else [int(pk) for pk in ids]

    def as_sql(self, compiler, connection, **extra_context):
        if isinstance(self.ids, Slot):
            raise NotSupportedError("A prepared list of ids is bound as one parameter: SQLite and PostgreSQL only.")
        column, params = compiler.compile(self.source_expressions[0])
        if not self.ids:
            return "1 = 0", params
        return f"{column} IN ({', '.join(['%s'] * len(self.ids))})", [*params, *self.ids]

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s::bigint[])", [*params, self._bound(_int_list)]

    def as_sqlite(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        # The column is compiled by Django; the ids are a bound parameter.
        return f"{column} IN (SELECT value FROM json_each(%s))", [*params, self._bound(_json_ints)]  # noqa: S608

    def _bound(self, encode):
        return self.ids.encoded(encode) if isinstance(self.ids, Slot) else encode(self.ids)


def _int_list(ids) -> list[int]:
    return [int(pk) for pk in ids]


def _json_ints(ids) -> str:
    return json.dumps(_int_list(ids))


class Likely(Func):
    """A condition most rows meet. SQLite's planner, which keeps no statistics of a column's values, guesses a
    range selects a quarter of the rows, and may read them one by one through an index on that column rather than
    scan a covering index; `likely()` (a no-op for the result) corrects the guess. PostgreSQL's planner reads the
    column's statistics: there the condition is written as it is."""

    output_field = BooleanField()
    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="likely(%(expressions)s)", **extra_context)


class CountAll(Func):
    """`COUNT(*)` as an expression, not an aggregate: `.values_list(CountAll())` is a query of one row, the count,
    that Django neither groups nor wraps, and that can be a part of a larger expression or a prepared read. Of no
    column: PostgreSQL then counts from an index alone (an index-only scan), where a column the index lacks (the
    key) made it read every row of the table (the stale count: 24 ms at ten times the RCM's history, 3.6 now)."""

    output_field = IntegerField()
    template = "COUNT(*)"
