"""The query planner's statistics, refreshed after every bulk write.

A planner without statistics guesses, and SQLite guesses badly on this schema: with no `sqlite_stat1`, the
overdue flag's correlated lookups scan every late action through the (status, due date) index instead of
the handful of one decision's actions, and a page of 100 decisions takes 40 times longer (134 ms instead of
3 ms at the RCM's size). PostgreSQL's autovacuum analyses eventually; right after a bulk load it has not yet.

So the database is analysed after `migrate` and after every command that writes in bulk (the IX Meeting,
an imported declaration, synthetic data, a restore). Day-to-day writes change the shape of the data little,
and statistics are ratios (rows per key), which a growing record keeps."""

from django.db import DEFAULT_DB_ALIAS, connections


def analyze_database(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh the planner's statistics for every table (ANALYZE on SQLite and PostgreSQL alike)."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")


def analyze_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    analyze_database(using=using)
