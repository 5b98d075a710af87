"""The implementation report: one read model, two sources.

- **live**: the report of the current record (or of a past day with `?as_of=`: when things happened, rebuilt
  from the validated log), read from the database now;
- **frozen**: the report "as known at" a reporting round, kept in the round's `ReportSnapshot` when the
  Secretariat froze it (when the Secretariat *knew*): later reports, edits and backdated updates do not touch it.

Both go through the same two steps. `report_payload_build` (report_payload.py) writes the record as a
canonical document (plain types, ISO dates, every text in English and Spanish, every row tagged with who may
read it: a `visibility`, or a party for the completeness rows); `report_read` turns such a document into an
`ImplementationReport` for one reader, dropping the rows their scope may not read. A frozen snapshot is the
document the Secretariat's view would have read at that moment, stored; a live report is the same document
built now and never stored. So the pages, the API and a later PDF render a frozen and a live report the same
way, and the filtering by scope is decided in one place (`_visible`, from
`decisions.selectors.visibility.ReaderScope`).

Completeness per party (whether a party answered the round) is for the Secretariat and that party's focal
points (visibility.py, `reads_self_reports_of`); the per-meeting totals are part of the report presented to the
meeting and read by whoever reads that meeting.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from decisions.models import Meeting, ReportingRound, ReportSnapshot
from decisions.rules.due import due_format
from decisions.rules.status import DecisionStatus
from decisions.selectors.pages.report_payload import report_payload_build, round_payload_build
from decisions.selectors.visibility import ReaderScope, meeting_list_visible
from rcm.numbers import id_read

FALLBACKS = {"en": ("es",), "es": ("en",)}


# --- the report a reader reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A text in the reader's language (or the one it falls back to), and its `lang` when it differs."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


def _label(said: dict | str) -> str:
    """A label kept in each language (report_payload._said), in the reader's; a plain string as it is."""
    return said if isinstance(said, str) else _shown(said).text


def _shown(texts: dict, original: str = "") -> Shown:
    current = (get_language() or "en")[:2]
    for code in (current, *FALLBACKS.get(current, ())):
        if texts.get(code):
            return Shown(texts[code], "" if code == current else code)
    return Shown("", "" if not original or original == current else original)


@dataclass(frozen=True)
class ReportUpdate:
    date: datetime.date
    note: str
    visibility: str


@dataclass(frozen=True)
class ReportAction:
    id: int
    party_code: str
    party_label: str
    title: Shown
    titles: dict
    due_date: datetime.date | None
    due_precision: str
    status: str
    overdue: bool
    visibility: str
    update: ReportUpdate | None

    @property
    def due_label(self) -> str:
        return due_format(date=self.due_date, precision=self.due_precision)


@dataclass(frozen=True)
class ReportItem:
    id: int
    reference: str
    kind: str
    section: str
    status: str
    overdue: bool
    text: Shown
    texts: dict
    actions: tuple[ReportAction, ...]
    subitems: tuple["ReportItem", ...] = ()


@dataclass(frozen=True)
class MeetingReport:
    id: int
    slug: str
    title: Shown
    city: Shown
    short_label: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    items: tuple[ReportItem, ...]

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        counts = Counter(item.status for item in self.items)
        return [(status, counts[status]) for status in DecisionStatus.values if counts.get(status)]

    @property
    def total(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class PartyCompleteness:
    code: str
    name: str
    asked: int
    answered: int
    state: str


@dataclass(frozen=True)
class MeetingCompleteness:
    slug: str
    label: str
    asked: int
    answered: int
    state: str
    parties_answered: int
    parties_partly: int
    parties_silent: int


@dataclass(frozen=True)
class StatusChange:
    meeting: str
    kind: str
    id: int
    reference: str
    title: Shown
    before: str
    after: str


@dataclass(frozen=True)
class RoundFacts:
    id: int
    title: Shown
    opens_on: datetime.date | None
    closes_on: datetime.date | None


@dataclass(frozen=True)
class ImplementationReport:
    """What the report pages show one reader. `frozen` says whether it is a round's kept report (`known_on`
    the day it was frozen) or the live record (`day`, `historical` for `?as_of=`)."""

    day: datetime.date
    historical: bool
    frozen: bool
    known_on: datetime.date | None
    taken_at: datetime.datetime | None
    meetings: tuple[MeetingReport, ...]
    round: RoundFacts | None = None
    parties: tuple[PartyCompleteness, ...] = ()
    meeting_completeness: tuple[MeetingCompleteness, ...] = ()
    previous_round: RoundFacts | None = None
    previous_known_on: datetime.date | None = None
    changes: tuple[StatusChange, ...] = ()

    @property
    def meeting(self) -> MeetingReport | None:
        """The report's one meeting (a meeting's report); None when the reader may not read it."""
        return self.meetings[0] if len(self.meetings) == 1 else None


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _visible(scope: ReaderScope, row: dict) -> bool:
    """The one rule: a row is read by the scopes whose visibilities include its own."""
    return row["visibility"] in scope.visibilities


def _action(scope: ReaderScope, row: dict) -> ReportAction:
    update = next((u for u in row["updates"] if _visible(scope, u)), None)
    return ReportAction(
        id=row["id"],
        party_code=row["party"]["code"],
        party_label=_label(row["party"]["label"]),
        title=_shown(row["title"]),
        titles=row["title"],
        due_date=_date(row["due"]["date"]),
        due_precision=row["due"]["precision"],
        status=row["status"],
        overdue=row["overdue"],
        visibility=row["visibility"],
        update=ReportUpdate(_date(update["date"]), update["note"], update["visibility"]) if update else None,
    )


def _item(scope: ReaderScope, row: dict) -> ReportItem:
    return ReportItem(
        id=row["id"],
        reference=row["reference"],
        kind=row["kind"],
        section=row["section"],
        status=row["status"],
        overdue=row["overdue"],
        text=_shown(row["text"], row["original_language"]),
        texts=row["text"],
        actions=tuple(_action(scope, action) for action in row["actions"] if _visible(scope, action)),
        subitems=tuple(_item(scope, sub) for sub in row.get("subitems", ())),
    )


def _meeting(scope: ReaderScope, row: dict) -> MeetingReport:
    return MeetingReport(
        id=row["id"],
        slug=row["slug"],
        title=_shown(row["title"]),
        city=_shown(row["city"]),
        short_label=_label(row["short_label"]),
        start_date=_date(row["start_date"]),
        end_date=_date(row["end_date"]),
        items=tuple(_item(scope, item) for item in row["items"]),
    )


def _round(row: dict | None) -> RoundFacts | None:
    if row is None:
        return None
    return RoundFacts(row["id"], _shown(row["title"]), _date(row.get("opens_on")), _date(row.get("closes_on")))


def report_read(
    *,
    payload: dict,
    scope: ReaderScope,
    snapshot: ReportSnapshot | None = None,
    meeting_id: int | None = None,
    withdrawn: frozenset[int] = frozenset(),
) -> ImplementationReport:
    """The report a document holds, as `scope` may read it (only `meeting_id`'s part when given; without the
    `withdrawn` meetings, which this reader may no longer read). Reads nothing from the database: a frozen report
    stays what it was whatever the record says now.

    The round's completeness is the Secretariat's, as on its round page: a party's own row is also read by its
    focal points (`reads_self_reports_of`); the per-meeting tallies, counted over actions some readers may not
    see and few enough parties to tell one party's answer, by the Secretariat alone."""
    meetings = [m for m in payload["meetings"] if _visible(scope, m) and m["id"] not in withdrawn]
    if meeting_id is not None:
        meetings = [m for m in meetings if m["id"] == meeting_id]
    shown = {m["slug"] for m in meetings}
    labels = {m["slug"]: _label(m["short_label"]) for m in meetings}
    completeness = payload.get("completeness") or {"parties": [], "meetings": []}
    changes = payload.get("changes") or {"previous": None, "rows": []}
    return ImplementationReport(
        day=_date(payload["day"]),
        historical=payload["historical"],
        frozen=snapshot is not None,
        known_on=snapshot.known_on if snapshot is not None else None,
        taken_at=snapshot.taken_at if snapshot is not None else None,
        meetings=tuple(_meeting(scope, m) for m in meetings),
        round=_round(payload.get("round")),
        parties=tuple(
            PartyCompleteness(row["code"], _label(row["name"]), row["asked"], row["answered"], row["state"])
            for row in completeness["parties"]
            if scope.reads_self_reports_of(row["party_id"])
        ),
        meeting_completeness=tuple(
            MeetingCompleteness(
                row["slug"],
                labels[row["slug"]],
                row["asked"],
                row["answered"],
                row["state"],
                row["parties_answered"],
                row["parties_partly"],
                row["parties_silent"],
            )
            for row in completeness["meetings"]
            if row["slug"] in shown and scope.is_secretariat
        ),
        previous_round=_round(changes["previous"]),
        previous_known_on=_date((changes["previous"] or {}).get("known_on")),
        changes=tuple(
            StatusChange(
                row["meeting"],
                row["kind"],
                row["id"],
                row["reference"],
                _shown(row["title"]),
                row["before"],
                row["after"],
            )
            for row in changes["rows"]
            if row["meeting"] in shown and _visible(scope, row)
        ),
    )


# --- the entry points -----------------------------------------------------------------------------------------


def meeting_report_get(
    *, scope: ReaderScope, meeting: Meeting, day: datetime.date, historical: bool = False
) -> ImplementationReport:
    """A meeting's live report on `day` (today, or a past day rebuilt from the validated log)."""
    payload = report_payload_build(meetings=[meeting], day=day, historical=historical)
    return report_read(payload=payload, scope=scope)


def meeting_report_frozen_get(
    *, scope: ReaderScope, snapshot: ReportSnapshot, meeting: Meeting
) -> ImplementationReport:
    """A meeting's report as known when the snapshot's round was frozen (the meeting found by its id, which an
    edit cannot change)."""
    return report_read(payload=snapshot.payload, scope=scope, snapshot=snapshot, meeting_id=meeting.pk)


def round_report_get(*, scope: ReaderScope, round: ReportingRound, day: datetime.date) -> ImplementationReport:
    """A round's report: the frozen one when the round is frozen, else the live one of `day`. A meeting of a
    frozen report that was withdrawn since (unpublished) is left out for everyone but the Secretariat: freezing
    keeps what was known, not a right to read what has been withdrawn."""
    snapshot = snapshot_of(round=round)
    if snapshot is None:
        return report_read(payload=round_payload_build(round=round, day=day), scope=scope)
    withdrawn: frozenset[int] = frozenset()
    if not scope.is_secretariat:
        kept = {m["id"] for m in snapshot.payload["meetings"]}
        readable = set(meeting_list_visible(reader=scope).filter(pk__in=kept).values_list("pk", flat=True))
        withdrawn = frozenset(kept - readable)
    return report_read(payload=snapshot.payload, scope=scope, snapshot=snapshot, withdrawn=withdrawn)


def round_report_readable(*, round_id: int, scope: ReaderScope) -> ReportingRound | None:
    """The round whose report this reader may read: a frozen one (its snapshot kept), anyone; any round, the
    Secretariat. "Frozen" is said by the snapshot, the thing a frozen report is read from."""
    round = ReportingRound.objects.filter(pk=round_id).select_related("snapshot").first()
    if round is None or not (scope.is_secretariat or snapshot_of(round=round) is not None):
        return None
    return round


def snapshot_of(*, round: ReportingRound) -> ReportSnapshot | None:
    """The round's kept report, None before its freeze: no query when the round was read with its snapshot."""
    try:
        return round.snapshot
    except ReportSnapshot.DoesNotExist:
        return None


def frozen_round_list(*, meeting: Meeting) -> list[ReportingRound]:
    """The frozen rounds that cover this meeting, the latest frozen first: its reports "as known at"."""
    return list(
        ReportingRound.objects.filter(meetings=meeting, snapshot__isnull=False)
        .select_related("snapshot")
        .order_by("-frozen_at", "-pk")
    )


def snapshot_covers(*, snapshot: ReportSnapshot, meeting: Meeting) -> bool:
    """Whether the frozen report holds this meeting: said by what was kept, not by the round's meetings now."""
    return any(kept["id"] == meeting.pk for kept in snapshot.payload["meetings"])


@dataclass(frozen=True)
class KnownAt:
    """What `?as_known_at=` named: the frozen report, or why none can be shown (`missing`: no such round)."""

    snapshot: ReportSnapshot | None = None
    error: str = ""
    missing: bool = False


def known_at_read(*, raw: str, meeting: Meeting, scope: ReaderScope) -> KnownAt:
    """Read `?as_known_at=<round id>` for a meeting's report: the round must exist (else `missing`), be frozen
    and cover the meeting; anything else is an error that says why, never an exception. A round not frozen yet is
    the Secretariat's work in progress: to anyone else it does not exist (neither its title nor its number)."""
    raw = raw.strip()
    round_id = id_read(raw=raw)
    if round_id is None:
        return KnownAt(error=_("“%(value)s” is not a reporting round: give the round's number.") % {"value": raw[:40]})
    round = round_report_readable(round_id=round_id, scope=scope)
    if round is None:
        return KnownAt(error=_("There is no reporting round %(id)s.") % {"id": raw}, missing=True)
    snapshot = snapshot_of(round=round)
    if snapshot is None:
        return KnownAt(
            error=_("The report of “%(round)s” is not frozen yet: the live report is shown.") % {"round": round}
        )
    if not snapshot_covers(snapshot=snapshot, meeting=meeting):
        return KnownAt(error=_("“%(round)s” does not cover this meeting: the live report is shown.") % {"round": round})
    return KnownAt(snapshot=snapshot)
