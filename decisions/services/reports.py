"""Focal points report, the Secretariat validates: the workflow that keeps unchecked claims unpublished.

A focal point's report is *submitted*: it changes nothing until the Secretariat validates it (the update is
published and the action's status moves) or returns it with a comment (the focal point sees why and can send
a corrected report, which points to the returned one). The Secretariat's own reports are validated at once.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions.models import Action, ProgressUpdate
from decisions.rules.status import ActionStatus, transition_allowed
from decisions.selectors.visibility import scope_for
from decisions.services.actions import action_apply_status, action_lock, action_record_progress
from decisions.services.evidence import evidence_attach
from decisions.services.notifications import notify_report_returned, notify_report_submitted, notify_report_validated
from members.roles import is_focal_point_for, is_secretariat
from rcm.errors import field_error

Review = ProgressUpdate.Review


def can_report_on(user, action: Action) -> bool:
    return is_secretariat(user) or is_focal_point_for(user, action.responsible)


@transaction.atomic
def report_submit(
    *,
    action: Action,
    by: AbstractBaseUser,
    date: datetime.date,
    note: str,
    status: str = "",
    visibility: str = ProgressUpdate.Visibility.PUBLIC,
    links: list[str] | None = None,
    files: list[UploadedFile] | None = None,
    expected_version: int | None = None,
    resubmission_of: ProgressUpdate | None = None,
) -> ProgressUpdate:
    """Report progress on an action: submitted for review from a focal point, validated at once from the TS."""
    if not can_report_on(by, action):
        raise PermissionDenied(_("You may report only on the actions of the party you speak for."))
    if resubmission_of is not None:
        resubmission_of = _lock_for_resubmission(action, resubmission_of, expected_version)
    if visibility not in scope_for(by).visibilities:
        # "Secretariat only" is the Secretariat alone (decisions/selectors/visibility.py): a focal point could not read
        # such a report back, nor the comment if it were returned.
        raise field_error(
            "visibility",
            _("Only the Secretariat writes notes for itself alone: choose public or member states."),
            "secretariat_only",
        )
    review = Review.VALIDATED if is_secretariat(by) else Review.SUBMITTED
    update = action_record_progress(
        action=action,
        by=by,
        date=date,
        note=note,
        status=status,
        visibility=visibility,
        review_state=review,
        expected_version=expected_version,
    )
    if resubmission_of is not None:
        update.resubmission_of = resubmission_of
        update.save(update_fields=["resubmission_of", "updated_at"])
    evidence_attach(update=update, files=files or [], links=links or [])
    if review == Review.SUBMITTED:
        notify_report_submitted(update)  # queued with the report, delivered by the worker
    return update


def _lock_for_resubmission(action: Action, returned: ProgressUpdate, expected_version: int | None) -> ProgressUpdate:
    """A returned report is answered once: the action's lock, then the report's, make two resubmissions sent
    at once wait for each other, and the second finds the first's answer."""
    action_lock(action, expected_version)
    locked = ProgressUpdate.objects.select_for_update().get(pk=returned.pk)
    if locked.action_id != action.pk or locked.review_state != Review.RETURNED:
        raise field_error("resubmission_of", _("Only a returned report of this action can be sent again."), "resubmit")
    if ProgressUpdate.objects.filter(resubmission_of=locked).exists():
        raise field_error(
            "resubmission_of",
            _("This returned report was already sent again; correct the new report instead."),
            "already_resubmitted",
        )
    return locked


@transaction.atomic
def update_validate(*, update: ProgressUpdate, by: AbstractBaseUser, comment: str = "") -> ProgressUpdate:
    """Publish a submitted report; the status it proposes becomes the action's, if that move is still allowed."""
    update = _lock_for_review(update, by)
    action = action_lock(update.action, None)
    if update.status and update.status != action.status:
        if not transition_allowed(action.status, update.status):
            raise field_error(
                "status",
                _("The action is now “%(current)s” and cannot move to “%(new)s”; return the report instead.")
                % {"current": ActionStatus(action.status).label, "new": ActionStatus(update.status).label},
                "invalid_transition",
            )
        update.status_before = action.status
        action_apply_status(action, update.status)
    elif update.status == action.status:
        update.status = ""  # the action got there meanwhile: the report stands as a note
    _close_review(update, by, Review.VALIDATED, comment)
    notify_report_validated(update, action=action)
    return update


@transaction.atomic
def update_return(*, update: ProgressUpdate, by: AbstractBaseUser, comment: str) -> ProgressUpdate:
    """Send a submitted report back to its author with the reason; nothing is published."""
    if not comment.strip():
        raise field_error(
            "comment", _("Say why the report is returned, so the focal point can correct it."), "required"
        )
    update = _lock_for_review(update, by)
    _close_review(update, by, Review.RETURNED, comment)
    notify_report_returned(update)
    return update


def _lock_for_review(update: ProgressUpdate, by: AbstractBaseUser) -> ProgressUpdate:
    if not is_secretariat(by):
        raise PermissionDenied(_("Only the Secretariat reviews reports."))
    locked = ProgressUpdate.objects.select_for_update().select_related("action").get(pk=update.pk)
    if locked.review_state != Review.SUBMITTED:
        raise ValidationError(
            _("This report was already reviewed (%(state)s).") % {"state": locked.get_review_state_display()},
            code="already_reviewed",
        )
    return locked


def _close_review(update: ProgressUpdate, by: AbstractBaseUser, state: str, comment: str) -> None:
    update.review_state = state
    update.reviewed_by = by
    update.reviewed_at = timezone.now()
    update.review_comment = comment
    update.save(
        update_fields=[
            "review_state",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "status",
            "status_before",
            "updated_at",
        ]
    )
