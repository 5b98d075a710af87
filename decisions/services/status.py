"""Keeping each decision's stored status equal to what its kind and actions say it is."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from decisions.caching.scopes import write_scopes
from decisions.caching.versions import record_version_bump
from decisions.models import Action, Decision, DecisionLink
from decisions.rules.status import derive_decision_status
from decisions.selectors.changes import record_upsert


def decision_status_compute(*, decision: Decision) -> str:
    """What the decision's status must be now (its own actions and its sub-items' actions count)."""
    action_statuses = Action.objects.filter(decision__in=_self_and_children(decision)).values_list("status", flat=True)
    superseded = DecisionLink.objects.filter(target=decision, relation=DecisionLink.Relation.SUPERSEDES).exists()
    return derive_decision_status(kind=decision.kind, action_statuses=action_statuses, superseded=superseded)


def decision_rows_lock(*, decision: Decision) -> list[Decision]:
    """Lock a decision's row and its parent's until the transaction ends, always in the same order (by key), and
    return them as stored: every writer that recomputes a status, adds an action or changes one locks them so
    (`actions.action_lock`), as the database's triggers do (models/owed_due_triggers.py)."""
    return list(_locked_in_order(ids=[pk for pk in (decision.pk, decision.parent_id) if pk]))


def decision_ids_lock(*, ids: list[int]) -> None:
    """Lock these decisions' rows until the transaction ends, in the same order as `decision_rows_lock`, reading
    nothing else: for a writer that needs the locks, not the rows (`actions.action_lock`)."""
    list(_locked_in_order(ids=ids).values_list("pk", flat=True))


def _locked_in_order(*, ids: list[int]) -> QuerySet[Decision]:
    return Decision.objects.select_for_update().filter(pk__in=ids).order_by("pk")


def decision_status_refresh(*, decision: Decision) -> str:
    """Recompute and store the status of a decision and of its parent, whose status includes it.

    Reads kind and links from the database, not from the instance given, which may be a stale copy. Locks
    the rows first: two sub-items' actions changing at once each recompute the parent, and without the lock
    the second would store what it counted before the first committed (tests/ops/test_concurrency.py)."""
    with transaction.atomic(savepoint=False):
        for current in decision_rows_lock(decision=decision):
            status = decision_status_compute(decision=current)
            # update() and not save(): the status is derived data, not an edit worth a history entry. The
            # timestamp moves with it, so caches, ETags and `updated_since` syncs see the change.
            changed = Decision.objects.filter(pk=current.pk).exclude(status=status)
            if changed.update(status=status, updated_at=timezone.now()):
                # update() sends no signal, and leaves no history row for the change log
                record_version_bump(scopes=write_scopes(model=Decision, pks=[current.pk]))
                record_upsert(obj=current)
            if current.pk == decision.pk:
                decision.status = status
    return decision.status


def decision_ids_counting(*, removed: list[int]) -> set[int]:
    """The decisions outside `removed` whose status counts one of them: those they link to (a decision is
    superseded only while its superseding link exists). Read before the delete, refreshed after it."""
    linked = DecisionLink.objects.filter(source_id__in=removed).values_list("target_id", flat=True)
    return set(linked) - set(removed)


def decision_statuses_refresh(*, ids: set[int]) -> None:
    """Recompute the stored status of each decision still there among `ids` (after a delete)."""
    for survivor in Decision.objects.filter(pk__in=ids).order_by("pk"):
        decision_status_refresh(decision=survivor)


def _self_and_children(decision: Decision) -> list[int]:
    return [decision.pk, *Decision.objects.filter(parent=decision).values_list("pk", flat=True)]
