"""The Secretariat prepares a reporting round in the admin (through the services) and opens it with a button."""

import pytest
from django.urls import reverse

from decisions.models import ReportingRound
from members.models import Party
from outbox.models import OutboxMessage
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def add_data(meeting, **overrides):
    data = {
        "title_en": "Report to the X Meeting",
        "title_es": "Informe a la X Reunión",
        "opens_on": "2005-01-10",
        "closes_on": "2005-04-30",
        "meetings": [meeting.pk],
    }
    return data | overrides


def test_a_round_added_in_the_admin_asks_every_member_state_by_default(staff_client, ix_meeting):
    response = staff_client.post(reverse("admin:decisions_reportinground_add"), add_data(ix_meeting))
    assert response.status_code == 302, response.content.decode()[:2000]
    round = ReportingRound.objects.get()
    assert round.parties.count() == 11
    assert list(round.meetings.all()) == [ix_meeting]
    assert round.history.first().history_user.username == "officer"


def test_closing_before_opening_is_a_form_error_keeping_the_input(staff_client, ix_meeting):
    response = staff_client.post(
        reverse("admin:decisions_reportinground_add"), add_data(ix_meeting, opens_on="2005-05-01")
    )
    assert response.status_code == 200
    assert "Report to the X Meeting" in response.content.decode()
    assert not ReportingRound.objects.exists()


def test_the_open_button_opens_the_round_and_tells_the_focal_points(staff_client, ix_meeting):
    mexico = Party.objects.get(code="MX")
    user_with_role("Focal point", party=mexico, username="focal-mx", email="focal@mx.example")
    staff_client.post(reverse("admin:decisions_reportinground_add"), add_data(ix_meeting))
    round = ReportingRound.objects.get()
    change = staff_client.get(reverse("admin:decisions_reportinground_change", args=[round.pk])).content.decode()
    assert "Open the round" in change
    response = staff_client.post(
        reverse("admin:decisions_reportinground_open", args=[round.pk]), {"seen_version": round.revision}
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.opened_at is not None
    assert OutboxMessage.objects.filter(key__startswith="round-opened:", recipient="focal@mx.example").count() == 1
    # A second press says it is open already, and changes nothing.
    response = staff_client.post(reverse("admin:decisions_reportinground_open", args=[round.pk]), follow=True)
    assert "already open" in response.content.decode()


def test_the_open_button_is_post_only_and_the_secretariats(client, ix_meeting, staff_client):
    staff_client.post(reverse("admin:decisions_reportinground_add"), add_data(ix_meeting))
    round = ReportingRound.objects.get()
    assert staff_client.get(reverse("admin:decisions_reportinground_open", args=[round.pk])).status_code == 405
    client.logout()
    response = client.post(reverse("admin:decisions_reportinground_open", args=[round.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert ReportingRound.objects.get().opened_at is None
