"""Caches keyed by a meeting's scope (decisions/caching/scopes.py): a meeting's page and the API lists filtered
by one meeting stay warm while other meetings are written, and still show every write that concerns them on the
next read — writes to the meeting's own rows, to shared rows they show, and rows moving in or out of it.

Coherence is checked without knowing what each page shows: after a write, what the cache serves must equal what
the page computes afresh with the cache emptied, and the write must have changed at least one of them."""

import datetime
import re

import pytest
from django.core.cache import cache

from decisions.caching.versions import EVERYONE, EVERYTHING, meeting_reader_scope, news_scope, record_version_get
from decisions.models import Action, DecisionDocument, DecisionLink, DecisionParty, Document, Participation, Theme
from decisions.selectors.visibility import PUBLIC_SCOPE
from decisions.services.actions import action_create, action_delete, action_record_progress, action_update
from decisions.services.decisions import (
    decision_document_save,
    decision_link_create,
    decision_party_save,
    decision_save,
)
from decisions.services.meeting_edits import meeting_save, participation_save
from decisions.services.register import document_save, theme_save
from members.models import Party
from members.services import party_save
from tests.factories import DecisionFactory, MeetingFactory, PartyFactory

IX = "ix-panama-city-2004"
SCOPED = (
    f"/meetings/{IX}/",
    f"/meetings/{IX}/?as_of=2010-06-30",
    f"/api/v1/meetings/{IX}/decisions/?page_size=500",
    f"/api/v1/decisions/?meeting={IX}&level=all&page_size=500",
    f"/api/v1/actions/?meeting={IX}&page_size=500",
    f"/api/v1/progress-updates/?meeting={IX}&page_size=500",
)
# The meeting named as no meeting's slug is, though the filter takes it (it trims the space): keyed by the reader's
# version, never by a meeting's that no write moves.
ROUGH = (f"/api/v1/actions/?meeting=%20{IX}%20&page_size=500",)


def without_csrf(body: bytes) -> bytes:
    """A page without what differs per rendering: the CSRF token, and charts' element ids (numbered per process)."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
    return re.sub(rb"chart[0-9]+-", b"chart-", body)


def read_all(client, paths=SCOPED + ROUGH) -> dict[str, bytes]:
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = without_csrf(response.content)
    return pages


class World:
    """The IX Meeting and another meeting, with what the writes below change: a theme and a document on an IX
    decision, an IX action with no progress (deletable), and the other meeting's own decision and action."""

    def __init__(self, ix, staff) -> None:
        self.ix = ix
        self.staff = staff
        self.decision = ix.decisions.filter(parent__isnull=True, section="decision").order_by("position")[0]
        self.theme = theme_save(theme=Theme(slug="scoped-theme", name_en="Scoped theme"))
        decision_save(decision=self.decision, themes=[*self.decision.themes.all(), self.theme])
        self.document = document_save(document=Document(title="Scoped plan"))
        decision_document_save(
            decision_document=DecisionDocument(
                decision=self.decision, document=self.document, relation=DecisionDocument.Relation.ENDORSES
            )
        )
        self.mexico = Party.objects.get(code="MX")
        # Shared rows the writes below attach to IX: made here, so that a write attaching one moves no shared counter.
        self.newcomer = PartyFactory(name_en="Newcomer")
        self.spare_theme = theme_save(theme=Theme(slug="spare-theme", name_en="Spare theme"))
        self.action = action_create(decision=self.decision, responsible=self.mexico, title_en="Scoped action")
        self.other_meeting = MeetingFactory(start_date=datetime.date(2006, 5, 3), end_date=datetime.date(2006, 5, 4))
        self.other_decision = DecisionFactory(meeting=self.other_meeting)
        self.other_action = action_create(
            decision=self.other_decision, responsible=self.mexico, title_en="Another meeting's action"
        )


@pytest.fixture
def world(ix_meeting, staff, commit_writes):
    built = World(ix_meeting, staff)
    commit_writes()
    return built


def _fresh(action: Action) -> Action:
    return Action.objects.get(pk=action.pk)


def action_retitled(w: World) -> None:
    action = _fresh(w.action)
    action_update(action=action, expected_version=action.version, title_en="Retitled scoped action")


def progress_recorded(w: World) -> None:
    action_record_progress(
        action=w.action, by=w.staff, date=datetime.date(2008, 1, 15), note="Scoped news", status="in_progress"
    )


def decision_rewritten(w: World) -> None:
    w.decision.refresh_from_db()
    w.decision.text_en = "Rewritten. " + w.decision.text_en
    decision_save(decision=w.decision)


def participant_added(w: World) -> None:
    participation_save(participation=Participation(meeting=w.ix, party=w.newcomer, capacity="observer"))


def theme_added(w: World) -> None:
    decision_save(decision=w.decision, themes=[*w.decision.themes.all(), w.spare_theme])


def theme_renamed(w: World) -> None:
    w.theme.name_en = "Renamed theme"
    theme_save(theme=w.theme)


def party_renamed(w: World) -> None:
    w.mexico.name_en = "Estados Unidos Mexicanos"
    party_save(party=w.mexico)


def meeting_renamed(w: World) -> None:
    w.ix.title_en = "Renamed meeting"
    meeting_save(meeting=w.ix)


def document_retitled(w: World) -> None:
    w.document.title = "Retitled plan"
    document_save(document=w.document)


def party_named(w: World) -> None:
    decision_party_save(decision_party=DecisionParty(decision=w.decision, party=w.newcomer, role="mentioned"))


def superseded_from_elsewhere(w: World) -> None:
    decision_link_create(source=w.other_decision, target=w.decision, relation=DecisionLink.Relation.SUPERSEDES)


def action_moved_out(w: World) -> None:
    action = _fresh(w.action)
    action.decision = w.other_decision
    action.save()


def action_moved_in(w: World) -> None:
    action = _fresh(w.other_action)
    action.decision = w.decision
    action.save()


def action_deleted(w: World) -> None:
    action_delete(action=_fresh(w.action))


WRITES = (
    action_retitled,
    progress_recorded,
    decision_rewritten,
    participant_added,
    theme_added,
    theme_renamed,
    party_renamed,
    meeting_renamed,
    document_retitled,
    party_named,
    superseded_from_elsewhere,
    action_moved_out,
    action_moved_in,
    action_deleted,
)


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
@pytest.mark.parametrize("reader", ["public", "secretariat"])
def test_a_write_shows_on_the_meetings_cached_pages_next_read(client, world, commit_writes, write, reader):
    if reader == "secretariat":
        client.force_login(world.staff)
        commit_writes()  # the sign-in's own write (last login), or nothing would be cached
    before = read_all(client)  # now cached
    write(world)
    commit_writes()
    served = read_all(client)
    cache.clear()
    computed = read_all(client)
    for path in SCOPED + ROUGH:
        assert served[path] == computed[path], f"{path} served a stale page after {write.__name__}"
    assert computed != before, f"{write.__name__} changed none of the pages: the check could not fail"


OTHER_MEETING_WRITES = (
    lambda w: action_update(action=_fresh(w.other_action), expected_version=w.other_action.version, title_en="X"),
    lambda w: action_record_progress(action=w.other_action, by=w.staff, date=datetime.date(2008, 1, 15), note="N"),
    lambda w: decision_save(decision=w.other_decision, themes=[w.theme]),
    lambda w: participation_save(
        participation=Participation(meeting=w.other_meeting, party=w.mexico, capacity="member")
    ),
)


@pytest.mark.django_db
@pytest.mark.parametrize("write", OTHER_MEETING_WRITES, ids=["action", "progress", "decision", "participation"])
def test_a_write_to_another_meeting_leaves_this_meetings_pages_warm(
    client, world, commit_writes, write, django_assert_max_num_queries
):
    before = read_all(client)
    whole, scoped = record_version_get(), record_version_get(meeting=IX, reader=PUBLIC_SCOPE)
    write(world)
    commit_writes()
    for path in SCOPED:
        # Served from the cache: the version (and, for the page, the meeting's lookup) is all it asks.
        with django_assert_max_num_queries(2):
            again = client.get(path)
        assert without_csrf(again.content) == before[path], path
    # A list over every meeting is keyed by the whole record's version, which moved.
    assert record_version_get() != whole
    assert record_version_get(meeting=IX, reader=PUBLIC_SCOPE) == scoped


def seen_by_everyone(meeting) -> set[str]:
    return {meeting_reader_scope(meeting=meeting.pk, scope=scope) for scope in EVERYONE}


@pytest.mark.django_db
def test_each_write_moves_only_the_scopes_it_touched(world, commit_writes):
    from decisions.models import ScopeVersion

    def counters() -> dict[str, int]:
        return dict(ScopeVersion.objects.values_list("scope", "counter"))

    start = counters()
    action_record_progress(action=world.other_action, by=world.staff, date=datetime.date(2008, 1, 15), note="N")
    commit_writes()
    moved = {scope for scope, value in counters().items() if value != start.get(scope)}
    # A note that sets no status: everyone's notes' counters, and its meeting's as everyone sees it.
    assert moved == {*(news_scope(scope=scope) for scope in EVERYONE), *seen_by_everyone(world.other_meeting)}
    start = counters()
    action_record_progress(
        action=world.other_action, by=world.staff, date=datetime.date(2008, 1, 16), note="B", status="in_progress"
    )
    commit_writes()
    moved = {scope for scope, value in counters().items() if value != start.get(scope)}
    assert moved == {*EVERYONE, *seen_by_everyone(world.other_meeting)}
    start = counters()
    superseded_from_elsewhere(world)
    commit_writes()
    moved = {scope for scope, value in counters().items() if value != start.get(scope)}
    assert moved == {*EVERYONE, *seen_by_everyone(world.other_meeting), *seen_by_everyone(world.ix)}
    start = counters()
    theme_renamed(world)
    commit_writes()
    moved = {scope for scope, value in counters().items() if value != start.get(scope)}
    assert moved == EVERYTHING
