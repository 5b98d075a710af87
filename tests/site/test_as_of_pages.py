"""Status as of a date, rebuilt from the log, on the dashboard, the meeting page and the grid."""

import datetime

import pytest
from django.urls import reverse

from decisions.models import Action, Decision, ProgressUpdate
from decisions.selectors.pages.board import board_build
from decisions.selectors.pages.dashboard import dashboard_get
from decisions.selectors.pages.dates import AsOf
from decisions.services.actions import action_record_progress
from decisions.services.decisions import decision_link_create
from tests.factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def as_of(day):
    return AsOf(day, historical=True)


def test_the_seminar_decision_moves_through_its_history(ix_meeting, seminar_held):
    d6 = Decision.objects.get(meeting=ix_meeting, number="6", parent__isnull=True)
    for day, expected in [
        (datetime.date(2004, 8, 1), "not_started"),
        (datetime.date(2004, 10, 1), "in_progress"),
        (datetime.date(2004, 12, 1), "implemented"),
    ]:
        board = board_build(decisions=[d6], day=day, historical=True)
        assert board.decision(d6.pk).status == expected
        assert board.action(seminar_held.pk).status == {"implemented": "completed"}.get(expected, expected)


def test_overdue_is_judged_on_the_day_shown(ix_meeting, seminar):
    d6 = Decision.objects.get(meeting=ix_meeting, number="6", parent__isnull=True)
    assert not board_build(decisions=[d6], day=datetime.date(2004, 12, 31), historical=True).decision(d6.pk).is_overdue
    assert board_build(decisions=[d6], day=datetime.date(2005, 1, 1), historical=True).decision(d6.pk).is_overdue


def test_as_of_today_equals_the_stored_statuses(ix_meeting, seminar_held, staff):
    d8_action = Action.objects.filter(decision__number="8").first()
    action_record_progress(action=d8_action, by=staff, date=datetime.date(2005, 3, 1), status="ongoing")
    decisions = list(Decision.objects.all())
    rebuilt = board_build(decisions=decisions, day=datetime.date.today(), historical=True)
    stored = board_build(decisions=decisions, day=datetime.date.today(), historical=False)
    assert {pk: s.status for pk, s in rebuilt.decisions.items()} == {pk: s.status for pk, s in stored.decisions.items()}
    assert {pk: s.status for pk, s in rebuilt.actions.items()} == {a.pk: a.status for a in Action.objects.all()}


def test_unvalidated_reports_do_not_change_the_past(ix_meeting, seminar, staff):
    action_record_progress(
        action=seminar, by=staff, date=datetime.date(2004, 9, 1), status="completed", review_state="submitted"
    )
    d6 = Decision.objects.get(meeting=ix_meeting, number="6", parent__isnull=True)
    assert (
        board_build(decisions=[d6], day=datetime.date(2005, 1, 1), historical=True).decision(d6.pk).status
        == "not_started"
    )


def test_a_supersession_counts_from_the_later_meeting(ix_meeting):
    later = MeetingFactory(start_date=datetime.date(2006, 5, 1), end_date=datetime.date(2006, 5, 2))
    newer = DecisionFactory(meeting=later)
    d8 = Decision.objects.get(meeting=ix_meeting, number="8", parent__isnull=True)
    decision_link_create(source=newer, target=d8, relation="supersedes")
    assert (
        board_build(decisions=[d8], day=datetime.date(2006, 4, 30), historical=True).decision(d8.pk).status
        == "not_started"
    )
    assert (
        board_build(decisions=[d8], day=datetime.date(2006, 5, 1), historical=True).decision(d8.pk).status
        == "superseded"
    )


def test_the_dashboard_counts_as_of_a_day(ix_meeting, seminar_held):
    before, after = (
        dashboard_get(user=None, as_of=as_of(datetime.date(y, m, d))) for y, m, d in ((2004, 10, 1), (2004, 12, 1))
    )
    assert before.overall.counts["in_progress"] == 1
    assert after.overall.counts["in_progress"] == 0
    assert after.overall.counts["implemented"] == before.overall.counts["implemented"] + 1
    # Before the IX Meeting there was nothing to count.
    assert dashboard_get(user=None, as_of=as_of(datetime.date(2004, 1, 1))).overall.total == 0


def test_the_dashboard_lists_judge_each_action_by_its_status_on_the_day(ix_meeting, seminar, staff):
    """The seminar (due Q4 2004) was held late, in March 2005: overdue in February, done by April; its news
    counts only from the day it was written."""
    action_record_progress(action=seminar, by=staff, date=datetime.date(2005, 3, 1), status="completed")

    def listed(day, name):
        return [
            a.pk for group in getattr(dashboard_get(user=None, as_of=as_of(day)), name).items for a in group.actions
        ]

    assert seminar.pk in listed(datetime.date(2004, 12, 1), "upcoming")
    assert seminar.pk not in listed(datetime.date(2004, 12, 1), "overdue")
    assert seminar.pk in listed(datetime.date(2005, 2, 1), "overdue")
    assert seminar.pk not in listed(datetime.date(2005, 4, 1), "overdue")
    assert dashboard_get(user=None, as_of=as_of(datetime.date(2005, 2, 1))).recent_updates == []
    assert dashboard_get(user=None, as_of=as_of(datetime.date(2005, 4, 1))).recent_updates[0].action_id == seminar.pk


def test_the_pages_say_which_day_they_show(client, ix_meeting, seminar_held):
    for url in (reverse("decisions:home"), ix_meeting.get_absolute_url(), reverse("decisions:grid")):
        response = client.get(url, {"as_of": "2004-10-01"})
        assert response.status_code == 200
        assert "Status as of Oct. 1, 2004" in response.content.decode(), url


def test_the_meeting_page_shows_past_statuses(client, ix_meeting, seminar_held):
    content = client.get(ix_meeting.get_absolute_url(), {"as_of": "2004-10-01"}).content.decode()
    d6 = content[content.index('id="D6"') :][:1500]
    assert "In progress" in d6
    content = client.get(ix_meeting.get_absolute_url()).content.decode()
    assert "Implemented" in content[content.index('id="D6"') :][:1500]


def test_a_day_before_the_meeting_is_explained(client, ix_meeting):
    response = client.get(ix_meeting.get_absolute_url(), {"as_of": "2004-01-01"})
    assert response.status_code == 400
    assert "on 2004-01-01 it had decided nothing yet" in response.content.decode()


def test_reconstruction_ignores_internal_notes_but_not_their_status(ix_meeting, seminar, staff):
    """The public already sees today's status, which internal validated updates set; the past must agree."""
    action_record_progress(
        action=seminar, by=staff, date=datetime.date(2004, 9, 1), status="in_progress", visibility="secretariat"
    )
    assert ProgressUpdate.objects.filter(visibility="secretariat").exists()
    d6 = Decision.objects.get(meeting=ix_meeting, number="6", parent__isnull=True)
    assert (
        board_build(decisions=[d6], day=datetime.date(2004, 10, 1), historical=True).decision(d6.pk).status
        == "in_progress"
    )
