import io

import pytest
from django.core.management import call_command

from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a test's database is new, its cached pages must be too."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def commit_writes():
    """Act as if the test's writes so far were committed: run the after-commit work (the record version's
    bump) and forget it, so reads use the caches as they would in production after a commit."""
    from django.db import connection

    def commit() -> None:
        pending = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for _savepoints, callback, _robust in pending:
            callback()

    return commit


@pytest.fixture
def ix_meeting(db):
    """The IX Meeting as `make run` loads it."""
    from decisions.models import Meeting

    call_command("load_ix_meeting", stdout=io.StringIO())
    return Meeting.objects.get(slug="ix-panama-city-2004")


@pytest.fixture
def staff(db):
    return StaffFactory(username="officer")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def ix_parties(db):
    """The register of parties the IX Meeting's data file brings, without the meeting itself."""
    import json

    from decisions.management.commands.load_ix_meeting import DATA_FILE
    from decisions.services.curation import parties_apply

    return parties_apply(json.loads(DATA_FILE.read_text(encoding="utf-8")))


@pytest.fixture
def ix_times_ten(ix_meeting):
    """The IX Meeting plus nine published copies: ten times its data, for query-count bounds."""
    from tests.scale import scale_up

    scale_up(ix_meeting, copies=9)
    return ix_meeting
