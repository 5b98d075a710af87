"""Creating follow-up actions and recording their progress: the only way an action's status changes."""

import datetime
import enum

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions.models import Action, Decision, ProgressUpdate
from decisions.rules.due import DuePrecision
from decisions.rules.status import ActionStatus, transition_is_allowed
from decisions.services.next_meeting import next_meeting_date_get
from decisions.services.status import decision_ids_lock, decision_rows_lock, decision_status_refresh
from members.models import Party
from rcm.errors import field_error
from rcm.records import blank_as_null
from rcm.versioning import with_author


class Unchanged(enum.Enum):
    """The type of UNCHANGED: "not given", distinct from None (a deadline removed)."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED

# The fields of an action that people edit (action_update's parameters); status and version are the services'.
EDITABLE_ACTION_FIELDS = frozenset(
    {
        "title_en",
        "title_es",
        "description_en",
        "description_es",
        "responsible",
        "due_date",
        "due_precision",
        "due_text",
        "visibility",
    }
)


@transaction.atomic
def action_create(
    *,
    decision: Decision,
    responsible: Party,
    title_en: str,
    title_es: str = "",
    description_en: str = "",
    description_es: str = "",
    due_date: datetime.date | None = None,
    due_precision: str = DuePrecision.NONE,
    due_text: str = "",
    visibility: str = Action.Visibility.PUBLIC,
    status: str = ActionStatus.NOT_STARTED,
    status_date: datetime.date | None = None,
    status_note: str = "",
    by: AbstractBaseUser | None = None,
) -> Action:
    """Create an action. One that starts in another status than "not started" (an appointment that took
    effect on adoption) gets its first progress update at once, so the log explains every status. A deadline
    "before the next meeting" takes that meeting's date (services/next_meeting.py)."""
    if due_precision == DuePrecision.NEXT_MEETING:
        due_date = next_meeting_date_get(meeting=decision.meeting)
    texts = {"title_en": title_en, "title_es": title_es, "description_en": description_en}
    texts = blank_as_null(model=Action, values=texts | {"description_es": description_es})
    action = Action(
        decision=decision,
        responsible=responsible,
        **texts,
        due_date=due_date,
        due_precision=due_precision,
        due_text=due_text,
        visibility=visibility,
    )
    action.full_clean()
    # The decision's rows locked before the insert, in the order the status refresh below locks them: the insert's
    # trigger reads the decision and its meeting FOR SHARE (models/update_facts_triggers.py), and two actions
    # added to one decision at once would otherwise each hold that share and wait for the other's to lock the
    # decision for its status: a deadlock on PostgreSQL.
    decision_rows_lock(decision=decision)
    action.save()
    if status != ActionStatus.NOT_STARTED:
        action_record_progress(
            action=action, by=by, date=status_date or timezone.localdate(), status=status, note=status_note
        )
    decision_status_refresh(decision=decision)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    expected_version: int,
    by: AbstractBaseUser | None = None,
    title_en: str | Unchanged = UNCHANGED,
    title_es: str | Unchanged = UNCHANGED,
    description_en: str | Unchanged = UNCHANGED,
    description_es: str | Unchanged = UNCHANGED,
    responsible: Party | Unchanged = UNCHANGED,
    due_date: datetime.date | None | Unchanged = UNCHANGED,
    due_precision: str | Unchanged = UNCHANGED,
    due_text: str | Unchanged = UNCHANGED,
    visibility: str | Unchanged = UNCHANGED,
) -> Action:
    """Edit an action's own fields (those given; the others keep their value), refusing the edit when someone
    else saved it since it was read. An edit that changes nothing writes nothing: no new version, no history
    entry, the same ETag. Status and version are not parameters: they change through progress only."""
    given = {
        "title_en": title_en,
        "title_es": title_es,
        "description_en": description_en,
        "description_es": description_es,
        "responsible": responsible,
        "due_date": due_date,
        "due_precision": due_precision,
        "due_text": due_text,
        "visibility": visibility,
    }
    fields = {name: value for name, value in given.items() if value is not UNCHANGED}
    locked = action_lock(action=action, expected_version=expected_version)
    fields = blank_as_null(model=Action, values=fields)
    if fields.get("due_precision", locked.due_precision) == DuePrecision.NEXT_MEETING:
        fields["due_date"] = next_meeting_date_get(
            meeting=locked.decision.meeting
        )  # the date of the moment, not a typed one
    changes = {name: value for name, value in fields.items() if getattr(locked, name) != value}
    if not changes:
        return locked
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def action_delete(*, action: Action, expected_version: int | None = None, by: AbstractBaseUser | None = None) -> None:
    """Delete an action that has no progress yet; one with a log is cancelled instead, never erased. Its
    decision (and that one's parent) count one action less."""
    locked = with_author(obj=action_lock(action=action, expected_version=expected_version), by=by)
    if locked.updates.exists():
        raise ValidationError(
            _("“%(action)s” has progress updates; cancel it instead of deleting it.") % {"action": locked},
            code="has_updates",
        )
    locked.delete()
    decision_status_refresh(decision=locked.decision)


@transaction.atomic
def action_record_progress(
    *,
    action: Action,
    by: AbstractBaseUser | None,
    date: datetime.date,
    note: str = "",
    status: str = "",
    evidence_url: str = "",
    visibility: str = ProgressUpdate.Visibility.PUBLIC,
    review_state: str = ProgressUpdate.Review.VALIDATED,
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Log progress on an action. A validated update that sets a new status changes the action's status
    (and so its decision's); a submitted one waits for the Secretariat's review."""
    locked = action_lock(action=action, expected_version=expected_version)
    if status == locked.status:
        status = ""  # restating the current status is a note, not a transition
    if status and not transition_is_allowed(current=locked.status, new=status):
        raise field_error(
            field="status",
            message=_("An action cannot go from “%(current)s” to “%(new)s”.")
            % {"current": ActionStatus(locked.status).label, "new": ActionStatus(status).label},
            code="invalid_transition",
        )
    if date > timezone.localdate():
        raise field_error(field="date", message=_("Progress cannot be dated in the future."), code="future_date")
    if not status and not note.strip():
        raise field_error(field="note", message=_("Write a note or choose a new status."), code="empty_update")
    update = ProgressUpdate(
        action=locked,
        date=date,
        author=by,
        author_name=_author_name(by),
        note=note,
        evidence_url=evidence_url,
        status_before=locked.status,
        status=status,
        visibility=visibility,
        review_state=review_state,
        reviewed_by=by if review_state == ProgressUpdate.Review.VALIDATED else None,
        reviewed_at=timezone.now() if review_state == ProgressUpdate.Review.VALIDATED else None,
    )
    update.full_clean()
    update.save()
    if status and review_state == ProgressUpdate.Review.VALIDATED:
        action_status_apply(action=locked, status=status)
    action.status, action.version = locked.status, locked.version
    return update


def action_status_apply(*, action: Action, status: str) -> None:
    action.status = status
    action.version += 1
    action.save(update_fields=["status", "version", "updated_at"])
    decision_status_refresh(decision=action.decision)


def action_lock(*, action: Action, expected_version: int | None) -> Action:
    """Lock the action for a change, refusing a stale version. Its decision and that decision's parent are locked
    first (`status.decision_rows_lock`), in the order every writer and the database's triggers take them: locked
    with the action, the decision was held while its parent was waited for, and a writer that had locked the
    parent first (adding an action to the same decision) then waited for the decision (a deadlock on PostgreSQL)."""
    if connection.features.has_select_for_update:  # SQLite's writer already holds the whole database
        # An action deleted meanwhile has no ids here, and is reported by its own lookup below.
        ids = Action.objects.filter(pk=action.pk).values_list("decision_id", "decision__parent_id").first() or ()
        decision_ids_lock(ids=[pk for pk in ids if pk])
    locked = Action.objects.select_for_update(of=("self",)).select_related("decision").get(pk=action.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _(
                "Someone else changed this action since you opened it (version %(theirs)s, you had %(yours)s). "
                "Reload it to see their change, then apply yours again."
            )
            % {"theirs": locked.version, "yours": expected_version},
            code="stale",
        )
    return locked


def _author_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
