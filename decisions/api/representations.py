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
from django.utils.functional import cached_property

from decisions.models import Action, Decision, DecisionParty, item_reference
from decisions.rules.due import due_format
from decisions.rules.status import owed_is_overdue
from decisions.selectors.expressions import IdIn
from decisions.selectors.prepared import Prepared, Slot, compile_count, compile_rows, prepared
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
    "owed_due_date",
    "due_date",
    "due_precision",
    "due_text",
    "updated_at",
    *(f"text_{code}" for code in LANGUAGES),
)
# The overdue flag is not read: DecisionRows judges each row's kept earliest deadline still owed against the
# day (`rules.status.owed_is_overdue`, the rule `DecisionQuerySet.with_overdue_flag` writes in SQL), which
# costs no query. A single instance brings its flag annotated (`decision_row_of`).
CHILD_FIELDS = tuple(name for name in ROW_FIELDS if not name.startswith(("meeting__", "parent__")))
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


# What a prepared read (selectors.prepared) is given each time: a page's ids.
IDS = Slot("ids")


class _Composed(threading.local):
    """Querysets composed once per thread and kept unevaluated (see `composed_once`)."""

    LIMIT = 64

    def __init__(self):
        self.querysets: dict[tuple, QuerySet] = {}


_composed = _Composed()


def composed_once(compose: Callable[..., QuerySet], **arguments: Hashable) -> QuerySet:
    """`compose(**arguments)` (a pure function of hashable arguments: a reader's scope, a day), composed once per
    thread and cloned for each use. Composing a list's query — its annotations, the visibility rules — costs
    Django more than running it for a page, and it is the same query all day for every reader of
    one scope. The kept queryset is never evaluated, only cloned (`.all()`); kept per thread because compiling
    a query touches its parts' alias counts, so two threads never compile one object at once."""
    key = (compose, *sorted(arguments.items()))
    queryset = _composed.querysets.get(key)
    if queryset is None:
        if len(_composed.querysets) >= _Composed.LIMIT:
            _composed.querysets.clear()
        queryset = _composed.querysets[key] = compose(**arguments)
    return queryset.all()


def decision_values(
    decisions: Callable[[], QuerySet[Decision]], *, shape: Hashable | None = None
) -> "RowsCountedApart":
    """The decisions `decisions()` lists (called when first read), as the rows DecisionRows completes (their
    `is_overdue` included)."""
    return RowsCountedApart(listed=decisions, shape=shape, values=lambda listed: listed.values(*ROW_FIELDS))


class ListedRows:
    """Rows sliced as the paginator (or a CSV's chunks) slices a queryset, counted and ordered as the list they
    come from: the queryset `listed()` builds, when it is first needed. Each kind says how a slice's rows are read
    (`rows_of`), from the queryset of the list's rows (`values(listed)`).

    With a `shape` (a key naming everything the list's query depends on: the view, the reader's scope, the day,
    the request's ordering) the count's and each slice's SQL is compiled once per thread and shape and reused
    (selectors.prepared), and the list's queryset is never built again: a list computed afresh after each write
    is the same SQL all day for every reader of one scope. Without one, each read is compiled as it comes."""

    def __init__(
        self, *, listed: Callable[[], QuerySet], values: Callable[[QuerySet], QuerySet], shape: Hashable | None
    ):
        self.build, self.values, self.shape = listed, values, shape

    @cached_property
    def listed(self) -> QuerySet:
        return self.build()

    @property
    def ordered(self) -> bool | None:
        """As `QuerySet.ordered` (the paginator warns when a list is not); unknown (None, so not checked) until the
        queryset is built: a list with a shape is built once, by its first reader, and always ordered (the views
        end every ordering in a unique key)."""
        return self.__dict__["listed"].ordered if "listed" in self.__dict__ else None

    def read(
        self, part: Hashable, build: Callable[[], QuerySet], compile: Callable[..., Prepared] = compile_rows
    ) -> Prepared:
        """The read `part` of this list: kept under the list's shape, or compiled for this read alone."""
        if self.shape is None:
            return compile(queryset=build())
        return prepared(key=(self.shape, part), build=build, compile=compile)

    def count(self) -> int:
        return self.read("count", lambda: self.listed, compile_count).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError(f"{type(self).__name__} is read a slice at a time")
        return self.rows_of(index)

    def rows_of(self, index: slice) -> list[dict]:
        raise NotImplementedError


class RowsCountedApart(ListedRows):
    """`.values()` rows, counted as the list itself: counted as rows, the count kept the joins their columns read
    (the meeting's slug, the parent's number) and read two more tables for every visible item (4 → 0.6 ms at ten
    times the RCM's history)."""

    def rows_of(self, index: slice) -> list[dict]:
        return self.read(("page", index.start, index.stop), lambda: self.values(self.listed)[index]).dicts()


def action_values(actions: Callable[[], QuerySet[Action]], *, shape: Hashable | None = None) -> "RowsByKeys":
    """The actions `actions()` lists (querysets.action_list, ordered) as the rows `action_rows` completes, read a
    slice at a time by their keys (`RowsByKeys`)."""
    return RowsByKeys(listed=actions, shape=shape, values=lambda listed: listed.values(*ACTION_FIELDS))


class RowsByKeys(ListedRows):
    """Rows read a slice at a time by their keys: a slice's primary keys are read first, in the list's order, then
    those rows alone. Sorting only keys is what keeps PostgreSQL from carrying every visible action's wide row
    (titles and descriptions in both languages) through the joins and the sort to keep a hundred: the action
    list's page at factor 10, 65 → 30 ms there (SQLite, which sorts before it reads the columns, the same either
    way)."""

    def rows_of(self, index: slice) -> list[dict]:
        keys = self.read(("keys", index.start, index.stop), lambda: self.listed.values_list("pk")[index]).rows()
        ids = [key for (key,) in keys]
        if not ids:
            return []
        rows = self.read("rows", lambda: self.values(self.listed.order_by().filter(IdIn("id", IDS)))).dicts(ids=ids)
        by_id = {row["id"]: row for row in rows}
        return [by_id[pk] for pk in ids if pk in by_id]  # a row deleted between the two reads is left out


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
        for row in rows:
            if "is_overdue" not in row:
                row["is_overdue"] = owed_is_overdue(owed_due_date=row["owed_due_date"], today=self.today)
            _complete(row)
            row["themes"] = themes.get(row["id"], [])
            row["party_roles"] = parties.get(row["id"], [])
            row["children"] = [_complete_child(child, row, self.today) for child in children.get(row["id"], [])]
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


def _complete_child(row: dict, parent: dict, today: datetime.date) -> dict:
    row["is_overdue"] = owed_is_overdue(owed_due_date=row["owed_due_date"], today=today)
    row["reference"] = item_reference(parent["section"], row["number"], parent["number"])
    row["due_label"] = due_format(date=row["due_date"], precision=row["due_precision"])
    return row


def _themes(ids: list[int]) -> dict[int, list[str]]:
    found = defaultdict(list)
    for decision_id, slug in prepared(key="decision-themes", build=_themes_query).rows(ids=ids):
        found[decision_id].append(slug)
    return found


def _themes_query() -> QuerySet:
    through = Decision.themes.through.objects.filter(IdIn("decision_id", IDS))
    return through.order_by("theme__name", "theme__slug").values_list("decision_id", "theme__slug")


def _parties(ids: list[int]) -> dict[int, list[dict]]:
    found = defaultdict(list)
    for decision_id, code, role in prepared(key="decision-parties", build=_parties_query).rows(ids=ids):
        found[decision_id].append({"party": {"code": code}, "role": role})
    return found


def _parties_query() -> QuerySet:
    roles = DecisionParty.objects.filter(IdIn("decision_id", IDS)).order_by("role", "party__code")
    return roles.values_list("decision_id", "party__code", "role")


def _children(ids: list[int]) -> dict[int, list[dict]]:
    """The sub-items' rows by parent."""
    found = defaultdict(list)
    for row in prepared(key="decision-children", build=_children_query).dicts(ids=ids):
        found[row["parent_id"]].append(row)
    return found


def _children_query() -> QuerySet:
    return Decision.objects.filter(IdIn("parent_id", IDS)).order_by("position", "id").values(*CHILD_FIELDS)


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
