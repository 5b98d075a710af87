"""`/meetings/`, a meeting's page and its implementation report, as a page and as PDF."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from decisions.caching import cache_key_build
from decisions.models import Meeting
from decisions.selectors.pages.dates import AsOf
from decisions.selectors.pages.meetings import meeting_breakdown_get, meeting_view_get, meetings_count_statuses
from decisions.selectors.visibility import meeting_list_visible
from decisions.site.charts import DECISION_STATUSES, count_bar, status_bars
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
    context = {"meeting": meeting, "as_of": as_of, "body_key": cache_key_build(request=request, kind="meeting")}
    # Computed only when the page's body is not in the cache (templates/site/meeting_detail.html).
    context.update(lazy_context(lambda: meeting_context(request, meeting, as_of), "view", "chart"))
    return render(request, "site/meeting_detail.html", context, status=status_for(as_of.error))


def meeting_context(request: HttpRequest, meeting: Meeting, as_of: AsOf) -> dict:
    view = meeting_view_get(user=request.user, meeting=meeting, as_of=as_of)
    chart = status_bars(_("Status of this meeting's decisions"), view.status_counts, DECISION_STATUSES, width=300)
    return {"view": view, "chart": chart}


def meeting_report(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_for(request, slug)
    as_of = meeting_as_of(request, meeting)
    context = meeting_report_context(request, meeting, as_of)
    return render(request, "site/meeting_report.html", context, status=status_for(as_of.error))


def meeting_report_context(request: HttpRequest, meeting: Meeting, as_of: AsOf) -> dict:
    """What the report's body (templates/site/_meeting_report_body.html) shows, on the page and in its PDF."""
    view = meeting_view_get(user=request.user, meeting=meeting, as_of=as_of, with_updates=True)
    chart = status_bars(_("Status of this meeting's decisions"), view.status_counts, DECISION_STATUSES)
    return {"meeting": meeting, "view": view, "as_of": as_of, "chart": chart}


def meeting_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The implementation report as a PDF (decisions/site/report_pdf.py), in `?lang=` or the reader's language,
    of what this reader may see on the day asked for (`?as_of=`)."""
    meeting = meeting_for(request, slug)

    def context_build() -> dict:
        # Called inside the PDF's language: the as-of message and the chart's words are in it.
        as_of = meeting_as_of(request, meeting)
        return {
            **meeting_report_context(request, meeting, as_of),
            "report_body": "site/_meeting_report_body.html",
            "report_title": _("Implementation report") + ": " + meeting.title,
            "document_date": document_date(day=as_of.day),
        }

    return report_pdf_response(
        request=request,
        context_build=context_build,
        filename=f"{meeting.slug}-report",
        page_url=reverse("decisions:meeting-report", args=[meeting.slug]),
        status=status_for(meeting_as_of(request, meeting).error),
    )
