import io

import pytest
from django.core.management import call_command

from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request in Spanish leaves its language active in the
    thread, and a later test that renders labels outside a request would read them in Spanish."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


IX_SLUG = "ix-panama-city-2004"


def _load_ix_meeting() -> None:
    call_command("load_ix_meeting", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as pytest-django makes it, with the role groups put back after every flush
    (tests/flushes.py), so the order tests run in on a worker never matters."""
    from tests.flushes import flush_only_written_tables, role_grants_keep, role_grants_read

    flush_only_written_tables()
    with django_db_blocker.unblock():
        role_grants_keep(grants=role_grants_read())


@pytest.fixture(scope="session")
def _ix_snapshot(django_db_setup, django_db_blocker):
    """The rows `load_ix_meeting` writes, taken once per test process (tests/snapshot.py)."""
    from tests import snapshot

    with django_db_blocker.unblock():
        return snapshot.take(_load_ix_meeting)


@pytest.fixture(scope="session")
def _ix_times_ten_snapshot(django_db_setup, django_db_blocker, _ix_snapshot):
    """The rows `scale_up` adds to the replayed IX Meeting (so the copies point at the same keys)."""
    from decisions.models import Meeting
    from tests import snapshot
    from tests.scale import scale_up

    def scale() -> None:
        scale_up(Meeting.objects.get(slug=IX_SLUG), copies=9)

    with django_db_blocker.unblock():
        return snapshot.take(scale, on_top_of=_ix_snapshot.restore)


@pytest.fixture
def ix_meeting(db, _ix_snapshot):
    """The IX Meeting as `make run` loads it: the rows `load_ix_meeting` writes, replayed (tests/snapshot.py).
    Transactional and live-server tests get them committed."""
    from decisions.models import Meeting

    _ix_snapshot.restore()
    return Meeting.objects.get(slug=IX_SLUG)


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

    return parties_apply(data=json.loads(DATA_FILE.read_text(encoding="utf-8")))


@pytest.fixture
def ix_times_ten(ix_meeting, _ix_times_ten_snapshot):
    """The IX Meeting plus nine published copies (tests/scale.py): ten times its data, for query-count bounds."""
    _ix_times_ten_snapshot.restore()
    return ix_meeting


@pytest.fixture
def pdf_layout_is_its_html():
    """A PDF's bytes are the HTML it would be laid out from, for tests about who gets which report rather than
    about the PDF itself. The layout is a pure function of that HTML (tests/site/test_report_pdf.py: the same
    bytes every time, in another process too), so two answers are the same PDF exactly when they are the same
    HTML here, without a WeasyPrint layout (1–3 s) per read."""
    from unittest import mock

    with mock.patch("decisions.site.report_pdf.pdf_render", new=lambda *, html, base_url: html.encode()):
        yield
