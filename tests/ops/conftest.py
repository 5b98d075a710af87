"""What the operations tests share: scratch databases of the suite's kind, made and dropped per test."""

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

BASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = BASE_URL.startswith("postgres")


@contextmanager
def scratch_database(directory: Path):
    """A new, empty database of the suite's kind (a file in `directory` on SQLite), dropped afterwards."""
    if not ON_POSTGRES:
        yield f"sqlite:///{directory / f'scratch-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    import psycopg2

    root = BASE_URL.rsplit("/", 1)[0]
    name = f"rcm_scratch_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(root + "/postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield f"{root}/{name}"
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


@pytest.fixture
def scratch_urls(tmp_path):
    """Two scratch databases' URLs."""
    with scratch_database(tmp_path) as first, scratch_database(tmp_path) as second:
        yield first, second
