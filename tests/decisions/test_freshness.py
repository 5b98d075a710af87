"""The record's version and the caches keyed by it: a committed write is visible on the next read, through
every cache (pages, API lists, ETags); uncommitted writes are never cached; repeated reads cost no work."""

import re

import pytest
from django.db import transaction

from decisions.caching.versions import record_version_get
from decisions.models import Action, RecordVersion
from decisions.services.actions import action_create, action_record_progress, action_update
from decisions.services.decisions import decision_save
from members.models import Party
from tests.factories import PartyFactory

IX = "ix-panama-city-2004"
MARK = "Freshly-written"
PAGES = (
    "/",
    f"/meetings/{IX}/",
    f"/meetings/{IX}/in-force/",
    f"/api/v1/meetings/{IX}/in-force/",
    "/actions/",
    "/decisions/",
    f"/api/v1/actions/?meeting={IX}&page_size=500",
)


def without_csrf(body: bytes) -> bytes:
    """A page with its per-request CSRF token (in the header's language form, outside any cached part) blanked."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)


def counter() -> int:
    row = RecordVersion.objects.first()
    return row.counter if row else 0


@pytest.mark.django_db(transaction=True)
def test_each_committed_transaction_moves_the_version_once():
    before = record_version_get()
    with transaction.atomic():
        party = PartyFactory()
        party.name = "Renamed"
        party.save()
    after_one = counter()
    assert record_version_get() != before
    with transaction.atomic():
        Party.objects.get(pk=party.pk).delete()
    assert counter() == after_one + 1


@pytest.mark.django_db(transaction=True)
def test_a_new_database_gets_a_new_token():
    PartyFactory()
    first = record_version_get()
    RecordVersion.objects.all().delete()  # what a new (or emptied) database looks like
    PartyFactory()
    assert record_version_get().split(":")[0] != first.split(":")[0]


@pytest.mark.django_db(transaction=True)
def test_nothing_is_cached_while_writes_are_uncommitted():
    PartyFactory()
    assert record_version_get() is not None
    with transaction.atomic():
        PartyFactory()
        assert record_version_get() is None
        transaction.set_rollback(True)
    assert record_version_get() is not None


@pytest.fixture
def committed_ix(ix_meeting, commit_writes):
    commit_writes()
    return ix_meeting


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*PAGES, "/grid/"])
def test_a_repeated_read_is_served_from_the_cache(client, committed_ix, path, django_assert_max_num_queries):
    first = client.get(path)
    assert first.status_code == 200
    # The record's version is all a cached read asks the database (the session middleware asks nothing of an
    # anonymous visitor); a meeting's page also looks the meeting up, to answer 404 for one that is not there.
    with django_assert_max_num_queries(2 if "/meetings/" in path else 1):
        again = client.get(path)
    assert again.status_code == 200
    assert without_csrf(again.content) == without_csrf(first.content)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_a_committed_write_is_visible_on_the_next_read(client, committed_ix, commit_writes, staff, path):
    action = Action.objects.filter(decision__meeting=committed_ix, decision__parent__isnull=True).order_by("pk")[0]
    commit_writes()  # the fixtures' writes (the officer's account)
    client.get(path)  # now cached
    assert record_version_get() is not None
    assert MARK not in client.get(path).content.decode()
    # The mark goes where each page shows it: the action's title, its log (the dashboard's latest news), and
    # the decision's text (the list of decisions).
    action = action_update(action=action, expected_version=action.version, title_en=f"{MARK} action")
    action_record_progress(action=action, by=staff, date=committed_ix.end_date, note=f"{MARK} news")
    decision = action.decision
    decision.text_en = f"{MARK} decision. {decision.text_en}"
    decision_save(decision=decision)
    commit_writes()
    assert MARK in client.get(path).content.decode(), path


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/actions/", f"/actions/?meeting={IX}", "/api/v1/actions/?page_size=500"])
def test_readers_of_different_audiences_never_share_an_entry(client, committed_ix, commit_writes, staff, path):
    decision = committed_ix.decisions.filter(parent__isnull=True).first()
    action_create(
        decision=decision,
        responsible=Party.objects.get(code="MX"),
        title_en=f"{MARK} internal",
        visibility=Action.Visibility.SECRETARIAT,
    )
    client.force_login(staff)
    commit_writes()
    assert MARK in client.get(path).content.decode()  # the Secretariat's reading, now cached
    client.logout()
    commit_writes()
    assert MARK not in client.get(path).content.decode()
