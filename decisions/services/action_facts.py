"""Each action's kept facts recomputed: its last validated update per audience, from the log by the visibility
rules, and its meeting's publication and start date, from the meeting.

The database keeps these facts itself, in the transaction of every write that changes them (models/update_facts.py,
models/update_facts_triggers.py). This module says what they must be, from `decisions.selectors.visibility` and the
meeting alone — the property tests compare every kept fact with it — and rewrites them when asked
(`action_facts_refresh`: a database restored without its triggers, or a check that finds a difference)."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from decisions.caching.versions import record_version_bump
from decisions.models import Action, ProgressUpdate
from decisions.models.update_facts import KEPT_FIELDS, LAST_UPDATE_FIELDS, MEETING_FACT_FIELDS
from decisions.selectors.visibility import ReaderScope, updates_filter_visible

Facts = dict[str, datetime.date | bool | None]


def action_facts_compute(*, actions: Iterable[Action]) -> dict[int, Facts]:
    """What each action's kept facts must be: per audience, the latest date of a validated update that the
    audience may read (`updates_filter_visible`), or None; and its meeting's publication and start date."""
    ids = [action.pk for action in actions]
    validated = ProgressUpdate.objects.filter(action_id__in=ids, review_state=ProgressUpdate.Review.VALIDATED)
    meetings = Action.objects.filter(pk__in=ids).values_list(
        "pk", *(f"decision__meeting__{source}" for source in MEETING_FACT_FIELDS)
    )
    no_dates = dict.fromkeys(LAST_UPDATE_FIELDS.values())
    facts: dict[int, Facts] = {
        pk: {**no_dates, **dict(zip(MEETING_FACT_FIELDS.values(), meeting, strict=True))} for pk, *meeting in meetings
    }
    for audience, field in LAST_UPDATE_FIELDS.items():
        latest = (
            validated.filter(updates_filter_visible(reader=ReaderScope(audience)))
            .values("action_id")
            .annotate(on=Max("date"))
        )
        for row in latest.order_by():
            facts[row["action_id"]][field] = row["on"]
    return facts


def action_facts_kept(*, actions: Iterable[Action]) -> dict[int, Facts]:
    """The facts as the database keeps them."""
    ids = [action.pk for action in actions]
    rows = Action.objects.filter(pk__in=ids).values("pk", *KEPT_FIELDS)
    return {row.pop("pk"): row for row in rows}


@transaction.atomic
def action_facts_refresh(*, actions: Iterable[Action]) -> int:
    """Store the recomputed facts of `actions` where they differ; returns how many actions changed. `update()`:
    derived data, no history entry, no new version."""
    actions = list(actions)
    kept = action_facts_kept(actions=actions)
    changed = 0
    for pk, facts in action_facts_compute(actions=actions).items():
        if pk in kept and kept[pk] != facts:
            changed += Action.objects.filter(pk=pk).update(**facts)
    if changed:
        record_version_bump()  # update() sends no signal: the repaired dates show on the next read
    return changed
