"""Deleting in the admin goes through the delete services: the delete view, the bulk "delete selected" action
and inline deletes keep every stored decision status right, refuse what must not be erased with a message (never
a 500), record who deleted what, and move the record version."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import DELETION, LogEntry

from decisions.models import (
    Action,
    Decision,
    DecisionLink,
    Document,
    Meeting,
    Participation,
    ProgressUpdate,
    RecordVersion,
    Theme,
)
from decisions.rules.status import DecisionStatus
from decisions.services.actions import action_create
from members.models import Membership, Party, Representative
from tests.admin.world import admin_url, completed_action
from tests.security.hostile.exercise import admin_form_data

pytestmark = pytest.mark.django_db


def counter() -> int:
    row = RecordVersion.objects.first()
    return row.counter if row else 0


def delete_view(client, obj):
    return client.post(admin_url(obj, "delete", obj.pk), {"post": "yes"})


def bulk_delete(client, obj):
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"}
    return client.post(admin_url(obj, "changelist"), data)


DELETERS = {"delete view": delete_view, "bulk delete": bulk_delete}


@pytest.fixture
def half_done(world):
    """D1 has a completed action, its sub-item D1.a one not started yet: D1 is in progress."""
    completed_action(world.decision, world.party, "Hold the seminar")
    pending = action_create(decision=world.subitem, responsible=world.party, title_en="Publish the report")
    world.decision.refresh_from_db()
    assert world.decision.status == DecisionStatus.IN_PROGRESS
    return pending


def stored_status(decision: Decision) -> str:
    return Decision.objects.get(pk=decision.pk).status


@pytest.mark.parametrize("deleter", DELETERS.values(), ids=DELETERS.keys())
def test_deleting_a_subitem_settles_its_parent(staff_client, world, half_done, deleter):
    response = deleter(staff_client, world.subitem)
    assert response.status_code == 302
    assert not Decision.objects.filter(pk=world.subitem.pk).exists()
    assert stored_status(world.decision) == DecisionStatus.IMPLEMENTED


@pytest.mark.parametrize("deleter", DELETERS.values(), ids=DELETERS.keys())
def test_deleting_an_action_settles_its_decision(staff_client, world, deleter):
    completed_action(world.decision, world.party, "Hold the seminar")
    pending = action_create(decision=world.decision, responsible=world.party, title_en="Publish the report")
    assert stored_status(world.decision) == DecisionStatus.IN_PROGRESS
    response = deleter(staff_client, pending)
    assert response.status_code == 302
    assert not Action.objects.filter(pk=pending.pk).exists()
    assert stored_status(world.decision) == DecisionStatus.IMPLEMENTED


def test_deleting_a_subitem_inline_on_the_meeting_page_settles_its_parent(staff_client, world, half_done):
    url = admin_url(world.meeting, "change", world.meeting.pk)
    data = admin_form_data(staff_client, url)
    row = next(
        key
        for key, value in data.items()
        if key.startswith("decisions-") and key.endswith("-id") and value == str(world.subitem.pk)
    )
    data[row.replace("-id", "-DELETE")] = "on"
    assert staff_client.post(url, data).status_code == 302
    assert not Decision.objects.filter(pk=world.subitem.pk).exists()
    assert stored_status(world.decision) == DecisionStatus.IMPLEMENTED


def test_deleting_a_superseding_decision_ends_the_supersession(staff_client, world):
    DecisionLink.objects.update(relation=DecisionLink.Relation.SUPERSEDES)
    source = DecisionLink.objects.get().source
    Decision.objects.filter(pk=world.decision.pk).update(status=DecisionStatus.SUPERSEDED)
    assert delete_view(staff_client, source).status_code == 302
    assert stored_status(world.decision) != DecisionStatus.SUPERSEDED


@pytest.mark.parametrize("deleter", DELETERS.values(), ids=DELETERS.keys())
def test_an_action_with_a_log_is_not_deleted_and_the_officer_is_told(staff_client, world, deleter):
    action = completed_action(world.decision, world.party, "Hold the seminar")
    response = deleter(staff_client, action)
    # Django's page naming the protected log entries, or back to the list with the service's reason: never a 500
    assert response.status_code in (200, 302)
    assert Action.objects.filter(pk=action.pk).exists()
    assert ProgressUpdate.objects.filter(action=action).exists()


def test_the_delete_service_refusal_is_a_message_not_a_500(staff_client, world, monkeypatch):
    """A refusal only the service sees (here: the log written between the confirmation page and the delete)."""
    action = action_create(decision=world.decision, responsible=world.party, title_en="Publish the report")
    monkeypatch.setattr(type(action.updates), "exists", lambda self: True)
    response = delete_view(staff_client, action)
    assert response.status_code == 302
    assert Action.objects.filter(pk=action.pk).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("cancel it instead" in m for m in messages), messages


def test_a_bulk_delete_with_one_refused_row_deletes_nothing(staff_client, world):
    logged = completed_action(world.decision, world.party, "Hold the seminar")
    free = action_create(decision=world.decision, responsible=world.party, title_en="Publish the report")
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [free.pk, logged.pk], "post": "yes"}
    staff_client.post(admin_url(Action, "changelist"), data)
    assert Action.objects.filter(pk__in=[free.pk, logged.pk]).count() == 2


DELETABLE = {
    "meeting": lambda w: w.meeting,
    "participation": lambda w: Participation.objects.get(),
    "decision": lambda w: w.subitem,
    "link": lambda w: DecisionLink.objects.get(),
    "theme": lambda w: Theme.objects.get(),
    "party": lambda w: w.party,
    "membership": lambda w: Membership.objects.get(),
    "representative": lambda w: Representative.objects.get(),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("row", DELETABLE.values(), ids=DELETABLE.keys())
def test_every_delete_is_recorded_with_its_author_and_moves_the_record_version(staff_client, staff, world, row):
    obj = row(world)
    before = counter()
    if type(obj) in (Participation,):  # edited inline only: deleted from the meeting's page
        url = admin_url(world.meeting, "change", world.meeting.pk)
        data = admin_form_data(staff_client, url)
        data["participations-0-DELETE"] = "on"
        assert staff_client.post(url, data).status_code == 302
    else:
        assert delete_view(staff_client, obj).status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    deletion = type(obj).history.filter(id=obj.pk, history_type="-").get()
    assert deletion.history_user == staff
    assert counter() > before  # committed by the admin's request, so the bump ran


def test_a_document_still_in_use_is_not_deleted(staff_client, world):
    document = Document.objects.get()
    response = bulk_delete(staff_client, document)
    assert response.status_code == 200  # Django's own "would require deleting protected objects" page
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_meeting_with_a_progress_log_is_not_deleted(staff_client, world):
    completed_action(world.decision, world.party, "Hold the seminar")
    response = delete_view(staff_client, world.meeting)
    assert response.status_code in (200, 302)
    assert Meeting.objects.filter(pk=world.meeting.pk).exists()
    assert Party.objects.filter(pk=world.party.pk).exists()


def test_a_bulk_delete_refused_by_the_service_keeps_every_row_and_log_entry(staff_client, world, monkeypatch):
    first = action_create(decision=world.decision, responsible=world.party, title_en="Hold a seminar")
    second = action_create(decision=world.decision, responsible=world.party, title_en="Publish the report")
    monkeypatch.setattr(type(first.updates), "exists", lambda self: self.instance.pk == second.pk)
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk], "post": "yes"}
    response = staff_client.post(admin_url(Action, "changelist"), data)
    assert response.status_code == 302
    assert Action.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert not LogEntry.objects.filter(action_flag=DELETION).exists()
