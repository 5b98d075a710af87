"""Writing a planned synthetic history with bulk inserts, statuses computed in the plan (so they agree with
what the services would derive), and each row's search column filled as a save would fill it. Every synthetic
meeting is marked: slug "demo-…", title "[Synthetic] …"."""

from django.db import transaction

from decisions.caching.versions import record_version_bump
from decisions.demo.plan import PlannedDecision, PlannedMeeting
from decisions.models import Action, Decision, DecisionLink, Meeting, ProgressUpdate, Theme
from decisions.models.search_text import fill_search_text
from members.models import Party

DEMO_PREFIX = "demo-"
BATCH = 2000


def synthetic_meetings_exist() -> bool:
    return Meeting.objects.filter(slug__startswith=DEMO_PREFIX).exists()


def real_meetings_exist() -> bool:
    return Meeting.objects.exclude(slug__startswith=DEMO_PREFIX).exists()


@transaction.atomic
def history_write(*, plan: list[PlannedMeeting]) -> dict[str, int]:
    themes = _themes()
    parties = {p.code: p for p in Party.objects.all()}
    meetings = Meeting.objects.bulk_create([_meeting(m) for m in plan], batch_size=BATCH)
    superseded = {d.supersedes for m in plan for d in m.decisions if d.supersedes}
    rows = _decisions(plan, meetings, superseded)
    _themes_of(rows, themes)
    _links(rows)
    actions = _actions(rows, parties)
    updates = _updates(actions)
    record_version_bump()  # bulk inserts send no signals
    return {"meetings": len(meetings), "decisions": len(rows), "actions": len(actions), "updates": updates}


def _meeting(planned: PlannedMeeting) -> Meeting:
    label = "Vice-Ministerial Meeting" if planned.kind == "vice_ministerial" else "RCGM meeting"
    meeting = Meeting(
        kind=planned.kind,
        ordinal=1000 + planned.ordinal,  # far from real ordinals, so synthetic ones never collide with them
        slug=f"{DEMO_PREFIX}{planned.kind.replace('_', '-')}-{planned.ordinal}",
        title_en=f"[Synthetic] {label} {planned.ordinal}",
        title_es=f"[Sintético] Reunión {planned.ordinal}",
        city_en="Synthetic City",
        start_date=planned.start_date,
        end_date=planned.start_date,
        is_published=True,
        source_language="en",
    )
    return fill_search_text(meeting)


def _decisions(plan, meetings, superseded) -> dict[tuple[int, int], tuple[Decision, PlannedDecision]]:
    top, children = [], []
    for planned_meeting, meeting in zip(plan, meetings, strict=True):
        position = 0
        for index, planned in enumerate(planned_meeting.decisions):
            position += 1 + len(planned.children)
            status = planned.status((planned_meeting.index, index) in superseded)
            top.append(((planned_meeting.index, index), _decision(meeting, planned, position, status, None)))
    Decision.objects.bulk_create([d for _, d in top], batch_size=BATCH)
    rows = {key: (row, plan[key[0]].decisions[key[1]]) for key, row in top}
    for row, planned in rows.values():
        for offset, child in enumerate(planned.children, start=1):
            children.append(_decision(row.meeting, child, row.position + offset, child.status(False), row))
    Decision.objects.bulk_create(children, batch_size=BATCH)
    return rows


def _decision(meeting, planned: PlannedDecision, position: int, status: str, parent) -> Decision:
    verb = {"acknowledgement": "Recognize", "adoption": "Approve", "mandate": "Urge the member countries to"}
    decision = Decision(
        meeting=meeting,
        section="decision",
        number=planned.number,
        parent=parent,
        position=position,
        text_en=f"{verb[planned.kind]} synthetic item {planned.number} of {meeting.slug}.",
        original_language="en",
        lead_verb=verb[planned.kind].split()[0].lower(),
        kind=planned.kind,
        status=status,
    )
    return fill_search_text(decision)


def _themes() -> list[Theme]:
    themes = list(Theme.objects.order_by("slug"))
    for n in range(len(themes), 12):
        themes.append(Theme.objects.create(slug=f"{DEMO_PREFIX}theme-{n}", name_en=f"Synthetic theme {n}"))
    return themes


def _themes_of(rows, themes) -> None:
    through = Decision.themes.through
    links = [
        through(decision_id=row.pk, theme_id=themes[t].pk) for row, planned in rows.values() for t in planned.themes
    ]
    through.objects.bulk_create(links, batch_size=BATCH)


def _links(rows) -> None:
    links = []
    for row, planned in rows.values():
        for relation, target in (("supersedes", planned.supersedes), ("reiterates", planned.reiterates)):
            if target and target in rows:
                links.append(DecisionLink(source=row, target=rows[target][0], relation=relation))
    DecisionLink.objects.bulk_create(links, batch_size=BATCH)


def _actions(rows, parties) -> list[tuple[Action, object]]:
    made = []
    for row, planned in rows.values():
        for n, planned_action in enumerate(planned.actions):
            action = Action(
                decision=row,
                title_en=f"Synthetic action {n + 1} on {row.meeting.slug} D{row.number}",
                responsible=parties[planned_action.responsible],
                due_date=planned_action.due_date,
                due_precision=planned_action.due_precision,
                status=planned_action.status,
                version=1 + sum(1 for u in planned_action.updates if u.status and u.review_state == "validated"),
            )
            made.append((fill_search_text(action), planned_action))
    Action.objects.bulk_create([a for a, _ in made], batch_size=BATCH)
    return made


def _updates(actions) -> int:
    batch, total = [], 0
    for action, planned in actions:
        for update in planned.updates:
            batch.append(
                ProgressUpdate(
                    action=action,
                    date=update.date,
                    note="Synthetic progress note.",
                    status_before=update.status_before,
                    status=update.status,
                    review_state=update.review_state,
                    author_name="Synthetic data",
                )
            )
        if len(batch) >= BATCH:
            total += len(ProgressUpdate.objects.bulk_create(batch, batch_size=BATCH))
            batch = []
    total += len(ProgressUpdate.objects.bulk_create(batch, batch_size=BATCH))
    return total
