"""The suite's order does not matter: under `--dist worksteal` an ordinary test can run on a worker after a
transactional test has flushed the database, and it must still find the roles the migrations made."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from members.roles import Role
from tests.flushes import role_grants_read

pytestmark = pytest.mark.django_db(transaction=True)


def flush() -> None:
    """A flush as pytest-django makes one after a transactional test. The command's own default also resets
    the auto-increment counters, which no flush of the suite does: the IX data replayed into a later test
    (tests/snapshot.py) keeps its keys, and the next row written would be handed one of them."""
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)


def test_a_flush_leaves_the_roles_as_the_migrations_made_them():
    before = role_grants_read()
    assert {Role.SECRETARIAT, Role.FOCAL_POINT, Role.DELEGATE} <= set(before)
    assert all(before.values()), "every role has permissions"

    flush()

    assert role_grants_read() == before
    assert Group.objects.filter(name=Role.SECRETARIAT).exists()


def test_the_planner_is_refreshed_after_a_migration_and_not_after_a_flush(monkeypatch):
    from rcm import planner

    analysed = []
    monkeypatch.setattr(planner, "analyze_database", lambda *, using: analysed.append(using))

    flush()
    assert analysed == [], "a flush empties the tables: nothing to learn from them"

    call_command("migrate", verbosity=0)
    assert analysed == ["default"]
