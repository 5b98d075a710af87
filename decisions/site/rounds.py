"""`/rounds/<id>/report/`: a reporting round's implementation report — every covered meeting's report, the
round's completeness and the changes since the previous frozen round. Frozen ("as presented to the meeting")
once the Secretariat froze the round, and then read by anyone, filtered by their scope; before that the live
report, for the Secretariat alone (the round is its work in progress)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from decisions.models import ReportingRound
from decisions.selectors.pages.implementation_report import round_report_get, round_report_readable
from decisions.selectors.visibility import scope_get
from decisions.site.charts import report_status_charts
from decisions.site.common import today
from decisions.site.report_pdf import document_date, report_pdf_response


def round_for(request: HttpRequest, pk: int) -> ReportingRound:
    """A round whose report the reader may read: a frozen one, or any for the Secretariat; else a 404."""
    round = round_report_readable(round_id=pk, scope=scope_get(user=request.user))
    if round is None:
        raise Http404(_("There is no frozen round report at this address."))
    return round


def round_report(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_for(request, pk)
    return render(request, "site/round_report.html", round_report_context(request, round))


def round_report_context(request: HttpRequest, round: ReportingRound) -> dict:
    """Everything templates/site/round_report.html needs, for any view that renders it."""
    report = round_report_get(scope=scope_get(user=request.user), round=round, day=today())
    return {"round": round, "report": report, "charts": report_status_charts(meetings=report.meetings)}


def round_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's implementation report as a PDF (decisions/site/report_pdf.py), in `?lang=` or the reader's
    language, to the readers of its page."""
    round = round_for(request, pk)

    def context_build() -> dict:
        context = round_report_context(request, round)  # inside the PDF's language
        report = context["report"]
        return {
            **context,
            "report_body": "site/_round_report_body.html",
            "report_title": _("Implementation report") + ": " + report.round.title.text,
            "document_date": document_date(day=report.known_on if report.frozen else report.day),
        }

    return report_pdf_response(
        request=request,
        context_build=context_build,
        filename=f"round-{round.pk}-report",
        page_url=reverse("decisions:round-report", args=[round.pk]),
    )
