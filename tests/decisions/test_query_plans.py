"""The plans SQLite chooses, once the database has statistics (rcm/planner.py), for the reads whose cost once grew
with the history: a count that reads every matching row reads its own covering index; a list shown a page at a
time walks the index of its order and stops with the page; a page's own rows are found by index, never by reading
every row of the table. PostgreSQL's planner reads the columns' statistics and is left to choose (the bench runs
it: docs/performance.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rcm.planner import analyze_database
from tests.site.test_query_counts import _generate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, which keeps no column statistics"),
]


def plan_of(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(row[-1] for row in cursor.fetchall())


def test_the_stale_count_reads_two_ranges_of_indexes(client, ix_parties):
    """ "No news in six months" holds for most actions of a long record. Judging each visible action's dates cost 9
    ms at ten times the RCM's history even from a covering index (19 through the index on the meeting's date); the
    count is the open actions of old meetings, a range of one index, less the few with news since, a range of
    another (filters.conditions.stale_count): 1.5 ms."""
    _generate(6)
    analyze_database()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    counts = [sql for q in queries if (sql := q["sql"]).startswith("SELECT (COUNT(") and "last_public_update_on" in sql]
    assert len(counts) == 1, counts
    plan = plan_of(counts[0])
    assert "SEARCH decisions_action USING COVERING INDEX action_open_held (status=?" in plan, plan
    assert "USING COVERING INDEX action_stale_public (last_public_update_on>?)" in plan, plan
    assert "SCAN" not in plan.replace("SCALAR SUBQUERY", ""), plan


def listing_plans(client, address: str, table: str) -> list[str]:
    """The plan of each query of `address` that reads rows of `table` in an order (its list, not its count)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    listing = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"] and "ORDER BY" in q["sql"]]
    assert listing, f"{address} read no ordered {table}"
    return [plan_of(sql) for sql in listing]


@pytest.mark.parametrize("address", ["/updates.atom", "/api/v1/progress-updates/?page_size=100"])
@pytest.mark.parametrize("reader", ["public", "secretariat"])
def test_the_newest_updates_are_read_in_index_order(client, ix_parties, address, reader):
    """The feed and the API's list, newest first: walked in the order of their index and stopped with the page.
    Sorting every visible update took 70 ms at ten times the RCM's history, for a page of 50."""
    from tests.factories import user_with_role

    _generate(6)
    analyze_database()
    if reader == "secretariat":
        client.force_login(user_with_role("Secretariat", username="plans-ts"))
    for plan in listing_plans(client, address, "decisions_progressupdate"):
        assert "TEMP B-TREE" not in plan, plan  # not even for the last terms of the order


def test_one_update_is_read_without_listing_every_visible_action(ix_parties):
    """`update_list_visible` checks the action's visibility through the join: as `action__in=<every visible
    action>`, reading the one update a progress report just wrote listed all of them first (10 ms a report)."""
    from decisions.models import ProgressUpdate
    from decisions.selectors.visibility import update_list_visible

    _generate(2)
    analyze_database()
    update = ProgressUpdate.objects.filter(review_state="validated", visibility="public").first()
    sql, params = update_list_visible(reader=None).filter(pk=update.pk).query.sql_with_params()
    assert "SCAN" not in plan_of(sql, params), plan_of(sql, params)


def test_a_meetings_page_reads_only_its_own_actions(client, ix_parties):
    """A meeting's page, like the grid and the party filter, reads the actions of its items and of their
    sub-items. Asked as an OR across the join to the decision, SQLite read every action of the record to find
    them (12 ms at ten times the RCM's history, for 80 actions)."""
    from decisions.models import Meeting

    _generate(6)
    analyze_database()
    meeting = Meeting.objects.filter(decisions__actions__isnull=False).order_by("pk").first()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(meeting.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    # The status board's read: each action of the page's items, with its status on the day shown.
    board = [q["sql"] for q in queries if '"decisions_action"' in q["sql"] and 'AS "day_status"' in q["sql"]]
    assert len(board) == 1, board
    assert "SCAN decisions_action" not in plan_of(board[0]), plan_of(board[0])
