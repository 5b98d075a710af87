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
from decisions.rules.status import ActionStatus, transition_is_allowed
from decisions.selectors.visibility import scope_get
from decisions.services.actions import action_lock, action_record_progress, action_status_apply
from decisions.services.evidence import evidence_attach
from decisions.services.notifications import report_returned_notify, report_submitted_notify, report_validated_notify
from members.roles import AnyUser, is_focal_point_for, is_secretariat
from rcm.errors import field_error

Review = ProgressUpdate.Review


def report_is_allowed(*, user: AnyUser, action: Action) -> bool:
    return is_secretariat(user=user) or is_focal_point_for(user=user, party=action.responsible)


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
    notify: bool = True,
) -> ProgressUpdate:
    """Report progress on an action: submitted for review from a focal point, validated at once from the TS.
    `notify=False` when the caller tells the Secretariat itself (a packet of reports: one message for all)."""
    if not report_is_allowed(user=by, action=action):
        raise PermissionDenied(_("You may report only on the actions of the party you speak for."))
    if resubmission_of is not None:
        resubmission_of = _lock_for_resubmission(action, resubmission_of, expected_version)
    if visibility not in scope_get(user=by).visibilities:
        # "Secretariat only" is the Secretariat alone (decisions/selectors/visibility.py): a focal point could not read
        # such a report back, nor the comment if it were returned.
        raise field_error(
            field="visibility",
            message=_("Only the Secretariat writes notes for itself alone: choose public or member states."),
            code="secretariat_only",
        )
    review = Review.VALIDATED if is_secretariat(user=by) else Review.SUBMITTED
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
    if review == Review.SUBMITTED and notify:
        report_submitted_notify(update=update)  # queued with the report, delivered by the worker
    return update


def _lock_for_resubmission(action: Action, returned: ProgressUpdate, expected_version: int | None) -> ProgressUpdate:
    """A returned report is answered once: the action's lock, then the report's, make two resubmissions sent
    at once wait for each other, and the second finds the first's answer."""
    action_lock(action=action, expected_version=expected_version)
    locked = ProgressUpdate.objects.select_for_update().get(pk=returned.pk)
    if locked.action_id != action.pk or locked.review_state != Review.RETURNED:
        raise field_error(
            field="resubmission_of",
            message=_("Only a returned report of this action can be sent again."),
            code="resubmit",
        )
    if ProgressUpdate.objects.filter(resubmission_of=locked).exists():
        raise field_error(
            field="resubmission_of",
            message=_("This returned report was already sent again; correct the new report instead."),
            code="already_resubmitted",
        )
    return locked


@transaction.atomic
def update_validate(*, update: ProgressUpdate, by: AbstractBaseUser, comment: str = "") -> ProgressUpdate:
    """Publish a submitted report; the status it proposes becomes the action's, if that move is still allowed."""
    update = _lock_for_review(update, by)
    action = action_lock(action=update.action, expected_version=None)
    if update.status and update.status != action.status:
        if not transition_is_allowed(current=action.status, new=update.status):
            raise field_error(
                field="status",
                message=_("The action is now “%(current)s” and cannot move to “%(new)s”; return the report instead.")
                % {"current": ActionStatus(action.status).label, "new": ActionStatus(update.status).label},
                code="invalid_transition",
            )
        update.status_before = action.status
        action_status_apply(action=action, status=update.status)
    elif update.status == action.status:
        update.status = ""  # the action got there meanwhile: the report stands as a note
    _close_review(update, by, Review.VALIDATED, comment)
    report_validated_notify(update=update, action=action)
    return update


@transaction.atomic
def update_return(*, update: ProgressUpdate, by: AbstractBaseUser, comment: str) -> ProgressUpdate:
    """Send a submitted report back to its author with the reason; nothing is published."""
    if not comment.strip():
        raise field_error(
            field="comment",
            message=_("Say why the report is returned, so the focal point can correct it."),
            code="required",
        )
    update = _lock_for_review(update, by)
    _close_review(update, by, Review.RETURNED, comment)
    report_returned_notify(update=update)
    return update


def _lock_for_review(update: ProgressUpdate, by: AbstractBaseUser) -> ProgressUpdate:
    if not is_secretariat(user=by):
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
