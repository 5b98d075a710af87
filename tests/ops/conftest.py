"""What the operations tests share: scratch databases of the suite's kind, made and dropped per test, and one
database per test process with the IX Meeting loaded by the real commands, which scratch databases copy."""

import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = BASE_URL.startswith("postgres")


def manage(url: str, *args: str) -> str:
    """`manage.py <args>` in its own process against the database at `url`, as an operator runs it."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "rcm.settings_test"}
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextmanager
def scratch_database(directory: Path, *, copy_of: str = ""):
    """A new database of the suite's kind (a file in `directory` on SQLite), dropped afterwards: empty, or a
    copy of the database at `copy_of` (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL, so
    nothing may be connected to it then)."""
    if not ON_POSTGRES:
        path = directory / f"scratch-{uuid.uuid4().hex[:8]}.sqlite3"
        if copy_of:
            shutil.copyfile(copy_of.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    import psycopg2

    root = BASE_URL.rsplit("/", 1)[0]
    name = f"rcm_scratch_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(root + "/postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            template = f' TEMPLATE "{copy_of.rsplit("/", 1)[1]}"' if copy_of else ""
            cursor.execute(f'CREATE DATABASE "{name}"{template}')
        yield f"{root}/{name}"
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


@pytest.fixture(scope="session")
def ix_database(tmp_path_factory):
    """A database migrated and loaded with the IX Meeting by `migrate` and `load_ix_meeting`, once per test
    process: the tests that need one work on a copy (`scratch_database(copy_of=)`), never on it."""
    with scratch_database(tmp_path_factory.mktemp("ix-database")) as url:
        manage(url, "migrate", "--noinput", "-v0")
        manage(url, "load_ix_meeting")
        yield url


@pytest.fixture
def scratch_urls(tmp_path, ix_database):
    """Two scratch databases' URLs: a copy of `ix_database`, then an empty one."""
    with scratch_database(tmp_path, copy_of=ix_database) as first, scratch_database(tmp_path) as second:
        yield first, second
