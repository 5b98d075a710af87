"""The implementation report as a canonical document: what a live report is read from, and what a frozen round
keeps (`ReportSnapshot.payload`). Plain JSON types, ISO dates, every text in English and Spanish (`{"en", "es"}`),
deadlines as their parts (the words are made when read, in the reader's language), and every row tagged with who
may read it — a `visibility` (an action's, an update's; a meeting's is `public` once published, else
`secretariat`), or a party for the completeness rows. It is the record as the Secretariat reads it; readers get
it filtered by their scope when it is read (implementation_report.py, `report_read`)."""

import datetime

from django.utils import translation

from decisions.models import Action, Decision, Meeting, ProgressUpdate, ReportingRound, ReportSnapshot
from decisions.models.actions import Visibility
from decisions.selectors.pages.board import board_build
from decisions.selectors.rounds import round_completeness_get

PAYLOAD_FORMAT = 1
LANGUAGES = ("en", "es")


def _texts(obj, field: str) -> dict[str, str]:
    return {code: getattr(obj, f"{field}_{code}", None) or "" for code in LANGUAGES}


def _said(obj, attribute: str) -> dict[str, str]:
    """A label the model words in the active language (a party's short name, "IX 2004", "RCGM San José 2005"),
    kept in each language: a frozen report is read in either."""
    said = {}
    for code in LANGUAGES:
        with translation.override(code):
            said[code] = str(getattr(obj, attribute))
    return said


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _meeting_visibility(meeting: Meeting) -> str:
    # A meeting not published is the Secretariat's alone, and so is everything in it.
    return str(Visibility.PUBLIC) if meeting.is_published else str(Visibility.SECRETARIAT)


def _latest_updates(meetings: list[Meeting], day: datetime.date) -> dict[int, list[dict]]:
    """For each action of the meetings, its latest validated update dated on or before `day` of each visibility,
    latest first: whoever reads the report gets the latest one their scope may read. One query."""
    updates = (
        ProgressUpdate.objects.filter(
            action__decision__meeting__in=meetings, review_state=ProgressUpdate.Review.VALIDATED, date__lte=day
        )
        .order_by("date", "created_at", "pk")
        .values_list("action_id", "visibility", "date", "note")
    )
    latest: dict[int, dict[str, tuple[int, dict]]] = {}
    for seq, (action_id, visibility, date, note) in enumerate(updates):
        # In the log's order: a later update of the same visibility replaces the earlier one.
        latest.setdefault(action_id, {})[visibility] = (
            seq,
            {"date": date.isoformat(), "note": note, "visibility": visibility},
        )
    return {
        action_id: [update for _seq, update in sorted(kept.values(), key=lambda pair: pair[0], reverse=True)]
        for action_id, kept in latest.items()
    }


def _meeting_documents(meetings: list[Meeting], day: datetime.date, historical: bool) -> list[dict]:
    """Each meeting's part of the report: its header, its items in reading order with their status on `day`,
    each item's actions with their last validated updates. Four queries (five for a past day), whatever the
    number of meetings."""
    decisions = list(
        Decision.objects.filter(meeting__in=meetings).select_related("parent").order_by("meeting", "position", "pk")
    )
    board = board_build(decisions=decisions, day=day, historical=historical)
    board.dress(decisions)
    actions = board.dress(
        Action.objects.filter(decision__meeting__in=meetings)
        .select_related("responsible")
        .order_by("decision__position", "pk")
    )
    updates = _latest_updates(meetings, day)
    actions_of: dict[int, list[dict]] = {}
    for action in actions:
        party = action.responsible
        actions_of.setdefault(action.decision_id, []).append(
            {
                "id": action.pk,
                "party": {"id": party.pk, "code": party.code, "label": _said(party, "short_label")},
                "title": _texts(action, "title"),
                "due": {"date": _iso(action.due_date), "precision": action.due_precision},
                "status": action.shown_status,
                "overdue": bool(action.shown_overdue),
                "visibility": action.visibility,
                "updates": updates.get(action.pk, []),
            }
        )

    def item(decision: Decision) -> dict:
        return {
            "id": decision.pk,
            "reference": decision.reference,
            "kind": decision.kind,
            "section": decision.section,
            "status": decision.shown_status,
            "overdue": bool(decision.shown_overdue),
            "text": _texts(decision, "text"),
            "original_language": decision.original_language,
            "actions": actions_of.get(decision.pk, []),
        }

    items_of: dict[int, list[dict]] = {}
    by_id = {}
    for decision in decisions:
        if decision.parent_id is None:
            by_id[decision.pk] = {**item(decision), "subitems": []}
            items_of.setdefault(decision.meeting_id, []).append(by_id[decision.pk])
    for decision in decisions:
        if decision.parent_id is not None and decision.parent_id in by_id:
            by_id[decision.parent_id]["subitems"].append(item(decision))
    return [_meeting_header(meeting, items_of.get(meeting.pk, [])) for meeting in meetings]


def _meeting_header(meeting: Meeting, items: list[dict]) -> dict:
    return {
        "id": meeting.pk,
        "slug": meeting.slug,
        "visibility": _meeting_visibility(meeting),
        "title": _texts(meeting, "title"),
        "city": _texts(meeting, "city"),
        "short_label": _said(meeting, "short_label"),
        "start_date": _iso(meeting.start_date),
        "end_date": _iso(meeting.end_date),
        "items": items,
    }


def report_payload_build(*, meetings: list[Meeting], day: datetime.date, historical: bool = False) -> dict:
    """The report of these meetings as the Secretariat reads it on `day`, as a canonical document."""
    return {
        "format": PAYLOAD_FORMAT,
        "day": day.isoformat(),
        "historical": historical,
        "meetings": _meeting_documents(list(meetings), day, historical),
    }


def _completeness_document(round: ReportingRound) -> dict:
    completeness = round_completeness_get(round=round)
    return {
        "parties": [
            {
                "party_id": tally.party.pk,
                "code": tally.party.code,
                "name": _said(tally.party, "name"),
                "asked": tally.asked,
                "answered": tally.answered,
                "state": str(tally.state),
            }
            for tally in completeness.parties
        ],
        "meetings": [
            {
                "slug": tally.meeting.slug,
                "asked": tally.asked,
                "answered": tally.answered,
                "state": str(tally.state),
                "parties_answered": tally.parties_answered,
                "parties_partly": tally.parties_partly,
                "parties_silent": tally.parties_silent,
            }
            for tally in completeness.meetings
        ],
    }


def _statuses(document: dict) -> dict[tuple[str, int], str]:
    found = {}
    for meeting in document["meetings"]:
        for item in meeting["items"]:
            for row in (item, *item["subitems"]):
                found[("decision", row["id"])] = row["status"]
                for action in row["actions"]:
                    found[("action", action["id"])] = action["status"]
    return found


def _changes_document(previous: ReportSnapshot | None, document: dict) -> dict:
    """The status changes of the items and actions both reports show, from the previous frozen round's report
    to this one, each tagged with who may read it."""
    if previous is None:
        return {"previous": None, "rows": []}
    before = _statuses(previous.payload)
    rows = []
    for meeting in document["meetings"]:
        for item in meeting["items"]:
            for row in (item, *item["subitems"]):
                old = before.get(("decision", row["id"]))
                if old is not None and old != row["status"]:
                    rows.append(_change(meeting, "decision", row["id"], row["reference"], {}, old, row["status"]))
                for action in row["actions"]:
                    old = before.get(("action", action["id"]))
                    if old is not None and old != action["status"]:
                        change = _change(meeting, "action", action["id"], row["reference"], action["title"], old, "")
                        change["after"], change["visibility"] = action["status"], action["visibility"]
                        rows.append(change)
    round = previous.round
    return {
        "previous": {"id": round.pk, "title": _texts(round, "title"), "known_on": previous.known_on.isoformat()},
        "rows": rows,
    }


def _change(meeting: dict, kind: str, pk: int, reference: str, title: dict, before: str, after: str) -> dict:
    return {
        "meeting": meeting["slug"],
        "meeting_visibility": meeting["visibility"],
        "kind": kind,
        "id": pk,
        "reference": reference,
        "title": title,
        "before": before,
        "after": after,
        "visibility": meeting["visibility"],
    }


def previous_snapshot_get(*, round: ReportingRound) -> ReportSnapshot | None:
    """The report of the latest round frozen before this one (or, for a round not frozen, the latest frozen)
    that covers at least one of its meetings."""
    others = ReportSnapshot.objects.filter(round__meetings__in=round.meetings.all()).exclude(round=round)
    if round.frozen_at is not None:
        others = others.filter(taken_at__lt=round.frozen_at)
    return others.select_related("round").order_by("-taken_at", "-pk").distinct().first()


def round_payload_build(*, round: ReportingRound, day: datetime.date) -> dict:
    """The report of a round as the Secretariat reads it on `day`: the covered meetings' report, the round's
    completeness and the changes since the previous frozen round. What a freeze stores."""
    meetings = list(round.meetings.order_by("start_date", "pk"))
    document = report_payload_build(meetings=meetings, day=day)
    document["round"] = {
        "id": round.pk,
        "title": _texts(round, "title"),
        "opens_on": _iso(round.opens_on),
        "closes_on": _iso(round.closes_on),
    }
    document["completeness"] = _completeness_document(round)
    document["changes"] = _changes_document(previous_snapshot_get(round=round), document)
    return document
