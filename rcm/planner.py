"""The query planner's statistics, refreshed after every bulk write.

A planner without statistics guesses, and SQLite guesses badly on this schema: with no `sqlite_stat1`, the
overdue flag's correlated lookups (before each item kept its earliest deadline still owed) scanned every late
action through the (status, due date) index instead of the handful of one decision's actions, and a page of
100 decisions took 40 times longer (134 ms instead of 3 ms at the RCM's size). PostgreSQL's autovacuum analyses
eventually; right after a bulk load it has not yet.

So the database is analysed after `migrate` and after every command that writes in bulk (the IX Meeting,
an imported declaration, synthetic data, a restore). Day-to-day writes change the shape of the data little,
and statistics are ratios (rows per key), which a growing record keeps."""

from django.db import DEFAULT_DB_ALIAS, connections


def analyze_database(*, using: str = DEFAULT_DB_ALIAS, bulk: bool = False) -> None:
    """Refresh the planner's statistics for every table (ANALYZE on SQLite and PostgreSQL alike).

    After a load that wrote most of the database (`bulk`: synthetic history, a restore), PostgreSQL also vacuums:
    until a table's pages are marked all-visible, which autovacuum does in time, a count cannot be read from an
    index alone (an index-only scan) and reads every row instead (the dashboard's count of actions with no news
    in months: 24 ms against 3.6 at ten times the RCM's history). Not inside a transaction, where VACUUM cannot
    run (a test's, a caller's, or autocommit turned off): there, statistics alone."""
    connection = connections[using]
    vacuum = bulk and connection.vendor == "postgresql" and connection.get_autocommit()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


def analyze_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    # `flush` sends post_migrate too, without a migration plan: it leaves every table empty, and statistics of
    # empty tables say nothing of the data loaded next (whose loader analyses anyway).
    if kwargs.get("plan") is None:
        return
    analyze_database(using=using)
