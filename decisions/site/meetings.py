"""`/meetings/`, a meeting's page and its implementation report (a page and a PDF)."""

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from decisions.caching import cache_key_build
from decisions.models import Meeting, ReportSnapshot
from decisions.selectors.pages.dates import AsOf
from decisions.selectors.pages.implementation_report import (
    KnownAt,
    frozen_round_list,
    known_at_read,
    meeting_report_frozen_get,
    meeting_report_get,
)
from decisions.selectors.pages.meetings import meeting_breakdown_get, meeting_view_get, meetings_count_statuses
from decisions.selectors.visibility import meeting_list_visible, scope_get
from decisions.site.charts import DECISION_STATUSES, count_bar, report_status_charts, status_bars
from decisions.site.common import as_of_from, lazy_context, status_for, today
from decisions.site.report_pdf import document_date, report_pdf_response


def meeting_for(request: HttpRequest, slug: str) -> Meeting:
    """A meeting the reader may see, or a 404 that says so in the site's look."""
    meeting = meeting_list_visible(reader=request.user).select_related("host").filter(slug=slug).first()
    if meeting is None:
        raise Http404(_("There is no published meeting at this address."))
    return meeting


def meeting_as_of(request: HttpRequest, meeting: Meeting) -> AsOf:
    """The day asked for, unless the meeting had not taken place yet on it."""
    as_of = as_of_from(request)
    if as_of.historical and meeting.start_date and as_of.day < meeting.start_date:
        message = _("This meeting took place on %(start)s; on %(day)s it had decided nothing yet.") % {
            "start": meeting.start_date.isoformat(),
            "day": as_of.day.isoformat(),
        }
        return AsOf(today(), historical=False, error=message)
    return as_of


def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = meetings_count_statuses(
        meetings=meeting_list_visible(reader=request.user).select_related("host").defer("source_text")
    )
    cards = [
        (meeting, count_bar(meeting_breakdown_get(meeting=meeting).counts, DECISION_STATUSES))
        for meeting in meetings.order_by("-start_date", "-ordinal")
    ]
    return render(request, "site/meeting_list.html", {"cards": cards})


def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_for(request, slug)
    as_of = meeting_as_of(request, meeting)
    context = {
        "meeting": meeting,
        "as_of": as_of,
        "body_key": cache_key_build(request=request, kind="meeting", meeting=meeting.slug),
    }
    # Computed only when the page's body is not in the cache (templates/site/meeting_detail.html).
    context.update(lazy_context(lambda: meeting_context(request, meeting, as_of), "view", "chart"))
    return render(request, "site/meeting_detail.html", context, status=status_for(as_of.error))


def meeting_context(request: HttpRequest, meeting: Meeting, as_of: AsOf) -> dict:
    view = meeting_view_get(user=request.user, meeting=meeting, as_of=as_of)
    chart = status_bars(_("Status of this meeting's decisions"), view.status_counts, DECISION_STATUSES, width=300)
    return {"view": view, "chart": chart}


def meeting_report(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_for(request, slug)
    context = meeting_report_context(request, meeting)
    return render(request, "site/meeting_report.html", context, status=status_for(context["error"]))


@dataclass(frozen=True)
class ReportAsked:
    """Which report a request asks for: "as known at" a round (`snapshot`), else the record as of a day."""

    snapshot: ReportSnapshot | None
    as_of: AsOf
    error: str  # what was asked for that cannot be shown (the live report is shown instead, with a 400)


def report_asked_read(request: HttpRequest, meeting: Meeting) -> ReportAsked:
    """`?as_known_at=<round id>` or `?as_of=<day>`; an unknown round is a 404."""
    raw = (request.GET.get("as_known_at") or "").strip()
    known_at = known_at_read(raw=raw, meeting=meeting, scope=scope_get(user=request.user)) if raw else KnownAt()
    if known_at.missing:
        raise Http404(known_at.error)
    as_of = meeting_as_of(request, meeting)
    snapshot = known_at.snapshot
    return ReportAsked(snapshot, as_of, known_at.error or (as_of.error if snapshot is None else ""))


def meeting_report_context(request: HttpRequest, meeting: Meeting) -> dict:
    """Everything the report's body (templates/site/_meeting_report_body.html) needs, on the page and in its
    PDF, live or "as known at" a round (`?as_known_at=<round id>`). `error`: what the request asked for that
    could not be shown (the page is then a 400 showing the live report); an unknown round is a 404."""
    scope = scope_get(user=request.user)
    asked = report_asked_read(request, meeting)
    if asked.snapshot is not None:
        report = meeting_report_frozen_get(scope=scope, snapshot=asked.snapshot, meeting=meeting)
    else:
        day = asked.as_of
        report = meeting_report_get(scope=scope, meeting=meeting, day=day.day, historical=day.historical)
    return {
        "meeting": meeting,
        "report": report,
        "as_of": asked.as_of,
        "snapshot": asked.snapshot,
        "frozen_rounds": frozen_round_list(meeting=meeting),
        "charts": report_status_charts(meetings=[report.meeting] if report.meeting else []),
        "error": asked.error,
    }


def meeting_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The implementation report as a PDF (decisions/site/report_pdf.py), in `?lang=` or the reader's language,
    of what this reader may see: as known at a round (`?as_known_at=`) or on the day asked for (`?as_of=`)."""
    meeting = meeting_for(request, slug)
    asked = report_asked_read(request, meeting)

    def context_build() -> dict:
        # Called inside the PDF's language: the messages and the chart's words are in it.
        context = meeting_report_context(request, meeting)
        report = context["report"]
        title = report.meeting.title.text if report.meeting else meeting.title
        return {
            **context,
            "report_body": "site/_meeting_report_body.html",
            "report_title": _("Implementation report") + ": " + title,
            "document_date": document_date(day=report.known_on if report.frozen else context["as_of"].day),
        }

    return report_pdf_response(
        request=request,
        context_build=context_build,
        filename=f"{meeting.slug}-report",
        page_url=reverse("decisions:meeting-report", args=[meeting.slug]),
        status=status_for(asked.error),
    )
