"""Each action's last validated update per audience, recomputed from the log by the visibility rules.

The database keeps these dates itself, in the transaction of every write to the log (models/update_facts.py,
models/update_facts_triggers.py). This module says what they must be, from `decisions.selectors.visibility` alone — the
property test compares every kept date with it — and rewrites them when asked (`action_facts_refresh`: a
database restored without its triggers, or a check that finds a difference)."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from decisions.caching.versions import record_version_bump
from decisions.models import Action, ProgressUpdate
from decisions.models.update_facts import LAST_UPDATE_FIELDS
from decisions.selectors.visibility import ReaderScope, updates_filter_visible

Facts = dict[str, datetime.date | None]


def action_facts_compute(*, actions: Iterable[Action]) -> dict[int, Facts]:
    """What each action's kept dates must be: per audience, the latest date of a validated update that the
    audience may read (`updates_filter_visible`), or None."""
    ids = [action.pk for action in actions]
    validated = ProgressUpdate.objects.filter(action_id__in=ids, review_state=ProgressUpdate.Review.VALIDATED)
    facts: dict[int, Facts] = {pk: dict.fromkeys(LAST_UPDATE_FIELDS.values()) for pk in ids}
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
    """The dates as the database keeps them."""
    ids = [action.pk for action in actions]
    rows = Action.objects.filter(pk__in=ids).values("pk", *LAST_UPDATE_FIELDS.values())
    return {row.pop("pk"): row for row in rows}


@transaction.atomic
def action_facts_refresh(*, actions: Iterable[Action]) -> int:
    """Store the recomputed dates of `actions` where they differ; returns how many actions changed. `update()`:
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
