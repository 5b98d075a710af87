"""The change history in the admin: every change someone made, and only those; a revert goes through the
services (so the version, the status and the log stay true) instead of failing as a stale save."""

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.models import Action, Document, Meeting, Theme
from decisions.selectors import decision_get_by_reference
from decisions.services.actions import action_record_progress, action_update
from members.models import Party

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def seminar(ix_meeting) -> Action:
    """D6: Mexico holds the "Migration and Health" seminar (Q4 2004), not started."""
    return Action.objects.get(decision=decision_get_by_reference(meeting=ix_meeting, reference="D6"))


def _values(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [str(item) for item in value]
        elif hasattr(value, "isoformat"):
            data[form.add_prefix(name)] = value.isoformat()
        else:
            data[form.add_prefix(name)] = str(value)
    return data


def form_data(page) -> dict:
    """What the browser would send back for an admin form page as rendered (its initial values)."""
    data = _values(page.context["adminform"].form)
    for inline in page.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        data |= _values(formset.management_form)
        for form in formset.forms:
            data |= _values(form)
    return data


def history_changes(client, model, pk) -> list[dict]:
    response = client.get(admin_url(model, "history", pk))
    assert response.status_code == 200
    return [
        change
        for record in response.context["page_obj"].object_list
        for change in getattr(record, "history_delta_changes", [])
    ]


def test_reverting_an_action_goes_through_the_services(staff_client, staff, seminar):
    first = seminar.history.earliest("history_date")
    moved = action_update(action=seminar, expected_version=seminar.version, by=staff, due_text="sometime in 2005")
    action_record_progress(action=moved, by=staff, date=timezone.localdate(), status="in_progress", note="Begun.")
    moved.refresh_from_db()
    url = admin_url(Action, "simple_history", seminar.pk, first.history_id)
    page = staff_client.get(url)
    assert page.status_code == 200
    assert b"Revert" in page.content

    response = staff_client.post(url, form_data(page))

    assert response.status_code == 302, page.context["adminform"].form.errors
    reverted = Action.objects.get(pk=seminar.pk)
    assert reverted.due_text == first.due_text  # what people edit comes back…
    assert (reverted.status, reverted.version) == ("in_progress", moved.version + 1)  # …the log's status stays
    assert reverted.history.latest("history_date").history_user == staff


def test_an_unchanged_save_records_no_change(staff_client, seminar):
    history, version = seminar.history.count(), seminar.version
    page = staff_client.get(admin_url(Action, "change", seminar.pk))
    response = staff_client.post(admin_url(Action, "change", seminar.pk), form_data(page))
    assert response.status_code == 302
    seminar.refresh_from_db()
    assert (seminar.history.count(), seminar.version) == (history, version)


def test_history_shows_no_change_nobody_made(staff_client, seminar):
    """A change between None and "" (recorded before both were stored alike) is not a change to show."""
    seminar.description_es = "" if seminar.description_es is None else None
    seminar.due_text = "Q4"
    seminar.save()
    changes = history_changes(staff_client, Action, seminar.pk)
    assert [(str(c["field"]), str(c["old"]), str(c["new"])) for c in changes] == [
        ("Deadline as stated", seminar.history.earliest("history_date").due_text or "—", "Q4")
    ]


def test_an_empty_link_is_shown_as_empty_not_as_a_deleted_record(staff_client, ix_meeting):
    meeting = Meeting.objects.get(pk=ix_meeting.pk)
    meeting.host = None
    meeting.save()
    meeting.host = Party.objects.get(code="PA")
    meeting.save()
    response = staff_client.get(admin_url(Meeting, "history", meeting.pk))
    assert response.status_code == 200
    assert b"pk=None" not in response.content
    assert "Deleted" not in response.content.decode()


def test_a_status_change_appears_in_the_actions_own_history(staff_client, staff, seminar):
    action_record_progress(action=seminar, by=staff, date=timezone.localdate(), status="in_progress", note="Begun.")
    changes = history_changes(staff_client, Action, seminar.pk)
    statuses = [(str(c["old"]), str(c["new"])) for c in changes if str(c["field"]).lower() == "status"]
    assert statuses == [("Not started", "In progress")]


@pytest.mark.parametrize("model", [Theme, Document], ids=lambda m: m.__name__)
def test_an_unchanged_save_of_a_translated_record_records_no_change(staff_client, ix_meeting, model):
    """Empty translations are NULL however they are saved: a form sent back unchanged writes no history."""
    obj = model.objects.order_by("pk").first()
    history = obj.history.count()
    page = staff_client.get(admin_url(model, "change", obj.pk))
    response = staff_client.post(admin_url(model, "change", obj.pk), form_data(page))
    assert response.status_code == 302, page.context["adminform"].form.errors
    latest = obj.history.latest("history_date")
    assert obj.history.count() == history or not latest.diff_against(latest.prev_record).changes
