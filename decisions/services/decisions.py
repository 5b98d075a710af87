"""Editing and deleting decisions, their lineage and what they name; each write keeps the stored statuses true
and refuses to overwrite an edit made since the writer read the row (rcm/versioning.py)."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from decisions.models import Decision, DecisionDocument, DecisionLink, DecisionParty, Theme
from decisions.rules.due import DuePrecision
from decisions.services.next_meeting import next_meeting_date_get, next_meeting_deadlines_refresh
from decisions.services.status import decision_ids_counting, decision_status_refresh, decision_statuses_refresh
from rcm.errors import field_error
from rcm.versioning import versioned_delete, versioned_save


@transaction.atomic
def decision_save(
    *,
    decision: Decision,
    themes: Iterable[Theme] | None = None,
    expected_version: int | None = None,
    by: AbstractBaseUser | None = None,
) -> Decision:
    """Validate and save a decision (new or edited), and its themes when given; its kind or its parent may have
    changed, so its status and its old and new parent's are recomputed. A deadline "before the next meeting"
    takes that meeting's date; moved to another meeting, its actions' such deadlines follow it."""
    old_parent_id, old_meeting_id = Decision.objects.filter(pk=decision.pk).values_list(
        "parent_id", "meeting_id"
    ).first() or (None, None)
    if decision.due_precision == DuePrecision.NEXT_MEETING and decision.meeting_id:
        decision.due_date = next_meeting_date_get(meeting=decision.meeting)
    versioned_save(obj=decision, expected_version=expected_version, by=by)
    if old_meeting_id and old_meeting_id != decision.meeting_id:
        next_meeting_deadlines_refresh(kinds=[decision.meeting.kind])
    if themes is not None:
        decision.themes.set(themes)
    decision_status_refresh(decision=decision)
    if old_parent_id and old_parent_id != decision.parent_id:
        decision_status_refresh(decision=Decision.objects.get(pk=old_parent_id))
    return decision


@transaction.atomic
def decision_delete(
    *, decision: Decision, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    """Delete a decision with its sub-items, actions and links. Refused while an action has a progress log (the
    log is never erased). Its parent counts one item less, and a decision it superseded is no longer superseded."""
    removed = [decision.pk, *Decision.objects.filter(parent_id=decision.pk).values_list("pk", flat=True)]
    parent_id = Decision.objects.filter(pk=decision.pk).values_list("parent_id", flat=True).first()
    affected = decision_ids_counting(removed=removed) | ({parent_id} if parent_id else set())
    versioned_delete(obj=decision, expected_version=expected_version, by=by)
    decision_statuses_refresh(ids=affected)


@transaction.atomic
def decision_link_save(
    *, link: DecisionLink, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> DecisionLink:
    """Record (or correct) that a later decision amends, reiterates, supersedes or follows up an earlier one.
    Both the earlier decision named before and the one named now get their status recomputed."""
    source, target = link.source, link.target
    if source.pk == target.pk:
        raise field_error(field="target", message=_("A decision cannot be linked to itself."), code="self_link")
    if (
        target.meeting.start_date
        and source.meeting.start_date
        and target.meeting.start_date > source.meeting.start_date
    ):
        raise field_error(
            field="target",
            message=_("The earlier decision must come from a meeting held before the later one's."),
            code="order",
        )
    old_target_id = DecisionLink.objects.filter(pk=link.pk).values_list("target_id", flat=True).first()
    versioned_save(obj=link, expected_version=expected_version, by=by)
    decision_status_refresh(decision=target)
    if old_target_id and old_target_id != target.pk:
        decision_status_refresh(decision=Decision.objects.get(pk=old_target_id))
    return link


def decision_link_create(
    *, source: Decision, target: Decision, relation: str, note: str = "", by: AbstractBaseUser | None = None
) -> DecisionLink:
    link = DecisionLink(source=source, target=target, relation=relation, note=note)
    return decision_link_save(link=link, by=by)


@transaction.atomic
def decision_link_delete(
    *, link: DecisionLink, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    target_id = DecisionLink.objects.filter(pk=link.pk).values_list("target_id", flat=True).first()
    versioned_delete(obj=link, expected_version=expected_version, by=by)
    if target_id:
        decision_status_refresh(decision=Decision.objects.get(pk=target_id))


@transaction.atomic
def decision_party_save(
    *, decision_party: DecisionParty, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> DecisionParty:
    """Name a party in a decision (addressed, acknowledged, proposer, host, mentioned), or correct it."""
    return versioned_save(obj=decision_party, expected_version=expected_version, by=by)


@transaction.atomic
def decision_party_delete(
    *, decision_party: DecisionParty, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    versioned_delete(obj=decision_party, expected_version=expected_version, by=by)


@transaction.atomic
def decision_document_save(
    *, decision_document: DecisionDocument, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> DecisionDocument:
    """Record what a decision does with a document (endorses, approves, modifies, refers to), or correct it."""
    return versioned_save(obj=decision_document, expected_version=expected_version, by=by)


@transaction.atomic
def decision_document_delete(
    *, decision_document: DecisionDocument, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    versioned_delete(obj=decision_document, expected_version=expected_version, by=by)
