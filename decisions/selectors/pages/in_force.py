"""Decisions in force after a meeting: the consolidated list a secretariat compiles after each meeting, computed
from the record's lineage instead of by hand. The page, its CSV and the API all read `in_force_list_build()`.

The rule ("in force after meeting n"):
- the items (commitments, numbered decisions, their sub-items) of meeting n and of every meeting that started on
  or before it (a meeting with no date counts as the earliest, as in `board._superseded_since`) that the reader
  may see (`decisions.selectors.visibility`);
- whose status *on the day meeting n closed* is not started, in progress or ongoing: not implemented (done and
  closed), not cancelled, not noted (an acknowledgement mandates nothing) and not superseded. The status is
  derived by the one rule (`status.derive_decision_status`) from every action's status that day, rebuilt from the
  log (`board.action_status_column`), as the dashboard's and a meeting's "as of" views do; when meeting n closes
  today or later, the actions' stored statuses (today's) are used;
- superseded means superseded *by an item of a meeting counted in the list* (started on or before n) that the
  reader may see: a supersession decided later does not take an item off an earlier meeting's list, and a draft
  meeting nobody but the Secretariat reads does not take it off the public's;
- a sub-item is listed under its parent, when it is in force itself and so is its parent (a parent superseded,
  cancelled or implemented takes its parts with it);
- grouped by theme (sub-items take their parent's): an item with several themes is listed under each, one with
  none under "No theme"; within a theme, oldest meeting first, then reading order;
- each item cites its lineage both ways among the items counted ("amends VII 2002 · D3", "amended by XI 2006 ·
  D4"), never an item of a later meeting or one the reader may not see.

Four queries whatever the size of the record (the meetings' items, their links, their actions with the day's
status, their themes), so the page, the CSV and the API cost the same on one meeting or on thirty.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from decisions.models import Action, Decision, DecisionLink, Meeting, Theme
from decisions.rules.folding import text_fold
from decisions.rules.status import DecisionStatus, derive_decision_status
from decisions.selectors.pages.board import action_status_column
from decisions.selectors.visibility import Reader, decision_list_visible

# The statuses of an item still in force: everything else is closed (implemented, cancelled), replaced
# (superseded) or never was a mandate (noted).
IN_FORCE_STATUSES = frozenset({DecisionStatus.NOT_STARTED, DecisionStatus.IN_PROGRESS, DecisionStatus.ONGOING})


@dataclass(frozen=True)
class LineageMark:
    """One link of an item's lineage as it reads from the item: "amends" (`out`) or "amended by" (`in`) the other."""

    relation: str
    direction: str  # "out": this item amends… the other; "in": the other amends… this one
    other: Decision
    note: str = ""

    @property
    def label(self) -> str:
        relation = DecisionLink.Relation(self.relation)
        return str(relation.label if self.direction == "out" else DecisionLink.INVERSE_LABELS[relation])

    @property
    def text(self) -> str:
        """The mark as a row prints it: "amends VII 2002 · D3", "amended by XI 2006 · D4"."""
        return f"{self.label} {self.other.citation}"


@dataclass
class InForceItem:
    decision: Decision
    status: str
    lineage: list[LineageMark] = field(default_factory=list)
    subitems: list["InForceItem"] = field(default_factory=list)


@dataclass
class ThemeGroup:
    theme: Theme | None  # None: the items with no theme
    items: list[InForceItem]


@dataclass
class InForceList:
    meeting: Meeting
    day: datetime.date  # the day the statuses are read on
    historical: bool  # True: rebuilt from the log on the day the meeting closed; False: today's statuses
    groups: list[ThemeGroup]
    count: int  # top-level items in force (each once, however many themes it has)


def in_force_day_get(*, meeting: Meeting, today: datetime.date) -> tuple[datetime.date, bool]:
    """The day the statuses are read on: the meeting's last day, or today when that is not past (or unknown)."""
    last = meeting.end_date or meeting.start_date
    if last is None or last >= today:
        return today, False
    return last, True


def in_force_item_list(*, reader: Reader, meeting: Meeting) -> QuerySet[Decision]:
    """The items of the meeting and of every meeting that started on or before it, that the reader may see."""
    up_to = Q(meeting=meeting) | Q(meeting__start_date__isnull=True)
    if meeting.start_date is not None:
        up_to |= Q(meeting__start_date__lte=meeting.start_date)
    return decision_list_visible(reader=reader).filter(up_to)


def in_force_list_build(*, reader: Reader, meeting: Meeting, today: datetime.date) -> InForceList:
    day, historical = in_force_day_get(meeting=meeting, today=today)
    items_query = in_force_item_list(reader=reader, meeting=meeting)
    ids = items_query.values("pk")
    items = {
        item.pk: item
        for item in items_query.select_related("meeting", "parent").defer(
            "meeting__source_text", "meeting__search_text", "search_text"
        )
    }
    marks, superseded = _lineage(ids, items)
    statuses = _statuses(ids, items, superseded, day=day, historical=historical)
    children: dict[int, list[Decision]] = defaultdict(list)
    for item in items.values():
        if item.parent_id:
            children[item.parent_id].append(item)

    def listed(item: Decision) -> InForceItem:
        item.shown_status = statuses[item.pk]  # what the status badge shows
        subitems = sorted(children.get(item.pk, []), key=lambda sub: sub.position)
        return InForceItem(
            decision=item,
            status=statuses[item.pk],
            lineage=marks.get(item.pk, []),
            subitems=[listed(sub) for sub in subitems if statuses[sub.pk] in IN_FORCE_STATUSES],
        )

    in_force = [
        listed(item)
        for item in sorted(items.values(), key=_reading_order)
        if not item.parent_id and statuses[item.pk] in IN_FORCE_STATUSES
    ]
    return InForceList(
        meeting=meeting,
        day=day,
        historical=historical,
        groups=_by_theme(ids, in_force),
        count=len(in_force),
    )


def _reading_order(item: Decision) -> tuple:
    return (item.meeting.start_date or datetime.date.min, item.meeting_id, item.position, item.pk)


def _lineage(ids: QuerySet, items: dict[int, Decision]) -> tuple[dict[int, list[LineageMark]], set[int]]:
    """Each item's links both ways among the counted items, and the items one of them supersedes."""
    links = DecisionLink.objects.filter(source__in=ids, target__in=ids).order_by()
    marks: dict[int, list[LineageMark]] = defaultdict(list)
    superseded = set()
    rows = sorted(
        links.values_list("source_id", "target_id", "relation", "note"),
        key=lambda row: (_reading_order(items[row[0]]), _reading_order(items[row[1]]), row[2]),
    )
    for source_id, target_id, relation, note in rows:
        marks[source_id].append(LineageMark(relation, "out", items[target_id], note))
        marks[target_id].append(LineageMark(relation, "in", items[source_id], note))
        if relation == DecisionLink.Relation.SUPERSEDES:
            superseded.add(target_id)
    for entries in marks.values():
        entries.sort(key=lambda mark: mark.direction != "out")  # what it does first, then what was done to it
    return marks, superseded


def _statuses(
    ids: QuerySet, items: dict[int, Decision], superseded: set[int], *, day: datetime.date, historical: bool
) -> dict[int, str]:
    """Each item's status on `day`: the one rule over all its actions' statuses that day (its sub-items' too, as
    for the stored status), superseded only by the counted links."""
    rows = (
        Action.objects.filter(decision__in=ids)
        .annotate(day_status=action_status_column(day=day, historical=historical))
        .order_by()
        .values_list("decision_id", "day_status")
    )
    action_statuses: dict[int, list[str]] = defaultdict(list)
    for decision_id, status in rows:
        action_statuses[decision_id].append(status)
        parent_id = items[decision_id].parent_id
        if parent_id:
            action_statuses[parent_id].append(status)
    return {
        pk: derive_decision_status(
            kind=item.kind, action_statuses=action_statuses.get(pk, []), superseded=pk in superseded
        )
        for pk, item in items.items()
    }


def _by_theme(ids: QuerySet, in_force: list[InForceItem]) -> list[ThemeGroup]:
    """The items under each of their themes, themes by name in the reader's language, "No theme" last."""
    tagged = Decision.themes.through.objects.filter(decision__in=ids).select_related("theme").order_by()
    themes_of: dict[int, list[Theme]] = defaultdict(list)
    for row in tagged:
        themes_of[row.decision_id].append(row.theme)
    groups: dict[int | None, ThemeGroup] = {}
    for entry in in_force:
        for theme in themes_of.get(entry.decision.pk) or [None]:
            key = theme.pk if theme else None
            groups.setdefault(key, ThemeGroup(theme=theme, items=[])).items.append(entry)
    return sorted(groups.values(), key=_theme_order)


def _theme_order(group: ThemeGroup) -> tuple[bool, str, str]:
    theme = group.theme
    return (theme is None, text_fold(text=theme.name) if theme else "", theme.slug if theme else "")
