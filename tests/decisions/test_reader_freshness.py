"""Caches keyed by what the reader may see (decisions/caching/scopes.py): a focal point's pending report, a round
answer or a note for the Secretariat alone leaves the public's and other parties' cached pages warm, and every
reader still sees, on the next read, each write they may see.

Coherence is checked without knowing what each page shows: after a write, what each reader is served must equal
what the page computes afresh for them with the cache emptied; and a write must change some reader's pages."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.caching.versions import (
    audience_scope,
    meeting_reader_scope,
    news_scope,
    record_version_get,
    reports_scope,
)
from decisions.models import Action, ProgressUpdate, ScopeVersion
from decisions.selectors.visibility import scope_get
from decisions.services.actions import action_record_progress, action_update
from decisions.services.reports import report_submit, update_return, update_validate
from decisions.services.rounds import packet_answer_save, packet_submit, round_open
from members.models import Party
from members.roles import Audience
from tests.decisions.test_scoped_freshness import without_csrf
from tests.factories import StaffFactory, user_with_role
from tests.workflow.rounds.support import make_round

IX = "ix-panama-city-2004"
PAGES = (
    f"/meetings/{IX}/",
    f"/meetings/{IX}/?as_of=2010-06-30",
    f"/api/v1/progress-updates/?meeting={IX}&page_size=500",
    f"/api/v1/actions/?meeting={IX}&page_size=500",
    f"/api/v1/meetings/{IX}/decisions/?page_size=500",
    "/",
    "/grid/",
    "/actions/",
    "/actions/?stale=on",
    "/decisions/",
    "/api/v1/actions/?page_size=500",
    "/api/v1/actions/?stale=true&page_size=500",
    "/api/v1/decisions/?level=all&page_size=500",
    "/api/v1/progress-updates/?page_size=500",
)
READERS = ("public", "delegate", "focal_mx", "focal_gt", "secretariat")


class World:
    """The IX Meeting, a round over it that Mexico and Guatemala answer, and a reader of each kind."""

    def __init__(self, ix) -> None:
        self.mexico = Party.objects.get(code="MX")
        self.guatemala = Party.objects.get(code="GT")
        self.ts = user_with_role("Secretariat", username="ts")
        StaffFactory(username="staff")
        self.users = {
            "delegate": user_with_role("Delegate", party=self.mexico, username="delegate"),
            "focal_mx": user_with_role("Focal point", party=self.mexico, username="focal-mx"),
            "focal_gt": user_with_role("Focal point", party=self.guatemala, username="focal-gt"),
            "secretariat": self.ts,
        }
        self.round = round_open(round=make_round(self.ts, [ix], parties=[self.mexico, self.guatemala]), by=self.ts)
        actions = Action.objects.filter(visibility=Action.Visibility.PUBLIC, decision__meeting=ix).order_by("pk")
        self.action = actions.filter(responsible=self.mexico)[0]
        self.day = datetime.date(2008, 1, 15)
        self.pending = self.submitted()  # a report already waiting for review when the readers read

    def submitted(self) -> ProgressUpdate:
        return report_submit(
            action=self.action, by=self.users["focal_mx"], date=self.day, note="Pending news", notify=False
        )


@pytest.fixture
def world(ix_meeting, commit_writes):
    built = World(ix_meeting)
    commit_writes()
    return built


@pytest.fixture
def clients(world, commit_writes):
    signed = {"public": Client()}
    for name, user in world.users.items():
        signed[name] = Client()
        signed[name].force_login(user)
    commit_writes()  # the sign-ins' own writes (last login)
    return signed


def read_all(client, costs: dict | None = None, paths=PAGES) -> dict[str, bytes]:
    """Every page as this client reads it; with `costs`, also how many queries each read took."""
    pages = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, path
        pages[path] = without_csrf(response.content)
        if costs is not None:
            costs[path] = len(queries)
    return pages


def focal_report(w: World) -> None:
    w.submitted()


def report_returned(w: World) -> None:
    update_return(update=w.submitted(), by=w.ts, comment="Which ministry?")


def report_validated(w: World) -> None:
    update_validate(update=w.submitted(), by=w.ts)


def secretariat_note(w: World) -> None:
    action_record_progress(action=w.action, by=w.ts, date=w.day, note="For us alone", visibility="secretariat")


def members_note(w: World) -> None:
    action_record_progress(action=w.action, by=w.ts, date=w.day, note="For member states", visibility="members")


def public_note(w: World) -> None:
    """Dated today: the action leaves the lists of actions with no news in six months."""
    action_record_progress(action=w.action, by=w.ts, date=timezone.localdate(), note="For everyone, no status")


def public_status(w: World) -> None:
    action_record_progress(action=w.action, by=w.ts, date=w.day, note="Begun", status="in_progress")


def evidence_on_report(w: World) -> None:
    report_submit(
        action=w.action,
        by=w.users["focal_mx"],
        date=w.day,
        note="With a link",
        links=["https://example.org/minutes"],
        notify=False,
    )


def pending_report_deleted(w: World) -> None:
    ProgressUpdate.objects.get(pk=w.pending.pk).delete()


def party_changed_with_report_pending(w: World) -> None:
    w.submitted()
    action = Action.objects.get(pk=w.action.pk)
    action_update(action=action, expected_version=action.version, responsible=w.guatemala)


def answer_drafted(w: World) -> None:
    packet_answer_save(
        round=w.round, action=w.action, by=w.users["focal_mx"], kind="note", expected_version=0, note="Draft"
    )


def packet_submitted(w: World) -> None:
    answer_drafted(w)
    packet_submit(round=w.round, party=w.mexico, by=w.users["focal_mx"])


# Each write, setup included, and the readers whose pages it must leave warm.
WRITES = {
    focal_report: ("public", "delegate", "focal_gt"),
    evidence_on_report: ("public", "delegate", "focal_gt"),
    pending_report_deleted: ("public", "delegate", "focal_gt"),
    party_changed_with_report_pending: (),
    report_returned: ("public", "delegate", "focal_gt"),
    report_validated: (),
    secretariat_note: ("public", "delegate", "focal_mx", "focal_gt"),
    members_note: ("public",),
    public_note: (),
    public_status: (),
    answer_drafted: ("public", "delegate", "focal_gt"),
    packet_submitted: ("public", "delegate", "focal_gt"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_every_reader_sees_each_write_they_may_see_on_the_next_read(
    world, clients, commit_writes, write, django_assert_max_num_queries
):
    before = {name: read_all(client) for name, client in clients.items()}  # now cached
    cached = {name: {} for name in READERS}
    for name, client in clients.items():
        read_all(client, cached[name])
    write(world)
    commit_writes()
    for name in WRITES[write]:  # still served from the cache: no more queries than before the write
        after = {}
        read_all(clients[name], after)
        assert after == cached[name], f"{name}'s pages went cold"
    served = {name: read_all(client) for name, client in clients.items()}
    cache.clear()
    fresh = {name: {} for name in READERS}
    computed = {name: read_all(client, fresh[name]) for name, client in clients.items()}
    for name in READERS:
        for path in PAGES:
            assert served[name][path] == computed[name][path], f"{name} was served a stale {path}"
            # What was compared was a cached copy: a cached read costs fewer queries than computing the page.
            assert cached[name][path] < fresh[name][path], f"{name}'s {path} was never cached"
    changed = {name for name in READERS if computed[name] != before[name]}
    # A draft answer shows on its packet's page alone (never cached): on these pages, to nobody.
    assert bool(changed) != (write is answer_drafted), f"{write.__name__} changed the pages of {changed or 'nobody'}"
    assert not changed & set(WRITES[write]), f"{write.__name__} shows to {changed}, not meant to"


@pytest.mark.django_db
@pytest.mark.parametrize("write", [w for w, warm in WRITES.items() if warm], ids=lambda write: write.__name__)
def test_a_write_others_cannot_see_leaves_their_pages_warm(world, clients, commit_writes, write):
    def versions() -> dict[tuple[str, str | None], str]:
        return {
            (name, meeting): record_version_get(meeting=meeting, reader=scope_get(user=world.users.get(name)))
            for name in READERS
            for meeting in (None, IX)
        }

    before = versions()
    write(world)
    commit_writes()
    for (name, meeting), version in versions().items():
        assert (version != before[name, meeting]) == (name not in WRITES[write]), (name, meeting)


# Writes of progress notes that set no status, and the pages that show none (decisions/caching/scopes.py): for whom
# each stays warm. The grid and the actions' API list show pending reports to their readers (the Secretariat, the
# party's focal points), so they stay warm for the others alone.
NOTE_WRITES = (
    public_note,
    members_note,
    secretariat_note,
    focal_report,
    evidence_on_report,
    report_returned,
    report_validated,
    pending_report_deleted,
)
STATUS_PAGES = {
    # The grid marks the reports in review to their readers (round_marks.py).
    "/grid/": ("public", "delegate"),
    "/grid/?as_of=2010-06-30": ("public", "delegate"),
    "/decisions/": READERS,
    "/actions/": READERS,
    "/api/v1/decisions/?level=all&page_size=500": READERS,
    "/api/v1/actions/?page_size=500": ("public", "delegate"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", NOTE_WRITES, ids=lambda write: write.__name__)
def test_a_note_that_sets_no_status_leaves_the_pages_of_statuses_warm(world, clients, commit_writes, write):
    """Served from the cache after the note (as few queries as before it), and equal to the page computed afresh
    (the test above, for every page); the dashboard computes its parts that show notes, and those alone."""
    paths = (*STATUS_PAGES, "/")
    cached = {name: {} for name in READERS}
    for name, client in clients.items():
        read_all(client, paths=paths)
        read_all(client, cached[name], paths=paths)
    write(world)
    commit_writes()
    after = {name: {} for name in READERS}
    for name, client in clients.items():
        read_all(client, after[name], paths=paths)
    cache.clear()
    fresh = {name: {} for name in READERS}
    for name, client in clients.items():
        read_all(client, fresh[name], paths=paths)
    for name in READERS:
        for path, readers in STATUS_PAGES.items():
            if name in readers:
                assert after[name][path] == cached[name][path], f"{name}'s {path} went cold"
        if after[name]["/"] > cached[name]["/"]:  # the note shows in this reader's dashboard: its notes' parts
            assert after[name]["/"] < fresh[name]["/"], f"{name}'s dashboard was computed whole"
    if write is public_note:  # everyone's dashboard shows it: the check above could not pass unasked
        assert all(after[name]["/"] > cached[name]["/"] for name in READERS)


@pytest.mark.django_db
def test_a_status_set_by_a_report_makes_the_pages_of_statuses_cold(world, commit_writes):
    """A report that sets a status is no mere note: every page of statuses of its readers goes cold."""
    secretariat = scope_get(user=world.ts)
    before = record_version_get(reader=secretariat, news=False)
    report_submit(
        action=world.action,
        by=world.users["focal_mx"],
        date=world.day,
        note="Begun",
        status="in_progress",
        notify=False,
    )
    commit_writes()
    assert record_version_get(reader=secretariat, news=False) != before


@pytest.mark.django_db
def test_a_pending_report_moves_its_party_the_secretariat_and_its_meeting(world, commit_writes):
    """A report that sets no status moves their notes' counters, and its meeting's as they see it."""

    def counters() -> dict[str, int]:
        return dict(ScopeVersion.objects.values_list("scope", "counter"))

    start = counters()
    world.submitted()
    commit_writes()
    moved = {scope for scope, value in counters().items() if value != start.get(scope)}
    readers = {audience_scope(audience=Audience.SECRETARIAT), reports_scope(party=world.mexico.pk)}
    meeting = world.action.decision.meeting_id
    seen = {meeting_reader_scope(meeting=meeting, scope=scope) for scope in readers}
    assert moved == {news_scope(scope=scope) for scope in readers} | seen


@pytest.mark.django_db
def test_signing_in_leaves_every_readers_pages_warm(world, clients, commit_writes):
    """A sign-in saves the account's last login, which no page shows: on a reporting day focal points sign in
    all day long."""

    def versions() -> dict[str, str]:
        return {name: record_version_get(reader=scope_get(user=world.users.get(name))) for name in READERS}

    before = versions()
    Client().force_login(world.users["focal_gt"])
    commit_writes()
    assert versions() == before
