"""The change log behind `/api/v1/changes/`: every create, edit and delete of a meeting, decision, action or
progress update, in order, so a client keeps a copy in step — deletions and visibility downgrades included.

Recording: one place. Every domain write saves a change-history row (django-simple-history), whoever makes
it (a service, the admin, the loader); its `post_create_historical_record` signal writes a `ChangeEntry` in
the same transaction (`record_historical`). The one write that bypasses history, a decision's derived status
(`QuerySet.update()` in decisions/services/status.py), calls `record_upsert` itself. When a meeting's
publication or an action's visibility changes, what is under it changes readers too, so it gets entries of
its own (`_dependents`).

Reading: `change_page_get(scope, after=…)` turns entries into what this reader is told. An object the reader
may see now is an *upsert*; one deleted, or no longer visible to them, is a *delete* (a tombstone) — but
only when they could see it before or after that write (`seen_before` / `seen_after`), so a reader never
learns of an object that was never theirs to see.

The cursor is the last entry's id, signed (`django.core.signing`): opaque to clients, refused when altered,
and exclusive — a poll returns only entries after it.
"""

from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from simple_history.signals import post_create_historical_record

from decisions.models import Action, ChangeEntry, Decision, Meeting, ProgressUpdate
from decisions.models.actions import Visibility
from decisions.selectors.visibility import (
    ReaderScope,
    action_list_visible,
    decision_list_visible,
    meeting_list_visible,
    update_list_visible,
)

KINDS: dict[type[models.Model], str] = {
    Meeting: "meeting",
    Decision: "decision",
    Action: "action",
    ProgressUpdate: "progress-update",
}
VISIBILITY_ORDER = (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT)
CURSOR_SALT = "decisions.changes.cursor"


# Who could read an object: the facts visibility.py decides from, as stored in an entry.


def _narrower(*visibilities: str) -> str:
    return str(max(visibilities, key=lambda v: VISIBILITY_ORDER.index(v)))


def readers_get(*, obj: models.Model) -> dict | None:
    """The facts deciding who reads `obj` (a model instance or a historical row of one): its visibility,
    whether its meeting is published, whether it is a validated report, and the party whose report it is.
    None when its meeting or action is gone (a cascade delete): then nobody is told of it from this entry."""
    try:
        if _is(obj, Meeting):
            return {"visibility": "public", "published": obj.is_published, "validated": True, "party": None}
        if _is(obj, Decision):
            return {"visibility": "public", "published": obj.meeting.is_published, "validated": True, "party": None}
        if _is(obj, Action):
            published, party = obj.decision.meeting.is_published, obj.responsible_id
            return {"visibility": obj.visibility, "published": published, "validated": True, "party": party}
        action = obj.action
        return {
            "visibility": _narrower(obj.visibility, action.visibility),
            "published": action.decision.meeting.is_published,
            "validated": obj.review_state == ProgressUpdate.Review.VALIDATED,
            "party": action.responsible_id,
        }
    except ObjectDoesNotExist:
        return None


def _is(obj, model: type[models.Model]) -> bool:
    return isinstance(obj, model) or obj._meta.object_name == f"Historical{model._meta.object_name}"


def reader_could_read(*, readers: dict | None, scope: ReaderScope) -> bool:
    """Whether a reader of `scope` could read an object with these facts (visibility.py's rules)."""
    if readers is None:
        return False
    if scope.is_secretariat:
        return True
    if not readers["published"] or readers["visibility"] not in scope.visibilities:
        return False
    return readers["validated"] or (scope.reports_of is not None and readers["party"] == scope.reports_of)


# Recording


def _last_seen(kind: str, object_id: int) -> tuple[bool, dict | None]:
    entry = ChangeEntry.objects.filter(kind=kind, object_id=object_id).order_by("-id").only("seen_after").first()
    return (entry is not None, entry.seen_after if entry is not None else None)


def record_historical(sender, instance, history_instance, **kwargs) -> None:
    """Every save and delete of a tracked model, from its change-history row ('+', '~', '-')."""
    kind = KINDS.get(type(instance))
    if kind is None:
        return
    known, before = _last_seen(kind, instance.pk)
    if history_instance.history_type == "-":
        if not known:
            before = readers_get(obj=history_instance)
        ChangeEntry.objects.create(
            kind=kind, object_id=instance.pk, operation=ChangeEntry.Operation.DELETE, seen_before=before
        )
        return
    if not known and history_instance.history_type == "~":
        previous = history_instance.prev_record
        before = readers_get(obj=previous) if previous is not None else None
    after = readers_get(obj=instance)
    ChangeEntry.objects.create(
        kind=kind, object_id=instance.pk, operation=ChangeEntry.Operation.UPSERT, seen_before=before, seen_after=after
    )
    if before is not None and after is not None and before != after:
        _record_dependents(instance, before, after)


def record_upsert(*, obj: models.Model) -> None:
    """A write that leaves no history row (a derived field stored with `update()`)."""
    kind = KINDS[type(obj)]
    _, before = _last_seen(kind, obj.pk)
    after = readers_get(obj=obj)
    ChangeEntry.objects.create(
        kind=kind, object_id=obj.pk, operation=ChangeEntry.Operation.UPSERT, seen_before=before, seen_after=after
    )


def _record_dependents(instance, before: dict, after: dict) -> None:
    """A meeting published or unpublished changes who reads its decisions, actions and reports; an action's
    visibility changes who reads its reports. One entry each, with the readers before and after."""
    if isinstance(instance, Meeting) and before["published"] != after["published"]:
        dependents = [
            *Decision.objects.filter(meeting=instance),
            *Action.objects.filter(decision__meeting=instance).select_related("decision__meeting"),
            *ProgressUpdate.objects.filter(action__decision__meeting=instance).select_related(
                "action__decision__meeting"
            ),
        ]
        changed = {"published": before["published"]}
    elif isinstance(instance, Action) and before["visibility"] != after["visibility"]:
        dependents = list(ProgressUpdate.objects.filter(action=instance).select_related("action__decision__meeting"))
        changed = None
    else:
        return
    entries = []
    for obj in dependents:
        now = readers_get(obj=obj)
        if now is None:
            continue
        if changed is not None:
            then = {**now, **changed}
        else:
            then = {**now, "visibility": _narrower(obj.visibility, before["visibility"])}
        kind = KINDS[type(obj)]
        entries.append(
            ChangeEntry(
                kind=kind, object_id=obj.pk, operation=ChangeEntry.Operation.UPSERT, seen_before=then, seen_after=now
            )
        )
    ChangeEntry.objects.bulk_create(entries)


def connect_signals() -> None:
    post_create_historical_record.connect(record_historical, dispatch_uid="decisions-change-log")


# Reading


class BadCursor(ValueError):
    pass


def cursor_make(*, entry_id: int) -> str:
    # A plain signer, not dumps(): no timestamp, so the same position is always the same cursor (and the
    # same page the same ETag).
    return signing.Signer(salt=CURSOR_SALT).sign_object(entry_id)


def cursor_read(*, cursor: str) -> int:
    try:
        value = signing.Signer(salt=CURSOR_SALT).unsign_object(cursor)
    except signing.BadSignature as exc:
        raise BadCursor(cursor) from exc
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadCursor(cursor)
    return value


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    id: int
    operation: str
    lookup: str | None = None  # what the object's address is made of (a meeting's slug, otherwise its id)


@dataclass(frozen=True, slots=True)
class ChangePage:
    changes: list[Change]
    last_id: int  # the cursor's basis: the last entry read (told of or not)
    more: bool


VISIBLE = {
    "meeting": (meeting_list_visible, "slug"),
    "decision": (decision_list_visible, "pk"),
    "action": (action_list_visible, "pk"),
    "progress-update": (update_list_visible, "pk"),
}


def change_page_get(*, scope: ReaderScope, after: int, limit: int) -> ChangePage:
    """The changes after entry `after` that this reader is told of, reading at most `limit` entries: one
    query for the entries and one per kind among them, whatever the page holds."""
    entries = list(ChangeEntry.objects.filter(id__gt=after).order_by("id")[: limit + 1])
    more = len(entries) > limit
    entries = entries[:limit]
    ids_by_kind: dict[str, set[int]] = {}
    for entry in entries:
        ids_by_kind.setdefault(entry.kind, set()).add(entry.object_id)
    visible: dict[str, dict[int, str]] = {}
    for kind, ids in ids_by_kind.items():
        queryset, lookup = VISIBLE[kind]
        rows = queryset(reader=scope).filter(pk__in=ids)
        if lookup == "pk":
            visible[kind] = {pk: str(pk) for pk in rows.values_list("pk", flat=True)}
        else:
            visible[kind] = {pk: str(value) for pk, value in rows.values_list("pk", lookup)}
    changes = []
    for entry in entries:
        lookup = visible.get(entry.kind, {}).get(entry.object_id)
        if lookup is not None:
            changes.append(Change(entry.kind, entry.object_id, ChangeEntry.Operation.UPSERT, lookup))
        elif reader_could_read(readers=entry.seen_before, scope=scope) or reader_could_read(
            readers=entry.seen_after, scope=scope
        ):
            changes.append(Change(entry.kind, entry.object_id, ChangeEntry.Operation.DELETE))
    return ChangePage(changes, entries[-1].id if entries else after, more)
