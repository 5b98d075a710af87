"""One deadline field in the admin: what people write is read by the importer's parser, shown before saving,
stored as date, precision and words through the services, and refused with a field error when unreadable."""

import datetime

import pytest
from django.urls import reverse

from decisions.models import Action
from tests.admin.test_admin_history import form_data as form_data_of
from tests.admin.test_admin_progress import change_url, form_data
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PREVIEW = "admin:decisions_deadline_preview"

EXAMPLES = [
    ("Q4 2002", datetime.date(2002, 12, 31), "quarter"),
    ("fourth quarter of 2002", datetime.date(2002, 12, 31), "quarter"),
    ("first semester of 2005", datetime.date(2005, 6, 30), "semester"),
    ("first half of 2005", datetime.date(2005, 6, 30), "semester"),
    ("en el primer semestre de 2005", datetime.date(2005, 6, 30), "semester"),
    ("31 December 2005", datetime.date(2005, 12, 31), "day"),
    ("2005-06-30", datetime.date(2005, 6, 30), "day"),
    ("May 2005", datetime.date(2005, 5, 31), "month"),
    ("2005", datetime.date(2005, 12, 31), "year"),
    ("before the next meeting", None, "next_meeting"),
]


@pytest.fixture
def seminar(ix_meeting):
    return Action.objects.get(decision__meeting=ix_meeting, decision__number="6", decision__section="decision")


@pytest.mark.parametrize(("typed", "date", "precision"), [*EXAMPLES, ("", None, "none")])
def test_the_form_reads_what_people_write(staff_client, seminar, typed, date, precision):
    response = staff_client.post(change_url(seminar), form_data(seminar, deadline=typed))
    assert response.status_code == 302, response.context["adminform"].form.errors
    seminar.refresh_from_db()
    assert (seminar.due_date, seminar.due_precision, seminar.due_text) == (date, precision, typed)


def test_an_unreadable_deadline_is_a_field_error_that_keeps_the_text(staff_client, seminar):
    before = (seminar.due_date, seminar.due_precision, seminar.due_text, seminar.version)
    response = staff_client.post(change_url(seminar), form_data(seminar, deadline="when the funds arrive"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["deadline"]
    assert errors == [
        "Could not read “when the funds arrive” as a deadline: write e.g. Q4 2005, May 2005, 31 December 2005 "
        "or before the next meeting."
    ]
    assert 'value="when the funds arrive"' in response.content.decode()
    seminar.refresh_from_db()
    assert (seminar.due_date, seminar.due_precision, seminar.due_text, seminar.version) == before


def test_an_action_saved_with_a_typed_quarter_goes_overdue(staff_client, seminar):
    """Before the single field, "Deadline as stated" was stored as words only: no date, never overdue."""
    response = staff_client.post(change_url(seminar), form_data(seminar, deadline="fourth quarter of 2002"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    seminar.refresh_from_db()
    assert (seminar.due_date, seminar.due_precision) == (datetime.date(2002, 12, 31), "quarter")
    assert seminar.due_text == "fourth quarter of 2002"
    assert seminar.is_overdue_on(datetime.date(2003, 1, 1))
    assert seminar.history.latest("history_date").history_user.username == "officer"  # through the services


def test_an_unchanged_deadline_keeps_what_is_stored(staff_client, seminar):
    stored = (seminar.due_date, seminar.due_precision, seminar.due_text)
    response = staff_client.post(change_url(seminar), form_data(seminar, title_en="Renamed"))
    assert response.status_code == 302
    seminar.refresh_from_db()
    assert (seminar.title_en, (seminar.due_date, seminar.due_precision, seminar.due_text)) == ("Renamed", stored)


def test_the_decision_page_and_its_action_rows_use_the_same_field(staff_client, seminar):
    decision = seminar.decision
    page = staff_client.get(reverse("admin:decisions_decision_change", args=[decision.pk]))
    form = page.context["adminform"].form
    inline = page.context["inline_admin_formsets"][0].formset
    assert "deadline" in form.fields and "due_date" not in form.fields
    assert inline.model is Action and "deadline" in inline.forms[0].fields and "due_date" not in inline.forms[0].fields
    html = page.content.decode()
    assert 'id="id_deadline_understood"' in html and 'aria-live="polite"' in html


def test_the_preview_says_what_it_understood(staff_client):
    response = staff_client.get(reverse(PREVIEW), {"text": "Q4 2002"})
    assert response.status_code == 200
    assert response.json() == {
        "date": "2002-12-31",
        "precision": "quarter",
        "label": "Q4 2002",
        "understood": "Q4 2002 → 31 Dec 2002",
    }
    refused = staff_client.get(reverse(PREVIEW), {"text": "soon"})
    assert refused.status_code == 400
    assert refused.json()["field"] == "text" and "“soon”" in refused.json()["error"]


def test_the_preview_is_for_the_secretariat_only(client, db):
    anonymous = client.get(reverse(PREVIEW), {"text": "Q4 2002"})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(user_with_role("Focal point", username="focal"))
    focal = client.get(reverse(PREVIEW), {"text": "Q4 2002"})
    assert focal.status_code == 302 and "/admin/login/" in focal["Location"]
    client.force_login(user_with_role(None, username="staff-without-rights", is_staff=True))
    assert client.get(reverse(PREVIEW), {"text": "Q4 2002"}).status_code == 403


def test_the_decision_and_its_action_rows_store_a_typed_deadline(staff_client, seminar):
    """The decision's own field fills the instance its save service takes; an inline row goes through the
    actions' services like the action's page."""
    decision = seminar.decision
    url = reverse("admin:decisions_decision_change", args=[decision.pk])
    data = form_data_of(staff_client.get(url))
    row = next(key for key, value in data.items() if key.endswith("-id") and value == str(seminar.pk))
    data |= {"deadline": "Q3 2005", row.replace("-id", "-deadline"): "first half of 2005"}
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    decision.refresh_from_db()
    seminar.refresh_from_db()
    assert (decision.due_date, decision.due_precision, decision.due_text) == (
        datetime.date(2005, 9, 30),
        "quarter",
        "Q3 2005",
    )
    assert (seminar.due_date, seminar.due_precision) == (datetime.date(2005, 6, 30), "semester")


@pytest.mark.parametrize("typed", ["soon", "Q4 2002 or Q1 2003", "2005-02-30", "Q5 2005"])
def test_the_preview_refuses_what_names_no_single_deadline(staff_client, typed):
    response = staff_client.get(reverse(PREVIEW), {"text": typed})
    assert response.status_code == 400, response.json()


def test_the_preview_speaks_spanish(staff_client):
    response = staff_client.get(reverse(PREVIEW), {"text": "soon"}, headers={"accept-language": "es"})
    assert response.json()["error"].startswith("No se pudo leer «soon» como plazo")
