"""The rows the API's decision and action serializers render (serializers/rows.py): the hot path of
`GET /api/v1/decisions/?page_size=100` and `GET /api/v1/actions/`.

A list page is read as `.values()` rows, never model instances, and what each row shows beside its own columns
is attached here in bulk: a decision's themes, named parties and sub-items in three flat queries, the
references, meetings and deadlines people read in a few dict operations per row. The serializers declare the
fields (what the OpenAPI schema publishes) and render these rows by those declarations; a single object
(a detail, the answer to a write) is turned into the same row first (`decision_row_of`, `action_row_of`), so
lists and details share one path.
"""

import datetime
import threading
from collections import defaultdict
from collections.abc import Callable, Hashable
from types import SimpleNamespace

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from decisions.models import Action, Decision, DecisionParty, item_reference
from decisions.rules.due import due_format
from decisions.selectors import decisions_flag_overdue
from decisions.selectors.expressions import IdIn
from members.models import Party

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# What a decision's row is read from: one `.values()` row per decision, no model instances.
ROW_FIELDS = (
    "id",
    "meeting__slug",
    "section",
    "number",
    "position",
    "parent_id",
    "parent__number",
    "original_language",
    "lead_verb",
    "kind",
    "status",
    "is_overdue",
    "due_date",
    "due_precision",
    "due_text",
    "updated_at",
    *(f"text_{code}" for code in LANGUAGES),
)
# What a list page reads from the database: the overdue flag is left to DecisionRows, which reads it for the
# page's rows and sub-items alone. In the page's own query PostgreSQL plans the flag's three EXISTS for every
# visible decision before it keeps a page (hashing every overdue action, and every action, to answer a hundred
# rows: 41 of 56 ms at factor 10).
PAGE_ROW_FIELDS = tuple(name for name in ROW_FIELDS if name != "is_overdue")
CHILD_FIELDS = tuple(name for name in PAGE_ROW_FIELDS if not name.startswith(("meeting__", "parent__")))
# An action's row: its columns, the annotations of querysets.action_list, and what it shows of its decision
# and responsible party.
ACTION_FIELDS = (
    "id",
    "decision_id",
    "decision__section",
    "decision__number",
    "decision__parent_id",
    "decision__parent__number",
    "decision__meeting__slug",
    "responsible__code",
    *(f"responsible__name_{code}" for code in LANGUAGES),
    *(f"title_{code}" for code in LANGUAGES),
    *(f"description_{code}" for code in LANGUAGES),
    "status",
    "is_overdue",
    "visibility",
    "version",
    "pending_reports",
    "latest_pending_report_id",
    "due_date",
    "due_precision",
    "due_text",
    "created_at",
    "updated_at",
)


class _Composed(threading.local):
    """Querysets composed once per thread and kept unevaluated (see `composed_once`)."""

    LIMIT = 64

    def __init__(self):
        self.querysets: dict[tuple, QuerySet] = {}


_composed = _Composed()


def composed_once(compose: Callable[..., QuerySet], **arguments: Hashable) -> QuerySet:
    """`compose(**arguments)` (a pure function of hashable arguments: a reader's scope, a day), composed once per
    thread and cloned for each use. Composing a list's query — the overdue flag's subqueries, the visibility
    rules — costs Django more than running it for a page, and it is the same query all day for every reader of
    one scope. The kept queryset is never evaluated, only cloned (`.all()`); kept per thread because compiling
    a query touches its parts' alias counts, so two threads never compile one object at once."""
    key = (compose, *sorted(arguments.items()))
    queryset = _composed.querysets.get(key)
    if queryset is None:
        if len(_composed.querysets) >= _Composed.LIMIT:
            _composed.querysets.clear()
        queryset = _composed.querysets[key] = compose(**arguments)
    return queryset.all()


def decision_values(decisions: QuerySet[Decision]) -> "RowsCountedApart":
    """A decisions queryset as the rows DecisionRows completes (their `is_overdue` included)."""
    return RowsCountedApart(listed=decisions, rows=decisions.values(*PAGE_ROW_FIELDS))


class ListedRows:
    """Rows sliced as the paginator (or a CSV's chunks) slices a queryset, counted and ordered as the list they
    come from (`listed`); each kind says how a slice's rows are read (`rows_of`)."""

    def __init__(self, *, listed: QuerySet, rows):
        self.listed, self.rows = listed, rows

    @property
    def ordered(self) -> bool:
        """As `QuerySet.ordered` (the paginator warns when a list is not)."""
        return self.listed.ordered

    def count(self) -> int:
        return self.listed.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        if not isinstance(index, slice):
            raise TypeError(f"{type(self).__name__} is read a slice at a time")
        return self.rows_of(index)

    def rows_of(self, index: slice) -> list[dict]:
        raise NotImplementedError


class RowsCountedApart(ListedRows):
    """`.values()` rows (`rows`), counted as the list itself: counted as rows, the count kept the joins their
    columns read (the meeting's slug, the parent's number) and read two more tables for every visible item
    (4 → 0.6 ms at ten times the RCM's history)."""

    def rows_of(self, index: slice) -> list[dict]:
        return list(self.rows[index])


def action_values(actions: QuerySet[Action]) -> "RowsByKeys":
    """An actions queryset (querysets.action_list, ordered) as the rows `action_rows` completes, read a slice at a
    time by their keys (`RowsByKeys`)."""
    return RowsByKeys(listed=actions, rows=lambda ids: actions.filter(IdIn("id", ids)).values(*ACTION_FIELDS))


class RowsByKeys(ListedRows):
    """Rows read a slice at a time by their keys: a slice's primary keys are read first, in the list's order, then
    those rows alone (`rows`, given the keys). Sorting only keys is what keeps PostgreSQL from carrying every
    visible action's wide row (titles and descriptions in both languages) through the joins and the sort to keep
    a hundred: the action list's page at factor 10, 65 → 30 ms there (SQLite, which sorts before it reads the
    columns, the same either way)."""

    def rows_of(self, index: slice) -> list[dict]:
        ids = list(self.listed.values_list("pk", flat=True)[index])
        by_id = {row["id"]: row for row in self.rows(ids)} if ids else {}
        return [dict(by_id[pk]) for pk in ids if pk in by_id]  # a row deleted between the two reads is left out


# --- decisions -----------------------------------------------------------------------------------------------


def decision_row_of(decision: Decision) -> dict:
    """One decision instance (a detail) as a `.values()` row."""
    row = {name: getattr(decision, name) for name in ROW_FIELDS if "__" not in name}
    row["meeting__slug"] = decision.meeting.slug
    row["parent__number"] = decision.parent.number if decision.parent_id else None
    row["is_overdue"] = getattr(decision, "is_overdue", False)
    return row


class DecisionRows:
    """Completes `decision_values` rows with what DecisionSerializer reads: `reference`, `meeting`, `parent`,
    `due_label`, `themes`, `party_roles` and `children` (the sub-items' rows, completed alike), in a fixed
    number of queries whatever the page's size."""

    def __init__(self, today: datetime.date | None = None):
        self.today = today or timezone.localdate()

    def build(self, rows: list[dict]) -> list[dict]:
        ids = [row["id"] for row in rows]
        if not ids:
            return rows
        themes, parties, children = _themes(ids), _parties(ids), _children(ids)
        unflagged = [row["id"] for row in rows if "is_overdue" not in row]
        flags = _overdue_flags(unflagged + [child["id"] for kids in children.values() for child in kids], self.today)
        for row in rows:
            row.setdefault("is_overdue", flags.get(row["id"], False))
            _complete(row)
            row["themes"] = themes.get(row["id"], [])
            row["party_roles"] = parties.get(row["id"], [])
            row["children"] = [_complete_child(child, row, flags) for child in children.get(row["id"], [])]
        return rows


def _complete(row: dict) -> None:
    parent_number = row["parent__number"] if row["parent_id"] else None
    meeting = {"slug": row["meeting__slug"]}
    row["meeting"] = meeting
    row["reference"] = item_reference(row["section"], row["number"], parent_number)
    row["parent"] = (
        {"id": row["parent_id"], "reference": item_reference(row["section"], parent_number), "meeting": meeting}
        if parent_number is not None
        else None
    )
    row["due_label"] = due_format(date=row["due_date"], precision=row["due_precision"])


def _complete_child(row: dict, parent: dict, flags: dict[int, bool]) -> dict:
    row["is_overdue"] = flags.get(row["id"], False)
    row["reference"] = item_reference(parent["section"], row["number"], parent["number"])
    row["due_label"] = due_format(date=row["due_date"], precision=row["due_precision"])
    return row


def _themes(ids: list[int]) -> dict[int, list[str]]:
    through = Decision.themes.through.objects.filter(IdIn("decision_id", ids)).order_by("theme__name", "theme__slug")
    found = defaultdict(list)
    for decision_id, slug in through.values_list("decision_id", "theme__slug"):
        found[decision_id].append(slug)
    return found


def _parties(ids: list[int]) -> dict[int, list[dict]]:
    roles = DecisionParty.objects.filter(IdIn("decision_id", ids)).order_by("role", "party__code")
    found = defaultdict(list)
    for decision_id, code, role in roles.values_list("decision_id", "party__code", "role"):
        found[decision_id].append({"party": {"code": code}, "role": role})
    return found


def _with_overdue_flag(*, today: datetime.date) -> QuerySet[Decision]:
    return decisions_flag_overdue(decisions=Decision.objects.all(), today=today)


def _overdue_flags(ids: list[int], today: datetime.date) -> dict[int, bool]:
    """`is_overdue` of these decisions, by the one rule (`DecisionQuerySet.with_overdue_flag`)."""
    if not ids:
        return {}
    flagged = composed_once(_with_overdue_flag, today=today).filter(IdIn("id", ids))
    return dict(flagged.values_list("id", "is_overdue"))


def _children(ids: list[int]) -> dict[int, list[dict]]:
    """The sub-items' rows by parent, their overdue flags left to `_overdue_flags` (read with the page's)."""
    rows = Decision.objects.filter(IdIn("parent_id", ids)).order_by("position", "id")
    found = defaultdict(list)
    for row in rows.values(*CHILD_FIELDS):
        found[row["parent_id"]].append(row)
    return found


# --- actions -------------------------------------------------------------------------------------------------


def action_row_of(action: Action) -> dict:
    """One action instance (querysets.action_list: annotated, decision and party joined) as a row."""
    decision, party = action.decision, action.responsible
    row = {name: getattr(action, name, None) for name in ACTION_FIELDS if "__" not in name}
    row |= {
        "decision__section": decision.section,
        "decision__number": decision.number,
        "decision__parent_id": decision.parent_id,
        "decision__parent__number": decision.parent.number if decision.parent_id else None,
        "decision__meeting__slug": decision.meeting.slug,
        "responsible__code": party.code,
    }
    row |= {f"responsible__name_{code}": getattr(party, f"name_{code}") for code in LANGUAGES}
    row["pending_reports"] = getattr(action, "pending_reports", 0)
    return row


def action_rows(rows: list[dict]) -> list[dict]:
    """`action_values` rows completed with what ActionSerializer reads: `decision`, `responsible`, `due_label`."""
    party_name = Party.__dict__["name"]  # `party.name`: the reader's language, by modeltranslation's fallbacks
    for row in rows:
        parent_number = row["decision__parent__number"] if row["decision__parent_id"] else None
        row["decision"] = {
            "id": row["decision_id"],
            "reference": item_reference(row["decision__section"], row["decision__number"], parent_number),
            "meeting": {"slug": row["decision__meeting__slug"]},
        }
        names = SimpleNamespace(**{f"name_{code}": row[f"responsible__name_{code}"] for code in LANGUAGES})
        row["responsible"] = {"code": row["responsible__code"], "name": party_name.__get__(names, Party)}
        row["due_label"] = due_format(date=row["due_date"], precision=row["due_precision"])
    return rows
