"""Reads compiled once (selectors.prepared): a prepared read gives what its queryset gives, for any value of its
slots; a list read by shape (a request with no filter) compiles no SQL after its first read, and still shows
each write at once; a request with filters, or another reader, day or meeting, is another read."""

import datetime
from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from decisions.api.representations import IDS
from decisions.models import Decision, Meeting
from decisions.selectors import decisions_flag_overdue
from decisions.selectors.expressions import IdIn
from decisions.selectors.prepared import _kept, compile_count, compile_rows, prepared
from decisions.services.actions import action_create
from members.models import Party
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_kept_reads():
    """Each test starts with no read kept in this thread: one emptied when full mid-test would be compiled again."""
    _kept.reads.clear()


DAY = datetime.date(2026, 3, 1)


def flagged(today: datetime.date):
    return decisions_flag_overdue(decisions=Decision.objects.all(), today=today)


def test_a_prepared_read_gives_its_querysets_rows_for_any_ids(ix_meeting):
    ids = list(Decision.objects.order_by("pk").values_list("pk", flat=True))
    # Asked in an order django-modeltranslation does not keep (it selects a set of names).
    names = ("is_overdue", "text_es", "id", "meeting__slug", "text_en", "due_date", "updated_at")
    read = compile_rows(queryset=flagged(DAY).filter(IdIn("id", IDS)).order_by("pk").values_list(*names))
    for chosen in (ids, ids[::3], ids[:1], []):
        expected = list(flagged(DAY).filter(pk__in=chosen).order_by("pk").values_list(*names))
        assert [tuple(row) for row in read.rows(ids=chosen)] == expected
    as_dicts = compile_rows(queryset=flagged(DAY).filter(IdIn("id", IDS)).order_by("pk").values(*names)).dicts(ids=ids)
    assert as_dicts == list(flagged(DAY).filter(pk__in=ids).order_by("pk").values(*names))
    assert [list(row) for row in as_dicts] == [list(names)] * len(ids)  # the keys in the order asked


def test_a_prepared_count_counts_as_the_queryset_does(ix_meeting):
    for queryset in (Decision.objects.all(), Decision.objects.filter(parent__isnull=False), Decision.objects.none()):
        assert compile_count(queryset=queryset.order_by("position")).count() == queryset.count()
    assert compile_count(queryset=Decision.objects.none()).sql is None  # never run, and counted 0


def test_a_kept_read_is_compiled_once_per_key(ix_meeting):
    built = []

    def build():
        built.append(1)
        return Decision.objects.filter(IdIn("id", IDS)).values_list("id")

    ids = list(Decision.objects.values_list("pk", flat=True)[:5])
    first = prepared(key=("test-kept", 1), build=build).rows(ids=ids)
    again = prepared(key=("test-kept", 1), build=build).rows(ids=ids[:2])
    prepared(key=("test-kept", 2), build=build)
    assert sorted(tuple(row) for row in first) == sorted((pk,) for pk in ids) and len(again) == 2
    assert len(built) == 2  # once per key


def compiled_during(read) -> int:
    """How many SQL statements Django compiled while `read()` ran."""
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as compiling:
        read()
    return compiling.call_count


LISTS = ["/api/v1/decisions/?page_size=100", "/api/v1/actions/?page_size=50&ordering=-due_date"]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_with_no_filter_compiles_nothing_after_its_first_read(settings, api, ix_meeting, url):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # every read computed
    assert api.get(url).status_code == 200
    assert compiled_during(lambda: api.get(url)) == 0
    filtered = url + "&status=not_started"
    assert api.get(filtered).status_code == 200
    assert compiled_during(lambda: api.get(filtered)) > 0  # a filter is validated and compiled for its request


def test_a_meeting_list_by_shape_is_compiled_once_and_per_meeting(settings, api, ix_meeting):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    url = f"/api/v1/meetings/{ix_meeting.slug}/decisions/?page_size=500"
    listed = api.get(url).json()
    assert listed["count"] == Decision.objects.filter(meeting=ix_meeting, parent__isnull=True).count()
    assert compiled_during(lambda: api.get(url)) == 1  # the meeting's own lookup: is it there, may the reader see it
    assert api.get("/api/v1/meetings/no-such-meeting/decisions/?ordering=nonsense").status_code == 404  # first
    other = Meeting.objects.create(kind="extraordinary", slug="other-2005", title_en="Other", is_published=True)
    DecisionFactory(meeting=other, number="1", position=1)
    other_list = api.get(f"/api/v1/meetings/{other.slug}/decisions/?page_size=500").json()
    assert [row["meeting"]["slug"] for row in other_list["results"]] == [other.slug]  # its own read, not the IX's


def test_a_list_by_shape_shows_a_write_on_the_next_read(settings, api, ix_meeting):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    url = "/api/v1/decisions/?page_size=500"
    before = {row["id"]: row["status"] for row in api.get(url).json()["results"]}
    decision = Decision.objects.filter(pk__in=before, actions__isnull=True, children__isnull=True).first()
    action_create(decision=decision, responsible=Party.objects.get(code="MX"), title_en="Report", status="in_progress")
    decision.refresh_from_db()
    assert decision.status != before[decision.pk]  # the write changed what the list shows
    after = {row["id"]: row["status"] for row in api.get(url).json()["results"]}
    assert after[decision.pk] == decision.status


def test_readers_and_days_have_their_own_reads(settings, api, ix_meeting, ts, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    url = "/api/v1/decisions/?page_size=500&ordering=id"
    ix_meeting.__class__.objects.filter(pk=ix_meeting.pk).update(is_published=False)
    assert api.get(url).json()["count"] == 0  # a draft: nothing for the public
    assert ts.get(url).json()["count"] > 0  # the Secretariat reads drafts, by a read of its own
    assert api.get(url).json()["count"] == 0
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert compiled_during(lambda: ts.get(url)) > 0  # another day: the overdue flags are judged again


def test_an_action_list_by_shape_judges_each_day_overdue(settings, api, ix_meeting):
    """The action list's rows carry their overdue flag: read by shape on the day after the deadline, it says so."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    today = timezone.localdate()
    decision = Decision.objects.filter(meeting=ix_meeting, parent__isnull=True).order_by("position").first()
    action = action_create(
        decision=decision,
        responsible=Party.objects.get(code="MX"),
        title_en="Due tomorrow",
        due_date=today + datetime.timedelta(days=1),
        due_precision="day",
        status="in_progress",
    )
    url = "/api/v1/actions/?page_size=500&ordering=id"

    def flag() -> bool:
        return next(row["is_overdue"] for row in api.get(url).json()["results"] if row["id"] == action.pk)

    assert flag() is False
    later = today + datetime.timedelta(days=2)
    with mock.patch.object(timezone, "localdate", lambda *args, **kwargs: later):
        assert flag() is True
    assert flag() is False
