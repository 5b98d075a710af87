"""`generate_demo_data`: synthetic, deterministic for a seed, statuses true, and never mixed with real data."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from decisions.demo.plan import plan_history
from decisions.models import Action, Decision, DecisionLink, Meeting, ProgressUpdate
from decisions.services.status import decision_status_compute

pytestmark = pytest.mark.django_db

MEMBERS = ["BZ", "CA", "CR", "DO", "GT", "HN", "MX", "NI", "PA", "SV", "US"]


def generate(*args) -> str:
    call_command("load_ix_parties", stdout=io.StringIO())
    out = io.StringIO()
    call_command("generate_demo_data", *args, stdout=out)
    return out.getvalue()


def test_a_small_factor_gives_proportional_counts_with_true_statuses():
    out = generate("--factor", "0.1", "--seed", "3")
    assert "6 meetings (target 6), 150 decisions (target 150), 450 actions (target 450), 2000 updates" in out
    assert Meeting.objects.filter(slug__startswith="demo-").count() == 6
    assert Decision.objects.filter(parent__isnull=True).count() == 150
    assert Action.objects.count() == 450
    assert ProgressUpdate.objects.count() == 2000
    assert Decision.objects.filter(parent__isnull=False).exists()
    assert DecisionLink.objects.exists()
    for decision in Decision.objects.all():
        assert decision.status == decision_status_compute(decision=decision), decision.pk
    for action in Action.objects.prefetch_related("updates"):
        validated = [u for u in action.updates.all() if u.status and u.review_state == "validated"]
        expected = sorted(validated, key=lambda u: (u.date, u.pk))[-1].status if validated else "not_started"
        assert action.status == expected


def test_bulk_inserted_rows_are_found_by_search_as_saved_ones_are():
    from decisions.rules.folding import folded_texts
    from decisions.selectors.search import meeting_search

    generate("--factor", "0.05", "--seed", "4")
    for model in (Meeting, Decision, Action):
        rows = list(model.objects.all())
        assert rows and all(
            row.search_text == folded_texts(getattr(row, name) for name in model.SEARCHED_FIELDS) for row in rows
        ), model.__name__
    assert meeting_search(queryset=Meeting.objects.all(), query="SINTETICO").count() == Meeting.objects.count()


def test_the_same_seed_gives_the_same_plan():
    def summary(seed):
        plan = plan_history(factor=0.05, seed=seed, members=MEMBERS, bodies=["TS"])
        return [(d.kind, len(d.actions), [a.status for a in d.actions]) for m in plan for d in m.decisions]

    assert summary(5) == summary(5)
    assert summary(5) != summary(6)


def test_it_refuses_a_database_with_real_meetings(ix_meeting):
    with pytest.raises(CommandError, match="holds real meetings"):
        generate("--factor", "0.05")
    assert not Meeting.objects.filter(slug__startswith="demo-").exists()


def test_it_refuses_to_run_twice_and_bad_factors():
    generate("--factor", "0.02")
    with pytest.raises(CommandError, match="already holds synthetic data"):
        generate("--factor", "0.02")
    with pytest.raises(CommandError, match="--factor"):
        generate("--factor", "0")


def planner_row_count(table: str) -> float:
    """How many rows the query planner believes the table holds (its statistics, not a count)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Each index's entry counts its own rows: a partial index holds fewer than the table, never more.
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NOT NULL", [table])
            return max((int(stat.split()[0]) for (stat,) in cursor.fetchall()), default=0)
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_the_planner_knows_the_new_data_after_a_bulk_load():
    """Without statistics SQLite reads a page's overdue flags through the wrong index (40 times slower)."""
    generate("--factor", "0.1", "--seed", "3")
    assert planner_row_count("decisions_action") == Action.objects.count() == 450
    assert planner_row_count("decisions_decision") == Decision.objects.count()


def all_visible_pages(table: str) -> tuple[int, int]:
    """(the table's pages, those PostgreSQL's visibility map marks all-visible), as of the last VACUUM/ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpages, relallvisible FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no visibility map: ANALYZE is all")
@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction only
def test_a_bulk_load_leaves_postgresql_counting_from_indexes():
    """Until a table's pages are all-visible a count reads every row, whatever index could answer it (the
    dashboard's stale count: 24 ms against 3.6 at ten times the RCM's history). Failed before the fix: ANALYZE
    alone marks no page."""
    from rcm.planner import analyze_database

    generate("--factor", "0.1", "--seed", "3")
    pages, visible = all_visible_pages("decisions_action")
    assert pages > 0 and visible == pages
    Action.objects.filter(pk__in=Action.objects.values("pk")[:50]).update(due_text="changed")
    analyze_database()  # a day-to-day refresh: statistics, no vacuum
    assert all_visible_pages("decisions_action")[1] < pages
