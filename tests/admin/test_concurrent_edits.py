"""No edit is silently lost: two officers open the same form, both save; the second is refused with a form error
that says who changed what, and keeps what they typed. For every model the Secretariat edits, in its own change
form and in the inlines where it is edited."""

import pytest

from decisions.models import (
    Action,
    Decision,
    DecisionDocument,
    DecisionLink,
    DecisionParty,
    Document,
    Meeting,
    Participation,
    Theme,
)
from decisions.services.actions import action_create
from members.models import Membership, Party, Representative
from tests.admin.world import admin_url
from tests.security.hostile.exercise import admin_form_data

pytestmark = pytest.mark.django_db

STALE = "while you were editing it"

# (model, how to find the row, the field the officers edit, what each one types)
CHANGE_FORMS = [
    (Meeting, lambda w: w.meeting, "title_en", "Title A", "Title B"),
    (Decision, lambda w: w.decision, "lead_verb", "request", "invite"),
    (DecisionLink, lambda w: DecisionLink.objects.get(), "note", "Note A", "Note B"),
    (Theme, lambda w: Theme.objects.get(), "description_en", "About A", "About B"),
    (Document, lambda w: Document.objects.get(), "origin_en", "Origin A", "Origin B"),
    (Party, lambda w: w.party, "aliases", "Alias A", "Alias B"),
    (Membership, lambda w: Membership.objects.get(), "start_note", "Note A", "Note B"),
    (Representative, lambda w: Representative.objects.get(), "job_title", "Title A", "Title B"),
]

# (the model edited inline, the page that holds the inline, its prefix, the field, what each one types)
INLINES = [
    (Participation, lambda w: w.meeting, "participations", "note_en", "Note A", "Note B"),
    (Decision, lambda w: w.meeting, "decisions", "lead_verb", "request", "invite"),
    (DecisionParty, lambda w: w.decision, "party_roles", "role", "proposer", "host"),
    (DecisionDocument, lambda w: w.decision, "document_links", "relation", "approves", "modifies"),
    (DecisionLink, lambda w: DecisionLink.objects.get().source, "links_out", "note", "Note A", "Note B"),
    (Action, lambda w: w.decision, "actions", "title_en", "Title A", "Title B"),
    (Membership, lambda w: w.state, "memberships", "start_note", "Note A", "Note B"),
]


def model_name(value) -> str:
    return getattr(value, "__name__", "")


def two_officers_save(client, url: str, field: str, first_value: str, second_value: str):
    first, second = admin_form_data(client, url), admin_form_data(client, url)  # both open the form
    first[field], second[field] = first_value, second_value
    saved = client.post(url, first)
    assert saved.status_code == 302, saved.context and saved.context.get("errors")
    return client.post(url, second)


def assert_refused_keeping_input(response, typed: str) -> None:
    assert response.status_code == 200
    content = response.content.decode()
    assert STALE in content
    assert "officer" in content  # who saved meanwhile
    assert typed in content


@pytest.mark.parametrize(("model", "row", "field", "a", "b"), CHANGE_FORMS, ids=model_name)
def test_a_stale_change_form_is_refused(staff_client, world, model, row, field, a, b):
    obj = row(world)
    url = admin_url(obj, "change", obj.pk)
    response = two_officers_save(staff_client, url, field, a, b)
    assert_refused_keeping_input(response, b)
    assert response.context["adminform"].form.non_field_errors()
    obj.refresh_from_db()
    assert getattr(obj, field) == a


@pytest.mark.parametrize(("model", "page", "prefix", "field", "a", "b"), INLINES, ids=model_name)
def test_a_stale_inline_row_is_refused(staff_client, world, model, page, prefix, field, a, b):
    if model is Action:
        action_create(decision=world.decision, responsible=world.party, title_en="Hold a seminar")
    parent = page(world)
    url = admin_url(parent, "change", parent.pk)
    row_id = admin_form_data(staff_client, url)[f"{prefix}-0-id"]
    response = two_officers_save(staff_client, url, f"{prefix}-0-{field}", a, b)
    assert_refused_keeping_input(response, b)
    assert getattr(model.objects.get(pk=row_id), field) == a


def test_an_inline_row_changed_by_someone_else_is_not_deleted(staff_client, world):
    url = admin_url(world.meeting, "change", world.meeting.pk)
    first, second = admin_form_data(staff_client, url), admin_form_data(staff_client, url)
    first["participations-0-note_en"] = "Hosted the meeting"
    second["participations-0-DELETE"] = "on"
    assert staff_client.post(url, first).status_code == 302
    response = staff_client.post(url, second)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert Participation.objects.get().note_en == "Hosted the meeting"


def test_officers_editing_different_rows_of_one_page_both_succeed(staff_client, world):
    """The check is per row: editing another inline row, or leaving the page's own fields alone, is no conflict."""
    url = admin_url(world.meeting, "change", world.meeting.pk)
    first, second = admin_form_data(staff_client, url), admin_form_data(staff_client, url)
    first["participations-0-note_en"] = "Hosted the meeting"
    second["decisions-0-lead_verb"] = "invite"
    assert staff_client.post(url, first).status_code == 302
    assert staff_client.post(url, second).status_code == 302
    assert Participation.objects.get().note_en == "Hosted the meeting"
    assert Decision.objects.filter(meeting=world.meeting, lead_verb="invite").exists()


def test_every_save_moves_the_revision(staff_client, world):
    url = admin_url(world.party, "change", world.party.pk)
    before = Party.objects.get(pk=world.party.pk).revision
    data = admin_form_data(staff_client, url)
    data["aliases"] = "OIM"
    assert staff_client.post(url, data).status_code == 302
    assert Party.objects.get(pk=world.party.pk).revision == before + 1


def test_reverting_to_an_earlier_version_from_the_history_is_saved(staff_client, world):
    theme = Theme.objects.get()
    url = admin_url(theme, "change", theme.pk)
    for text in ("First text", "Later text"):
        data = admin_form_data(staff_client, url)
        data["description_en"] = text
        assert staff_client.post(url, data).status_code == 302
    first = theme.history.get(description_en="First text")
    revert_url = admin_url(theme, "simple_history", theme.pk, first.history_id)
    response = staff_client.post(revert_url, admin_form_data(staff_client, revert_url))
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.description_en == "First text"
