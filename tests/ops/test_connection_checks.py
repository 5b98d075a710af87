"""The record's version, read first by every cached answer, checks a persistent connection as Django's health
check would (decisions/caching/versions.py `_first_read`): one round trip instead of two."""

import psycopg2
import pytest
from django.db import connection, connections

from decisions.caching.versions import record_version_get
from decisions.models import Decision

# Outside a transaction, as a request is: inside one a connection cannot be replaced, and Django's check runs.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def request_begins(monkeypatch):
    """A persistent connection at the start of a request: checked before its first query. Returns the checks."""
    wrapper = connections["default"]  # the connection itself: `connection` is a proxy to it
    wrapper.ensure_connection()
    monkeypatch.setattr(wrapper, "health_check_enabled", True)
    monkeypatch.setattr(wrapper, "health_check_done", False)
    checks = []
    usable = wrapper.is_usable

    def is_usable():
        checks.append("SELECT 1")
        return usable()

    monkeypatch.setattr(wrapper, "is_usable", is_usable)
    return checks


def test_the_version_read_stands_for_the_health_check(request_begins):
    assert record_version_get() is not None
    Decision.objects.count()  # the rest of the request: the connection is known to be alive
    assert request_begins == []


def test_a_request_that_reads_no_version_is_checked_as_before(request_begins):
    Decision.objects.count()
    assert request_begins == ["SELECT 1"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server that drops a connection")
def test_a_dropped_connection_is_replaced_by_the_version_read(request_begins):
    dropped = connection.connection.get_backend_pid()
    with psycopg2.connect(**connection.get_connection_params()) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [dropped])
    other.close()
    assert record_version_get() is not None
    assert connection.connection.get_backend_pid() != dropped
    assert Decision.objects.count() == 0
