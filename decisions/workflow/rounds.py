"""Reporting rounds as people work in them: a focal point's rounds and their country's packet; the Secretariat's
rounds and how complete each one is. The writes are decisions/services/rounds.py; the reads
decisions/selectors/rounds.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from decisions.models import PacketAnswer, ReportingRound
from decisions.selectors.rounds import (
    Completeness,
    PacketRow,
    packet_row_list,
    party_round_list,
    party_round_list_counted,
    round_completeness_get,
    round_list_counted,
)
from decisions.services.rounds import StaleAnswer, packet_answer_save, packet_submit
from decisions.services.snapshots import round_freeze
from decisions.workflow.round_forms import PacketRowForm
from members.models import Party
from members.roles import is_focal_point_for, is_secretariat, party_of
from rcm.numbers import id_read

SUBMITTED = PacketAnswer.State.SUBMITTED


def focal_point_party_require(request: HttpRequest) -> Party:
    """The party the signed-in focal point answers for; anyone else is refused (the packet pages and its sheet)."""
    party = party_of(user=request.user)
    if party is None or not is_focal_point_for(user=request.user, party=party):
        raise PermissionDenied  # only a party's focal points answer its packets
    return party


@login_required
def my_rounds(request: HttpRequest) -> HttpResponse:
    party = focal_point_party_require(request)
    rounds = party_round_list_counted(party=party)
    return render(request, "workflow/my_rounds.html", {"party": party, "rounds": rounds})


class Row:
    """A packet row on the page: the action, its last validated update, the answer, and the form to answer."""

    def __init__(self, row: PacketRow, data=None):
        self.action, self.last_update, self.answer = row.action, row.last_update, row.answer
        self.submitted = row.answer is not None and row.answer.state == SUBMITTED
        if data is not None and f"a{row.action.pk}-version" not in data:
            data = None  # a row the request did not send (the page changed meanwhile): shown as stored
        self.form = None if self.submitted else PacketRowForm(data, action=row.action, answer=row.answer)
        self.conflict: PacketAnswer | None = None  # another focal point's answer that refused this one
        self.saved = False

    @property
    def pk(self) -> int:
        return self.action.pk


def _grouped(rows: list[Row]) -> list[dict]:
    """Rows by meeting, then by decision, in the packet's reading order."""
    meetings: list[dict] = []
    for row in rows:
        meeting, decision = row.action.decision.meeting, row.action.decision
        if not meetings or meetings[-1]["meeting"].pk != meeting.pk:
            meetings.append({"meeting": meeting, "decisions": []})
        decisions = meetings[-1]["decisions"]
        if not decisions or decisions[-1]["decision"].pk != decision.pk:
            decisions.append({"decision": decision, "rows": []})
        decisions[-1]["rows"].append(row)
    return meetings


@login_required
@require_http_methods(["GET", "POST"])
def packet(request: HttpRequest, pk: int) -> HttpResponse:
    party = focal_point_party_require(request)
    round = get_object_or_404(party_round_list(party=party), pk=pk)
    posted = request.POST if request.method == "POST" else None
    rows = [Row(row, posted) for row in packet_row_list(round=round, party=party)]
    status = 200
    if posted is not None:
        outcome = _handle(request, round, party, rows)
        if outcome is not None:
            return outcome
        status = 400 if any(row.form and row.form.errors for row in rows) or _page_errors(request) else 200
    answered = sum(1 for row in rows if row.submitted)
    context = {
        "round": round,
        "party": party,
        "meetings": _grouped(rows),
        "row_count": len(rows),
        "submitted_count": answered,
        "draft_count": sum(1 for row in rows if row.answer is not None and not row.submitted),
        "page_errors": _page_errors(request),
        "has_errors": status == 400,
    }
    return render(request, "workflow/packet.html", context, status=status)


def _page_errors(request: HttpRequest) -> list[str]:
    return getattr(request, "_packet_errors", [])


def _handle(request: HttpRequest, round: ReportingRound, party, rows: list[Row]) -> HttpResponse | None:
    """Save the rows the button names (one, or every row with new input), then submit when asked. A redirect
    when all went through and nothing typed is left unsaved; None to show the page again, input kept."""
    by_pk = {row.pk: row for row in rows if row.form is not None and row.form.is_bound}
    one = request.POST.get("save_row") or request.POST.get("no_change")
    if one is not None:
        row = by_pk.get(id_read(raw=one))
        if row is None:
            raise Http404
        targets = [row]
    else:
        targets = [row for row in by_pk.values() if row.form.has_changed()]
    saved = [row for row in targets if _save_row(request, round, row, no_change="no_change" in request.POST)]
    if len(saved) != len(targets):
        return None
    if "submit" in request.POST:
        try:
            answers = packet_submit(round=round, party=party, by=request.user)
        except ValidationError as exc:
            request._packet_errors = exc.messages
            return None
        messages.success(
            request,
            _("Packet submitted: %(n)s answers are with the Secretariat for review.") % {"n": len(answers)},
        )
        return redirect("workflow:packet", pk=round.pk)
    if saved:
        messages.success(request, _("Draft saved. Only the focal points of your country see it until submitted."))
    unsaved = [row for row in by_pk.values() if row not in saved and row.form.has_changed()]
    if unsaved:
        return None  # other rows hold typed input: show the page again rather than lose it
    anchor = f"#row-{saved[0].pk}" if len(saved) == 1 else ""
    return redirect(reverse("workflow:packet", args=[round.pk]) + anchor)


def _save_row(request: HttpRequest, round: ReportingRound, row: Row, *, no_change: bool) -> bool:
    form = row.form
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        row.answer = packet_answer_save(
            round=round,
            action=row.action,
            by=request.user,
            kind=form.answer_kind(no_change=no_change),
            status="" if no_change else data["status"],
            note=data["note"],
            evidence_url=data["evidence_url"],
            expected_version=data["version"],
        )
    except StaleAnswer as exc:
        row.conflict = exc.current
        form.add_error(None, exc.messages[0])
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = exc.current.revision  # saving again replaces theirs, knowingly
        return False
    except ValidationError as exc:
        errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
        for field, field_errors in errors.items():
            form.add_error(field if field in form.fields else None, field_errors)
        return False
    row.saved = True
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = row.answer.revision  # shown again: the next save states this one
    return True


# --- the Secretariat ------------------------------------------------------------------------------------------


def _require_secretariat(request: HttpRequest) -> None:
    if not is_secretariat(user=request.user):
        raise PermissionDenied


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    _require_secretariat(request)
    return render(request, "workflow/round_list.html", {"rounds": round_list_counted()})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_secretariat(request)
    round = get_object_or_404(ReportingRound, pk=pk)
    completeness = round_completeness_get(round=round)
    context = {
        "round": round,
        "completeness": completeness,
        "states": Completeness,
        "answered": completeness.count(Completeness.ANSWERED),
        "partly": completeness.count(Completeness.PARTLY),
        "silent": completeness.count(Completeness.SILENT),
    }
    return render(request, "workflow/round_detail.html", context)


@login_required
@require_http_methods(["POST"])
def round_freeze_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat freezes the round's report as presented to the meeting (the page's confirmed button)."""
    _require_secretariat(request)
    round = get_object_or_404(ReportingRound, pk=pk)
    version = request.POST.get("seen_version", "")
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm: freezing cannot be undone."))
        return redirect("workflow:round-detail", pk=round.pk)
    try:
        round_freeze(round=round, by=request.user, expected_version=id_read(raw=version))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The round's report is frozen: answers are closed, and the report as known now is kept.")
        )
    return redirect("workflow:round-detail", pk=round.pk)
