"""Each action's kept facts recomputed: its last validated update per audience, from the log by the visibility
rules, and its meeting's publication and start date, from the meeting; each decision's copy of its meeting's; and
each item's theme facts (models/theme_facts.py), from the links, the items and their meetings; and each decision's
earliest deadline still owed, from its actions and its sub-items' (models/owed_due_triggers.py).

The database keeps these facts itself, in the transaction of every write that changes them (models/update_facts.py,
models/update_facts_triggers.py). This module says what they must be, from `decisions.selectors.visibility` and the
meeting alone — the property tests compare every kept fact with it — and rewrites them when asked
(`action_facts_refresh`, for actions: a database restored without its triggers, or a check that finds a
difference; the decisions' copies and the theme facts are rebuilt whole by `facts_triggers_install`)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Q

from decisions.caching.versions import record_version_bump
from decisions.models import Action, Decision, ItemThemeFact, ProgressUpdate
from decisions.models.update_facts import KEPT_FIELDS, LAST_UPDATE_FIELDS, MEETING_FACT_FIELDS
from decisions.rules.status import OPEN_ACTION_STATUSES, decision_owed_due_date
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


def decision_facts_compute(*, decisions: Iterable[Decision]) -> dict[int, Facts]:
    """What each decision's kept facts must be: its meeting's publication and start date, the meeting's; and the
    earliest deadline it still owes (`status.decision_owed_due_date`), from its actions and its sub-items'."""
    ids = [decision.pk for decision in decisions]
    meeting_facts = (f"meeting__{source}" for source in MEETING_FACT_FIELDS)
    rows = Decision.objects.filter(pk__in=ids).values_list("pk", "status", "due_date", *meeting_facts)
    owing = Action.objects.filter(Q(decision_id__in=ids) | Q(decision__parent_id__in=ids))
    own, open_dues = defaultdict(list), defaultdict(list)
    for item, parent, status, due in owing.values_list("decision_id", "decision__parent_id", "status", "due_date"):
        own[item].append(status)
        if status in OPEN_ACTION_STATUSES:
            open_dues[item].append(due)
            open_dues[parent].append(due)
    return {
        pk: {
            **dict(zip(MEETING_FACT_FIELDS.values(), meeting, strict=True)),
            "owed_due_date": decision_owed_due_date(
                status=status, due_date=due, has_own_actions=bool(own[pk]), open_action_due_dates=open_dues[pk]
            ),
        }
        for pk, status, due, *meeting in rows
    }


def decision_facts_kept(*, decisions: Iterable[Decision]) -> dict[int, Facts]:
    """The decisions' kept facts as the database keeps them."""
    ids = [decision.pk for decision in decisions]
    rows = Decision.objects.filter(pk__in=ids).values("pk", *MEETING_FACT_FIELDS.values(), "owed_due_date")
    return {row.pop("pk"): row for row in rows}


ThemeFacts = dict[tuple[int, int], tuple[bool, bool, str]]


def theme_facts_compute() -> ThemeFacts:
    """What every item's theme facts must be: for each link between an item and a theme, whether the item is a
    top-level one, whether its meeting is published, and its status."""
    links = Decision.themes.through.objects.values_list(
        "decision_id", "theme_id", "decision__parent_id", "decision__meeting__is_published", "decision__status"
    )
    return {(item, theme): (parent is None, published, status) for item, theme, parent, published, status in links}


def theme_facts_kept() -> ThemeFacts:
    """The theme facts as the database keeps them."""
    rows = ItemThemeFact.objects.values_list("decision_id", "theme_id", "top_level", "meeting_is_published", "status")
    return {(item, theme): (top, published, status) for item, theme, top, published, status in rows}


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
