"""A backup restores into an empty database with every table equal, on SQLite and on PostgreSQL.

Runs the real commands in their own processes against scratch databases of the suite's kind, because that
is how an operator uses them."""

import ast
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ops.conftest import manage

ROOT = Path(__file__).resolve().parents[2]
BASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = BASE_URL.startswith("postgres")


def dump_tables(url: str) -> dict[str, list[tuple]]:
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        # Every table but the planner's statistics (sqlite_stat1), which a restore recomputes (rcm/planner.py).
        tables = [
            r[0]
            for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not r[0].startswith("sqlite_stat")
        ]
        fetch = connection.execute
    else:
        import psycopg2

        connection = psycopg2.connect(url)
        cursor = connection.cursor()
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [r[0] for r in cursor.fetchall()]

        def fetch(sql):
            cursor.execute(sql)
            return cursor.fetchall()

    contents = {table: sorted(map(repr, fetch(f'SELECT * FROM "{table}"'))) for table in tables}  # noqa: S608
    connection.close()
    return contents


@pytest.mark.django_db
def test_a_backup_restores_every_table(scratch_urls, tmp_path):
    source, target = scratch_urls  # the IX Meeting as `migrate` and `load_ix_meeting` write it; an empty database
    manage(source, "create_account", "ts", "--role", "secretariat", "--email", "ts@example.org")
    dump = tmp_path / "rcm.dump"
    assert "backup written" in manage(source, "backup_database", str(dump))
    assert "restored" in manage(target, "restore_database", str(dump))
    before, after = dump_tables(source), dump_tables(target)
    assert set(before) == set(after)
    assert before["decisions_decision"] and before["decisions_historicalaction"]
    # The record's token alone is new: cached entries keyed by the source's versions are never read again.
    (token_before, *counter_before), (token_after, *counter_after) = (
        ast.literal_eval(tables.pop("decisions_recordversion")[0])[1:] for tables in (before, after)
    )
    assert token_after != token_before and counter_after == counter_before
    for table in before:
        assert before[table] == after[table], table


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(scratch_urls, tmp_path):
    source, _target = scratch_urls
    dump = tmp_path / "rcm.dump"
    manage(source, "backup_database", str(dump))
    env = {**os.environ, "DATABASE_URL": source, "DJANGO_SETTINGS_MODULE": "rcm.settings_test"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "restore_database", str(dump)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "not empty" in result.stderr
