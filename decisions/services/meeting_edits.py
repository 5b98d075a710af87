"""The Secretariat's edits of meetings and of who took part in them (importing one is services/meetings.py)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from decisions.models import Decision, Meeting, Participation
from decisions.services.next_meeting import next_meeting_deadlines_refresh
from decisions.services.status import decision_ids_counting, decision_statuses_refresh
from rcm.versioning import versioned_delete, versioned_save


@transaction.atomic
def meeting_save(
    *, meeting: Meeting, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> Meeting:
    """Save a meeting (new or edited: a scheduled meeting needs no declaration, decisions or source text). A
    meeting added, rescheduled or given another kind moves the "before the next meeting" deadlines of its kind."""
    before = Meeting.objects.filter(pk=meeting.pk).values_list("kind", "start_date").first()
    versioned_save(obj=meeting, expected_version=expected_version, by=by)
    if before != (meeting.kind, meeting.start_date):
        next_meeting_deadlines_refresh(kinds={meeting.kind, before[0] if before else meeting.kind})
    return meeting


@transaction.atomic
def meeting_delete(
    *, meeting: Meeting, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    """Delete a meeting with its decisions. Refused while one of its actions has a progress log; an earlier
    meeting's decision that one of its decisions superseded is no longer superseded, and a deadline "before the
    next meeting" that fell on it falls on the next one of its kind, or has no date again."""
    removed = list(Decision.objects.filter(meeting_id=meeting.pk).values_list("pk", flat=True))
    affected = decision_ids_counting(removed=removed)
    kind = Meeting.objects.filter(pk=meeting.pk).values_list("kind", flat=True).first() or meeting.kind
    versioned_delete(obj=meeting, expected_version=expected_version, by=by)
    decision_statuses_refresh(ids=affected)
    next_meeting_deadlines_refresh(kinds=[kind])  # "before the next meeting" waits for the one after, or again


@transaction.atomic
def participation_save(
    *, participation: Participation, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> Participation:
    """Record (or correct) that a party attended a meeting, and in which capacity."""
    return versioned_save(obj=participation, expected_version=expected_version, by=by)


@transaction.atomic
def participation_delete(
    *, participation: Participation, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    versioned_delete(obj=participation, expected_version=expected_version, by=by)
