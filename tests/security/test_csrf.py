"""CSRF is enforced on every form that writes: a POST without the token is refused and changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from decisions.models import Action, Meeting, ProgressUpdate
from members.models import Party
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def seminar(ix_meeting):
    return Action.objects.get(decision__meeting=ix_meeting, decision__number="6")


def forms(seminar, update):
    return [
        (None, reverse("login"), {"username": "x", "password": "y"}),
        (None, reverse("password_reset"), {"email": "a@example.org"}),
        (None, reverse("set_language"), {"language": "es"}),
        ("focal", reverse("logout"), {}),
        ("focal", reverse("password_change"), {"old_password": "a", "new_password1": "b", "new_password2": "b"}),
        ("focal", reverse("workflow:report", args=[seminar.pk]), {"note": "x", "date": "2005-01-01", "version": 1}),
        ("ts", reverse("workflow:review-detail", args=[update.pk]), {"decision": "validate"}),
        ("ts", reverse("admin:decisions_meeting_import"), {"text": "x"}),
        ("ts", reverse("admin:decisions_action_change", args=[seminar.pk]), {"title_en": "Changed"}),
        ("focal", f"/api/v1/actions/{seminar.pk}/progress/", {"note": "from a forged page"}),
    ]


def test_every_writing_form_refuses_a_post_without_the_token(strict, seminar):
    focal = user_with_role("Focal point", party=Party.objects.get(code="MX"), username="focal")
    ts = user_with_role("Secretariat", username="ts", is_staff=True)
    from decisions.services.reports import report_submit

    update = report_submit(action=seminar, by=focal, date=seminar.decision.meeting.end_date, note="pending")
    before = (ProgressUpdate.objects.count(), Meeting.objects.count(), seminar.title_en)
    for who, url, data in forms(seminar, update):
        strict.logout()
        if who:
            strict.force_login({"focal": focal, "ts": ts}[who])
        response = strict.post(url, data)
        assert response.status_code == 403, f"{url} accepted a POST without a CSRF token"
    seminar.refresh_from_db()
    assert (ProgressUpdate.objects.count(), Meeting.objects.count(), seminar.title_en) == before
