"""A decision's full internal timeline: every recorded change to it, its actions, their progress and its
lineage, with who made it, when, and the values before and after — in one list, newest first."""

from dataclasses import dataclass
from datetime import datetime

from decisions.models import Action, Decision, DecisionLink, ProgressUpdate

CHANGE_LABELS = {"+": "created", "~": "changed", "-": "deleted"}
SKIPPED_FIELDS = {"updated_at", "created_at", "version"}


@dataclass
class TimelineEntry:
    when: datetime
    who: str
    what: str  # the record, e.g. "Action: Hold the seminar"
    change: str  # created / changed / deleted
    fields: list[tuple[str, str, str]]  # (field, before, after)
    reason: str


def decision_timeline(*, decision: Decision) -> list[TimelineEntry]:
    ids = [decision.pk, *decision.children.values_list("pk", flat=True)]
    action_ids = list(Action.history.filter(decision_id__in=ids).values_list("id", flat=True).distinct())
    sources = [
        (Decision.history.filter(id__in=ids), "Decision"),
        (Action.history.filter(id__in=action_ids), "Action"),
        (ProgressUpdate.history.filter(action_id__in=action_ids), "Progress update"),
        (DecisionLink.history.filter(source_id__in=ids) | DecisionLink.history.filter(target_id__in=ids), "Link"),
    ]
    entries = []
    for history, label in sources:
        entries += _entries(history.select_related("history_user").order_by("id", "history_date", "history_id"), label)
    return sorted(entries, key=lambda e: e.when, reverse=True)


def _entries(records, label: str) -> list[TimelineEntry]:
    entries, previous = [], {}
    for record in records:
        before = previous.get(record.id)
        fields = _changed_fields(record, before) if before is not None else []
        if record.history_type == "~" and not fields:
            previous[record.id] = record
            continue
        who = record.history_user.get_username() if record.history_user else ""
        entries.append(
            TimelineEntry(
                when=record.history_date,
                who=who or "system",
                what=f"{label}: {record.instance}",
                change=CHANGE_LABELS.get(record.history_type, record.history_type),
                fields=fields,
                reason=record.history_change_reason or "",
            )
        )
        previous[record.id] = record
    return entries


def _changed_fields(record, before) -> list[tuple[str, str, str]]:
    # Every tracked field, not only editable ones: the derived status is exactly what the timeline is for.
    # Compared field by field rather than with diff_against(), which skips non-editable fields such as the
    # derived status — exactly what a timeline is for.
    changes = []
    for field in before.tracked_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        old, new = getattr(before, field.attname), getattr(record, field.attname)
        if old != new:
            changes.append((field.name, _short(old), _short(new)))
    return changes


def _short(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 300 else text[:299] + "…"
