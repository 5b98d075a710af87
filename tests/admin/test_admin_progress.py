"""Recording progress from the admin goes through the same service as everywhere else."""

import pytest
from django.urls import reverse

from decisions.models import Action

pytestmark = pytest.mark.django_db


def change_url(action):
    return reverse("admin:decisions_action_change", args=[action.pk])


def form_data(action, **progress):
    data = {
        "decision": action.decision_id,
        "title_en": action.title_en,
        "title_es": action.title_es or "",
        "description_en": "",
        "description_es": "",
        "responsible": action.responsible_id,
        "visibility": action.visibility,
        "deadline": action.due_text or action.due_label,
        "seen_version": action.version,
        "progress_status": "",
        "progress_date": "2005-01-15",
        "progress_note": "",
        "progress_evidence_url": "",
        "progress_visibility": "public",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
        "updates-MIN_NUM_FORMS": "0",
        "updates-MAX_NUM_FORMS": "1000",
    }
    data.update(progress)
    return data


@pytest.fixture
def seminar(ix_meeting):
    return Action.objects.get(decision__meeting=ix_meeting, decision__number="6", decision__section="decision")


def test_recording_progress_changes_the_status_and_logs_it(staff_client, seminar):
    response = staff_client.post(
        change_url(seminar), form_data(seminar, progress_status="completed", progress_note="Held in Mexico City.")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    seminar.refresh_from_db()
    assert seminar.status == "completed"
    update = seminar.updates.get()
    assert (update.status_before, update.status, update.note) == ("not_started", "completed", "Held in Mexico City.")
    assert update.author.username == "officer"
    seminar.decision.refresh_from_db()
    assert seminar.decision.status == "implemented"


def test_a_forbidden_transition_is_a_form_error_that_keeps_the_input(staff_client, seminar):
    staff_client.post(change_url(seminar), form_data(seminar, progress_status="completed", progress_note="Done."))
    seminar.refresh_from_db()
    response = staff_client.post(
        change_url(seminar), form_data(seminar, progress_status="not_started", progress_note="Oops, typed this.")
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "progress_status" in form.errors
    assert "Oops, typed this." in response.content.decode()
    assert seminar.updates.count() == 1


def test_a_stale_save_is_refused_and_nothing_is_overwritten(staff_client, seminar):
    stale = form_data(seminar, title_en="My edit")
    staff_client.post(change_url(seminar), form_data(seminar, title_en="Their edit"))
    response = staff_client.post(change_url(seminar), stale)
    assert response.status_code == 200
    assert "was changed by officer" in response.content.decode()
    assert "My edit" in response.content.decode()  # what the officer typed is still in the form
    seminar.refresh_from_db()
    assert seminar.title_en == "Their edit"


def test_editing_fields_without_progress_writes_no_update(staff_client, seminar):
    response = staff_client.post(change_url(seminar), form_data(seminar, deadline="Q4 2004 (confirmed)"))
    assert response.status_code == 302
    seminar.refresh_from_db()
    assert seminar.due_text == "Q4 2004 (confirmed)"
    assert seminar.version == 2
    assert not seminar.updates.exists()


def test_adding_an_action_from_the_admin(staff_client, seminar):
    data = form_data(seminar, title_en="Publish the seminar's report")
    data.pop("seen_version")
    response = staff_client.post(reverse("admin:decisions_action_add"), data)
    assert response.status_code == 302
    created = Action.objects.get(title_en="Publish the seminar's report")
    assert created.status == "not_started"


def test_anonymous_users_cannot_reach_the_admin(client, seminar):
    response = client.get(change_url(seminar))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
