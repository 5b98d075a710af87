"""The plans SQLite chooses for the dashboard's counts that read every matching action, once the database has
statistics (rcm/planner.py): each is counted from its own covering index, not fetched row by row through an index
that only narrows one column. PostgreSQL's planner reads the columns' statistics and is left to choose."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rcm.planner import analyze_database
from tests.site.test_query_counts import _generate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, which keeps no column statistics"),
]


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " | ".join(row[-1] for row in cursor.fetchall())


def test_the_stale_count_reads_the_stale_index_alone(client, ix_parties):
    """"No news in six months" holds for most actions of a long record: reading each through the index on the
    meeting's date (a range nearly every action is in) cost 19 ms against 7 for the covering scan at ten times
    the RCM's history."""
    _generate(6)
    analyze_database()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    counts = [
        q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)") and "last_public_update_on" in q["sql"]
    ]
    assert len(counts) == 1, counts
    assert "COVERING INDEX action_stale_public" in plan_of(counts[0]), plan_of(counts[0])
