"""The public pages show published meetings only, and only public actions and validated updates."""

import pytest
from django.urls import reverse

from decisions.models import Action, Meeting
from decisions.services.actions import action_record_progress, action_update

pytestmark = pytest.mark.django_db


def test_home_lists_published_meetings(client, ix_meeting):
    response = client.get(reverse("decisions:home"))
    assert response.status_code == 200
    assert ix_meeting.title in response.content.decode()


def test_the_meeting_page_shows_every_item_with_its_status(client, ix_meeting, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(ix_meeting.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="badge badge--') >= 25
    assert "Monzón Méndez" in content


def test_a_draft_meeting_is_not_public(client, ix_meeting):
    Meeting.objects.filter(pk=ix_meeting.pk).update(is_published=False)
    assert client.get(ix_meeting.get_absolute_url()).status_code == 404


def test_the_decision_page_lists_public_actions(client, ix_meeting):
    url = reverse("decisions:decision-detail", kwargs={"slug": ix_meeting.slug, "reference": "D8"})
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Strengthen internal legislation") == 11


def test_unknown_references_are_404(client, ix_meeting):
    for reference in ("D99", "X1", "D15.z", "<script>"):
        url = f"/meetings/{ix_meeting.slug}/{reference}/"
        assert client.get(url).status_code == 404


def test_internal_actions_and_unvalidated_updates_stay_hidden(client, ix_meeting, staff):
    action = Action.objects.get(decision__meeting=ix_meeting, decision__number="13")
    action_record_progress(action=action, by=staff, date=ix_meeting.end_date, note="Published note.")
    action_record_progress(
        action=action, by=staff, date=ix_meeting.end_date, note="Unreviewed claim.", review_state="submitted"
    )
    response = client.get(action.get_absolute_url())
    content = response.content.decode()
    assert "Published note." in content
    assert "Unreviewed claim." not in content
    action_update(action=action, expected_version=action.version, visibility="secretariat")
    assert client.get(action.get_absolute_url()).status_code == 404
