"""Deadlines tied to the calendar: "before the next meeting" is due on the first day of the next meeting of the
same kind (the next Vice-Ministerial Meeting after a Vice-Ministerial one), once the Secretariat has scheduled it.

The date is stored in `due_date` (the precision stays `next_meeting`), so every overdue flag, list, feed and
reminder reads it as it reads any deadline. It is kept here: a decision or an action saved with that precision
takes the date of the moment (`next_meeting_date_get`), and every write that adds, moves, re-kinds or deletes a
meeting, or moves an item to another meeting, recomputes the deadlines of that kind
(`next_meeting_deadlines_refresh`). A meeting counts once it has a start date, published or not: the Secretariat
enters a meeting when it is scheduled, long before its declaration exists.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Model
from django.utils import timezone

from decisions.caching.versions import record_version_bump
from decisions.models import Action, Decision, Meeting
from decisions.rules.due import DuePrecision, next_meeting_due
from decisions.selectors.changes import record_upsert


def next_meeting_date_get(*, meeting: Meeting) -> datetime.date | None:
    """The first day of the next meeting of `meeting`'s kind; None while none is scheduled."""
    if meeting.start_date is None:
        return None
    later = Meeting.objects.filter(kind=meeting.kind, start_date__gt=meeting.start_date)
    return later.order_by("start_date").values_list("start_date", flat=True).first()


def next_meeting_deadlines_refresh(*, kinds: Iterable[str]) -> int:
    """Give every "before the next meeting" deadline of the meetings of `kinds` the date it has now (stored with
    `update()`, as derived data: no history entry, but the timestamp, the record version and the change log move,
    so caches, ETags and syncs see it). Returns how many decisions and actions changed."""
    meetings = list(Meeting.objects.filter(kind__in=set(kinds)).values_list("pk", "kind", "start_date"))
    starts: dict[str, list[datetime.date | None]] = defaultdict(list)
    for _pk, kind, start in meetings:
        starts[kind].append(start)
    due = {pk: next_meeting_due(start, starts[kind]) for pk, kind, start in meetings}
    changed = _refresh(Decision, "meeting_id", due, ("meeting",))
    changed += _refresh(Action, "decision__meeting_id", due, ("decision__meeting",))
    return changed


def _refresh(
    model: type[Model], meeting_of: str, due: dict[int, datetime.date | None], related: tuple[str, ...]
) -> int:
    rows = model.objects.filter(due_precision=DuePrecision.NEXT_MEETING, **{f"{meeting_of}__in": list(due)})
    moving: dict[datetime.date | None, list[int]] = defaultdict(list)
    for pk, meeting_id, current in rows.values_list("pk", meeting_of, "due_date"):
        if current != due[meeting_id]:
            moving[due[meeting_id]].append(pk)
    if not moving:
        return 0
    now = timezone.now()
    for day, pks in moving.items():
        model.objects.filter(pk__in=pks).update(due_date=day, updated_at=now)
    record_version_bump()  # update() sends no signal and leaves no history row: the change log is told here
    changed = [pk for pks in moving.values() for pk in pks]
    for record in model.objects.filter(pk__in=changed).select_related(*related).order_by("pk"):
        record_upsert(obj=record)
    return len(changed)
