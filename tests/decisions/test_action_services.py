"""decisions.services.actions: the only way an action's status changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from decisions.models import ProgressUpdate
from decisions.rules.status import ActionStatus, DecisionKind, DecisionStatus
from decisions.services.actions import action_create, action_delete, action_record_progress, action_update
from tests.factories import DecisionFactory, PartyFactory, StaffFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def decision():
    return DecisionFactory(kind=DecisionKind.MANDATE)


@pytest.fixture
def action(decision):
    return action_create(decision=decision, responsible=PartyFactory(), title_en="Hold the seminar")


def record(action, **kwargs):
    kwargs.setdefault("by", StaffFactory())
    kwargs.setdefault("date", TODAY())
    return action_record_progress(action=action, **kwargs)


def test_a_new_action_starts_not_started_and_its_decision_follows(decision, action):
    assert action.status == ActionStatus.NOT_STARTED
    assert action.version == 1
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.NOT_STARTED
    assert not action.updates.exists()


def test_an_action_created_in_another_status_logs_why(decision):
    action = action_create(
        decision=decision,
        responsible=PartyFactory(),
        title_en="Appoint",
        status=ActionStatus.COMPLETED,
        status_date=datetime.date(2004, 5, 21),
        status_note="Took effect on adoption.",
    )
    update = action.updates.get()
    assert (update.status_before, update.status, update.date) == (
        ActionStatus.NOT_STARTED,
        ActionStatus.COMPLETED,
        datetime.date(2004, 5, 21),
    )
    action.refresh_from_db()
    decision.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED
    assert decision.status == DecisionStatus.IMPLEMENTED


def test_recording_a_status_changes_action_and_decision_and_logs_it(decision, action):
    officer = StaffFactory(username="ana", first_name="Ana", last_name="Pérez")
    update = record(action, by=officer, status=ActionStatus.IN_PROGRESS, note="Venue booked.")
    action.refresh_from_db()
    decision.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.version == 2
    assert decision.status == DecisionStatus.IN_PROGRESS
    assert update.status_before == ActionStatus.NOT_STARTED
    assert update.author_name == "Ana Pérez"
    assert update.review_state == ProgressUpdate.Review.VALIDATED


def test_a_note_alone_changes_no_status(action):
    update = record(action, note="Still waiting for the venue.")
    action.refresh_from_db()
    assert update.status == ""
    assert action.status == ActionStatus.NOT_STARTED


def test_restating_the_current_status_is_a_note(action):
    update = record(action, status=ActionStatus.NOT_STARTED, note="No news.")
    assert update.status == ""


def test_a_forbidden_transition_is_refused_and_nothing_is_written(action):
    record(action, status=ActionStatus.IN_PROGRESS)
    with pytest.raises(ValidationError) as exc:
        record(action, status=ActionStatus.NOT_STARTED)
    assert exc.value.error_dict["status"][0].code == "invalid_transition"
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.updates.count() == 1


def test_an_empty_update_is_refused(action):
    with pytest.raises(ValidationError) as exc:
        record(action, note="   ")
    assert "note" in exc.value.error_dict


def test_progress_cannot_be_dated_in_the_future(action):
    with pytest.raises(ValidationError) as exc:
        record(action, note="x", date=TODAY() + datetime.timedelta(days=1))
    assert "date" in exc.value.error_dict


def test_a_submitted_report_waits_for_review(action):
    update = record(action, status=ActionStatus.COMPLETED, review_state=ProgressUpdate.Review.SUBMITTED)
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    assert update.reviewed_by is None


def test_a_stale_version_is_refused(action):
    record(action, status=ActionStatus.IN_PROGRESS)  # version 1 -> 2
    with pytest.raises(ValidationError) as exc:
        record(action, status=ActionStatus.COMPLETED, expected_version=1)
    assert exc.value.code == "stale"
    with pytest.raises(ValidationError):
        action_update(action=action, expected_version=1, title_en="Other")


def test_update_edits_fields_and_bumps_the_version(action):
    updated = action_update(action=action, expected_version=1, title_en="Hold the seminar in Mexico")
    assert updated.version == 2
    assert updated.title_en == "Hold the seminar in Mexico"


def test_update_takes_no_status_nor_unknown_fields(action):
    """Status changes through progress only: action_update has no such parameter (nor a `**fields` catch-all)."""
    with pytest.raises(TypeError, match="status"):
        action_update(action=action, expected_version=1, status=ActionStatus.COMPLETED)
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.NOT_STARTED, 1)


def test_update_leaves_what_is_not_given(action):
    """UNCHANGED (the default) keeps a field; None is a value (a deadline removed)."""
    before = (action.title_es, action.description_en, action.due_date)
    updated = action_update(action=action, expected_version=1, title_en="Hold the seminar in Panama")
    assert (updated.title_es, updated.description_en, updated.due_date) == before


def test_update_validates_the_due_precision(action):
    with pytest.raises(ValidationError) as exc:
        action_update(action=action, expected_version=1, due_date=datetime.date(2004, 11, 30), due_precision="quarter")
    assert "due_date" in exc.value.error_dict


def test_an_action_with_a_log_cannot_be_deleted(action):
    record(action, note="Started talks.")
    with pytest.raises(ValidationError):
        action_delete(action=action)


def test_deleting_the_last_action_resets_the_decision(decision, action):
    record(action, status=ActionStatus.IN_PROGRESS)
    other = action_create(decision=decision, responsible=PartyFactory(), title_en="Other")
    action_delete(action=other)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_PROGRESS


def test_a_parent_decision_counts_its_sub_items_actions(decision):
    child = DecisionFactory(meeting=decision.meeting, parent=decision, number="a", kind=DecisionKind.MANDATE)
    action = action_create(decision=child, responsible=PartyFactory(), title_en="Sub-item work")
    record(action, status=ActionStatus.COMPLETED)
    decision.refresh_from_db()
    child.refresh_from_db()
    assert child.status == DecisionStatus.IMPLEMENTED
    assert decision.status == DecisionStatus.IMPLEMENTED
