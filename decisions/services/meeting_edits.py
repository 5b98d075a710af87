"""The Secretariat's edits of meetings and of who took part in them (importing one is services/meetings.py)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from decisions.models import Decision, Meeting, Participation
from decisions.services.status import decisions_counting, decisions_refresh_statuses
from rcm.versioning import versioned_delete, versioned_save


@transaction.atomic
def meeting_save(
    *, meeting: Meeting, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> Meeting:
    return versioned_save(meeting, expected_version=expected_version, by=by)


@transaction.atomic
def meeting_delete(
    *, meeting: Meeting, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    """Delete a meeting with its decisions. Refused while one of its actions has a progress log; an earlier
    meeting's decision that one of its decisions superseded is no longer superseded."""
    removed = list(Decision.objects.filter(meeting_id=meeting.pk).values_list("pk", flat=True))
    affected = decisions_counting(removed)
    versioned_delete(meeting, expected_version=expected_version, by=by)
    decisions_refresh_statuses(affected)


@transaction.atomic
def participation_save(
    *, participation: Participation, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> Participation:
    """Record (or correct) that a party attended a meeting, and in which capacity."""
    return versioned_save(participation, expected_version=expected_version, by=by)


@transaction.atomic
def participation_delete(
    *, participation: Participation, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    versioned_delete(participation, expected_version=expected_version, by=by)
