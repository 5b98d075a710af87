"""decisions.selectors.visibility: each audience sees exactly what it may."""

import pytest

from decisions.models import Action, Meeting, ProgressUpdate
from decisions.selectors import visibility
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
    return set(visibility.update_list_visible(reader=user).values_list("note", flat=True))


def test_roles_map_to_audiences(db):
    from django.contrib.auth.models import AnonymousUser

    assert audience_for(user=AnonymousUser()) == Audience.PUBLIC
    assert audience_for(user=user_with_role(None)) == Audience.PUBLIC
    assert audience_for(user=user_with_role("Delegate")) == Audience.MEMBERS
    assert audience_for(user=user_with_role("Focal point")) == Audience.MEMBERS
    assert audience_for(user=user_with_role("Secretariat")) == Audience.SECRETARIAT
    assert audience_for(user=user_with_role("Secretariat", is_active=False)) == Audience.PUBLIC


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
    assert not visibility.meeting_list_visible(reader=AnonymousUser()).exists()
    assert not visibility.action_list_visible(reader=user_with_role("Delegate")).exists()
    assert visibility.decision_list_visible(reader=user_with_role("Secretariat")).count() == 25
    assert ProgressUpdate.objects.count() == 0


def test_the_scope_holds_every_fact_that_changes_what_a_reader_sees(db):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import StateFactory

    guatemala, mexico = StateFactory(code="GT"), StateFactory(code="MX")
    assert visibility.scope_get(user=AnonymousUser()) == visibility.scope_get(user=user_with_role(None))
    assert visibility.scope_get(user=AnonymousUser()).key == "audience=public"
    # Delegates see what any delegate sees, whatever their party: one scope, one cached entry.
    delegate = visibility.scope_get(user=user_with_role("Delegate", party=guatemala))
    assert delegate == visibility.scope_get(user=user_with_role("Delegate", party=mexico))
    assert delegate.key == "audience=members"
    # A focal point also reads their party's reports in every review state: a scope of their own.
    focal = visibility.scope_get(user=user_with_role("Focal point", party=guatemala))
    assert focal.key == f"audience=members;reports-of={guatemala.pk}"
    assert focal != delegate
    assert focal != visibility.scope_get(user=user_with_role("Focal point", party=mexico))
    assert visibility.scope_get(user=user_with_role("Secretariat", party=guatemala)).key == "audience=secretariat"
    # The key composes with what a narrower cache holds, in a fixed order.
    assert focal.key_with(party="MX", meeting="ix") == f"audience=members;reports-of={guatemala.pk};meeting=ix;party=MX"
    assert len({delegate, focal, visibility.PUBLIC_SCOPE}) == 3  # frozen: usable as a key itself


def test_querysets_take_the_scope_or_a_user_alike(world):
    focal = user_with_role("Focal point", party=world)
    scope = visibility.scope_get(user=focal)
    assert set(visibility.update_list_visible(reader=scope).values_list("note", flat=True)) == notes(focal)
    assert visibility.scope_get(user=focal) is scope  # read once per user object
