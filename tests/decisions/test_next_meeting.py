"""Deadlines tied to the meeting calendar: "before the next meeting" has no date until a later meeting of the
same kind is scheduled, then that meeting's first day; rescheduling, adding and deleting meetings move it, and
overdue flags, lists and reminders follow, since they read the date."""

import datetime
import importlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from decisions.models import Action, ChangeEntry, Decision, Meeting
from decisions.rules.due import DuePrecision, due_format, next_meeting_due
from decisions.selectors import decisions_flag_overdue
from decisions.services.actions import action_create, action_update
from decisions.services.decisions import decision_save
from decisions.services.meeting_edits import meeting_delete, meeting_save
from tests.admin.test_admin_history import form_data
from tests.factories import DecisionFactory, MeetingFactory, PartyFactory

pytestmark = pytest.mark.django_db

NEXT = DuePrecision.NEXT_MEETING
VM = Meeting.Kind.VICE_MINISTERIAL
d = datetime.date
CORPUS = Path(__file__).resolve().parents[1] / "parsing" / "corpus"


def test_the_next_meeting_is_the_first_of_its_kind_after_this_one():
    starts = [d(2004, 5, 20), d(2006, 5, 4), d(2005, 4, 14), None, d(2004, 5, 20)]
    assert next_meeting_due(d(2004, 5, 20), starts) == d(2005, 4, 14)
    assert next_meeting_due(d(2006, 5, 4), starts) is None  # not scheduled yet
    assert next_meeting_due(None, starts) is None  # a meeting with no date has no "next"


def test_the_label_says_which_day_once_there_is_one():
    assert due_format(date=None, precision=NEXT) == "before the next meeting"
    assert due_format(date=d(2005, 5, 12), precision=NEXT) == "before the next meeting (12 May 2005)"
    with translation.override("es"):
        assert due_format(date=d(2005, 5, 12), precision=NEXT) == "antes de la próxima reunión (12 de mayo de 2005)"


def schedule(*, start: datetime.date, kind: str = VM, ordinal: int | None = None) -> Meeting:
    """A meeting entered by the Secretariat when it is scheduled: no declaration, no decisions."""
    meeting = Meeting(kind=kind, ordinal=ordinal, slug=f"{kind}-{start}", title_en=f"{kind} {start}")
    meeting.start_date, meeting.end_date = start, start
    return meeting_save(meeting=meeting)


@pytest.fixture
def world(db):
    ix = MeetingFactory(kind=VM, ordinal=9, start_date=d(2004, 5, 20), end_date=d(2004, 5, 21))
    mandate = DecisionFactory(meeting=ix, due_precision=NEXT, due_text="before the next meeting")
    noted = DecisionFactory(meeting=ix, kind="acknowledgement", due_precision=NEXT, due_text="before the next meeting")
    action = action_create(
        decision=mandate,
        responsible=PartyFactory(code="TS"),
        title_en="Present a proposal",
        due_precision=NEXT,
        due_text="before the next meeting",
    )
    return {"ix": ix, "mandate": mandate, "noted": noted, "action": action}


def due_dates(world) -> set:
    """The dates of the world's three deadlines, as stored (one set: they always move together)."""
    return {
        Decision.objects.get(pk=world["mandate"].pk).due_date,
        Decision.objects.get(pk=world["noted"].pk).due_date,
        Action.objects.get(pk=world["action"].pk).due_date,
    }


def test_it_stays_open_until_a_later_meeting_of_the_same_kind_is_scheduled(world):
    assert due_dates(world) == {None}
    schedule(kind=Meeting.Kind.RCGM, start=d(2004, 11, 10))  # another kind of meeting: not "the next meeting"
    schedule(start=d(2003, 5, 1), ordinal=8)  # the same kind, but before
    assert due_dates(world) == {None}

    x = schedule(start=d(2005, 5, 12), ordinal=10)
    assert due_dates(world) == {d(2005, 5, 12)}
    decision = Decision.objects.get(pk=world["mandate"].pk)
    assert (decision.due_precision, decision.due_label) == (NEXT, "before the next meeting (12 May 2005)")
    assert x.decisions.count() == 0 and x.source_text == ""


def test_rescheduling_adding_and_deleting_meetings_move_it(world):
    x = schedule(start=d(2005, 5, 12), ordinal=10)
    xi = schedule(start=d(2006, 5, 4), ordinal=11)
    assert due_dates(world) == {d(2005, 5, 12)}

    x.start_date, x.end_date = d(2005, 6, 2), d(2005, 6, 3)
    meeting_save(meeting=x, expected_version=x.revision)
    assert due_dates(world) == {d(2005, 6, 2)}

    sooner = schedule(start=d(2005, 2, 1))  # a Vice-Ministerial meeting sooner
    assert due_dates(world) == {d(2005, 2, 1)}
    meeting_delete(meeting=sooner)
    assert due_dates(world) == {d(2005, 6, 2)}

    x.refresh_from_db()
    x.kind = Meeting.Kind.EXTRAORDINARY  # re-kinded: no longer the next Vice-Ministerial Meeting
    meeting_save(meeting=x, expected_version=x.revision)
    assert due_dates(world) == {d(2006, 5, 4)}

    meeting_delete(meeting=xi)
    assert due_dates(world) == {None}


def test_a_move_is_seen_by_caches_syncs_and_the_change_log(world):
    entries = ChangeEntry.objects.filter(kind="decision", object_id=world["mandate"].pk).count()
    before = Decision.objects.get(pk=world["mandate"].pk).updated_at
    schedule(start=d(2005, 5, 12), ordinal=10)
    moved = Decision.objects.get(pk=world["mandate"].pk)
    assert moved.updated_at > before
    assert ChangeEntry.objects.filter(kind="decision", object_id=moved.pk).count() == entries + 1
    assert ChangeEntry.objects.filter(kind="action", object_id=world["action"].pk).exists()


def test_it_is_overdue_after_the_meeting_and_not_before(world):
    schedule(start=d(2005, 5, 12), ordinal=10)
    on_the_day, after = d(2005, 5, 12), d(2005, 5, 13)
    assert not Action.objects.overdue_on(on_the_day).filter(pk=world["action"].pk).exists()
    assert Action.objects.overdue_on(after).filter(pk=world["action"].pk).exists()
    flags = dict(decisions_flag_overdue(decisions=Decision.objects.all(), today=after).values_list("pk", "is_overdue"))
    assert flags[world["mandate"].pk] is True  # its open action is late
    assert flags[world["noted"].pk] is False  # noted: settled, nothing is late


def test_a_deadline_set_once_the_next_meeting_is_known_takes_its_date_at_once(world):
    schedule(start=d(2005, 5, 12), ordinal=10)
    later = DecisionFactory(meeting=world["ix"], due_precision=NEXT, due_text="antes de la próxima reunión")
    assert later.due_date == d(2005, 5, 12)
    action = Action.objects.get(pk=world["action"].pk)
    typed = action_update(action=action, expected_version=action.version, due_date=None, due_precision=NEXT)
    assert typed.due_date == d(2005, 5, 12)
    assert typed.version == action.version  # the same deadline again is no edit
    quarter = action_update(
        action=typed, expected_version=typed.version, due_date=d(2005, 12, 31), due_precision="quarter"
    )
    assert (quarter.due_date, quarter.version) == (d(2005, 12, 31), action.version + 1)


def test_an_item_moved_to_another_meeting_takes_that_meetings_next_one(world):
    schedule(start=d(2005, 5, 12), ordinal=10)
    xii = schedule(start=d(2007, 5, 10), ordinal=12)
    schedule(start=d(2008, 5, 15), ordinal=13)
    mandate = Decision.objects.get(pk=world["mandate"].pk)
    mandate.meeting = xii
    decision_save(decision=mandate, expected_version=mandate.revision)
    assert Decision.objects.get(pk=mandate.pk).due_date == d(2008, 5, 15)
    assert Action.objects.get(pk=world["action"].pk).due_date == d(2008, 5, 15)


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_declaration", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_importing_the_next_meetings_declaration_dates_the_deadlines_before_it(world, ix_parties):
    run(CORPUS / "en_deadlines_mixed.txt")  # the X Meeting, Vancouver, 14-15 April 2005
    assert due_dates(world) == {d(2005, 4, 14)}
    x = Meeting.objects.get(ordinal=10)
    own = x.decisions.get(number="5")  # "… before the next meeting": the XI Meeting is not scheduled
    assert (own.due_precision, own.due_date) == (NEXT, None)
    schedule(start=d(2006, 5, 4), ordinal=11)
    own.refresh_from_db()
    assert own.due_date == d(2006, 5, 4)


def test_the_secretariat_enters_a_scheduled_meeting_in_the_admin_and_pages_show_the_date(world, staff_client, client):
    url = reverse("admin:decisions_meeting_add")
    data = form_data(staff_client.get(url))
    data |= {"kind": VM, "ordinal": "10", "slug": "x-vancouver-2005", "title_en": "X Meeting", "city_en": "Vancouver"}
    data |= {"start_date": "2005-05-12", "end_date": "2005-05-13", "source_language": "en"}
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert due_dates(world) == {d(2005, 5, 12)}

    page = client.get(world["mandate"].get_absolute_url()).content.decode()
    assert "before the next meeting (12 May 2005)" in page
    spanish = client.get(world["mandate"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "antes de la próxima reunión (12 de mayo de 2005)" in spanish
    ix_page = client.get(world["ix"].get_absolute_url()).content.decode()
    assert "before the next meeting (12 May 2005)" in ix_page


def test_the_migration_dates_deadlines_recorded_before(world):
    schedule(start=d(2005, 5, 12), ordinal=10)
    Decision.objects.update(due_date=None)
    Action.objects.update(due_date=None)
    importlib.import_module("decisions.migrations.0012_next_meeting_deadlines").date_next_meeting_deadlines(apps, None)
    assert due_dates(world) == {d(2005, 5, 12)}
