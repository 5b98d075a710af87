"""A data set ten times the IX Meeting, for tests that prove a page's query count does not grow with data.

Copies of the IX Meeting (ordinals 10, 11, …, all published) with their decisions, sub-items, themes,
actions and a validated progress update on every other action. Staged with bulk writes for speed; the
stored statuses are then recomputed through the service so they are right.
"""

import datetime

from decisions.models import Action, Decision, Meeting, ProgressUpdate
from decisions.services.status import decision_status_refresh


def scale_up(meeting: Meeting, copies: int = 9) -> list[Meeting]:
    made = []
    for n in range(1, copies + 1):
        made.append(_copy_meeting(meeting, n))
    return made


def _copy_meeting(source: Meeting, n: int) -> Meeting:
    start = source.start_date.replace(year=source.start_date.year + n)
    copy = Meeting.objects.create(
        kind=source.kind,
        ordinal=source.ordinal + n,
        slug=f"{source.slug}-copy-{n}",
        title_en=f"{source.title_en} (copy {n})",
        title_es=f"{source.title_es} (copia {n})",
        city_en=source.city_en,
        host=source.host,
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        is_published=True,
    )
    mapping: dict[int, Decision] = {}
    for decision in source.decisions.order_by("position"):
        themes = list(decision.themes.all())
        old_pk = decision.pk
        decision.pk = None
        decision.meeting = copy
        decision.parent = mapping.get(decision.parent_id)
        decision.save()
        decision.themes.set(themes)
        mapping[old_pk] = decision
    _copy_actions(source, mapping)
    for decision in mapping.values():
        decision_status_refresh(decision=decision)
    return copy


def _copy_actions(source: Meeting, mapping: dict[int, Decision]) -> None:
    actions = []
    for action in Action.objects.filter(decision__meeting=source):
        action.pk = None
        action.decision = mapping[action.decision_id]
        actions.append(action)
    created = Action.objects.bulk_create(actions)
    updates = [
        ProgressUpdate(
            action=action,
            date=action.decision.meeting.end_date,
            note="Synthetic progress.",
            status_before="not_started",
            status="in_progress",
            review_state="validated",
        )
        for action in created[::2]
    ]
    ProgressUpdate.objects.bulk_create(updates)
    Action.objects.filter(pk__in=[u.action_id for u in updates]).update(status="in_progress")
