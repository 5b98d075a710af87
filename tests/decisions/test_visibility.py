"""decisions.visibility: each audience sees exactly what it may."""

import pytest

from decisions import visibility
from decisions.models import Action, Meeting, ProgressUpdate
from decisions.services.actions import action_record_progress, action_update
from members.models import Party
from members.roles import Audience, audience_for
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(ix_meeting, staff):
    """Three actions of Mexico's at three visibilities, each with a validated and a submitted update."""
    mexico = Party.objects.get(code="MX")
    actions = list(Action.objects.filter(responsible=mexico).order_by("pk")[:3])
    for action, level in zip(actions, ["public", "members", "secretariat"], strict=True):
        action = action_update(action=action, expected_version=action.version, visibility=level)
        action_record_progress(action=action, by=staff, date=ix_meeting.end_date, note=f"validated {level}")
        action_record_progress(
            action=action, by=staff, date=ix_meeting.end_date, note=f"submitted {level}", review_state="submitted"
        )
    return mexico


def notes(user) -> set[str]:
    return set(visibility.updates_for(user).values_list("note", flat=True))


def test_roles_map_to_audiences(db):
    from django.contrib.auth.models import AnonymousUser

    assert audience_for(AnonymousUser()) == Audience.PUBLIC
    assert audience_for(user_with_role(None)) == Audience.PUBLIC
    assert audience_for(user_with_role("Delegate")) == Audience.MEMBERS
    assert audience_for(user_with_role("Focal point")) == Audience.MEMBERS
    assert audience_for(user_with_role("Secretariat")) == Audience.SECRETARIAT
    assert audience_for(user_with_role("Secretariat", is_active=False)) == Audience.PUBLIC


def test_the_public_sees_validated_public_updates_only(world):
    from django.contrib.auth.models import AnonymousUser

    assert notes(AnonymousUser()) == {"validated public"}


def test_delegates_also_see_member_state_items(world):
    assert notes(user_with_role("Delegate")) == {"validated public", "validated members"}


def test_a_focal_point_sees_their_own_partys_reports(world):
    own = user_with_role("Focal point", party=world)
    other = user_with_role("Focal point", party=Party.objects.get(code="CR"))
    assert notes(own) == {"validated public", "validated members", "submitted public", "submitted members"}
    assert notes(other) == {"validated public", "validated members"}


def test_the_secretariat_sees_everything(world):
    assert len(notes(user_with_role("Secretariat"))) == 6


def test_drafts_are_for_the_secretariat_only(ix_meeting):
    from django.contrib.auth.models import AnonymousUser

    Meeting.objects.filter(pk=ix_meeting.pk).update(is_published=False)
    assert not visibility.meetings_for(AnonymousUser()).exists()
    assert not visibility.actions_for(user_with_role("Delegate")).exists()
    assert visibility.decisions_for(user_with_role("Secretariat")).count() == 25
    assert ProgressUpdate.objects.count() == 0
