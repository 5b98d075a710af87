"""Accounts made by command; a declaration imported from the admin; the decision timeline."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from decisions.models import Action, Decision, Meeting
from decisions.services.actions import action_record_progress
from members.roles import Audience, audience_for, party_of

pytestmark = pytest.mark.django_db
SEED_TEXT = Path("decisions/seed/ix_meeting_2004_en.txt").read_text(encoding="utf-8")


def test_create_account_for_a_focal_point(ix_meeting):
    out = io.StringIO()
    call_command(
        "create_account", "ana", "--role", "focal-point", "--party", "MX", "--email", "a@mx.example", stdout=out
    )
    user = get_user_model().objects.get(username="ana")
    assert audience_for(user=user) == Audience.MEMBERS
    assert party_of(user=user).code == "MX"
    assert "one-time password" in out.getvalue()
    password = out.getvalue().rsplit(": ", 1)[1].strip()
    assert user.check_password(password)


def test_create_account_refuses_bad_input(ix_meeting):
    with pytest.raises(CommandError, match="no party"):
        call_command("create_account", "bob", "--role", "focal-point", "--party", "XX")
    with pytest.raises(CommandError, match="give --party"):
        call_command("create_account", "bob", "--role", "delegate")
    call_command("create_account", "ts1", "--role", "secretariat", stdout=io.StringIO())
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_account", "ts1", "--role", "secretariat")
    assert get_user_model().objects.get(username="ts1").is_staff


def import_url():
    return reverse("admin:decisions_meeting_import")


def test_import_preview_then_confirm_creates_a_draft(staff_client, ix_parties):
    text = SEED_TEXT.replace("IX MEETING", "X MEETING").replace("May 20-21, 2004", "May 20-21, 2005")
    preview = staff_client.post(import_url(), {"text": text})
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "What the parser found" in content and "Monzón Méndez" in content
    assert not Meeting.objects.exists()  # nothing is created before confirmation
    response = staff_client.post(import_url(), {"text": text, "slug": preview.context["slug"], "confirm": "1"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{meeting.pk}/change/")
    assert meeting.is_published is False
    assert meeting.ordinal == 10
    assert meeting.decisions.filter(parent__isnull=True, section="decision").count() == 17


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Upload a file or paste"),
        ({"text": "The Vice Ministers met and talked."}, "could not be read as a declaration"),
    ],
)
def test_import_errors_are_clear_and_create_nothing(staff_client, ix_parties, data, message):
    response = staff_client.post(import_url(), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_import_refuses_a_file_that_is_not_utf8(staff_client, ix_parties):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("d.txt", "Declaración".encode("latin-1"))
    response = staff_client.post(import_url(), {"file": upload})
    assert "not UTF-8" in response.content.decode()


def test_import_refuses_a_duplicate(staff_client, ix_meeting):
    response = staff_client.post(import_url(), {"text": SEED_TEXT, "confirm": "1"})
    assert response.status_code == 400
    assert "already in the tracker" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_the_timeline_shows_who_changed_what(staff_client, ix_meeting, staff):
    action = Action.objects.get(decision__meeting=ix_meeting, decision__number="6")
    action_record_progress(action=action, by=staff, date=ix_meeting.end_date, status="completed", note="Held.")
    decision = Decision.objects.get(pk=action.decision_id)
    response = staff_client.get(reverse("admin:decisions_decision_timeline", args=[decision.pk]))
    assert response.status_code == 200
    entries = response.context["entries"]
    changed = [e for e in entries if e.what.startswith("Action") and e.change == "changed"]
    assert ("status", "not_started", "completed") in changed[0].fields
    assert any(e.what.startswith("Progress update") and e.change == "created" for e in entries)


def test_history_survives_the_deletion_of_a_user(ix_meeting):
    from tests.factories import StaffFactory

    officer = StaffFactory(username="leaving", first_name="Ana", last_name="Ruiz")
    action = Action.objects.get(decision__meeting=ix_meeting, decision__number="6")
    update = action_record_progress(action=action, by=officer, date=ix_meeting.end_date, note="Kept.")
    officer.delete()
    update.refresh_from_db()
    assert update.author is None and update.author_name == "Ana Ruiz"
    assert update.history.count() >= 1
