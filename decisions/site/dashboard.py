"""`/`: where every decision stands, at a glance — today or on a past day (`?as_of=`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from decisions.reporting.dashboard import dashboard_for
from decisions.site.charts import DECISION_STATUSES, stacked_bars, status_bars
from decisions.site.common import as_of_from, status_for


def home(request: HttpRequest) -> HttpResponse:
    as_of = as_of_from(request)
    board = dashboard_for(request.user, as_of)
    context = {
        "as_of": as_of,
        "board": board,
        "in_motion": board.overall.counts.get("in_progress", 0) + board.overall.counts.get("ongoing", 0),
        "overall_chart": status_bars(_("Status of all decisions"), board.overall.counts, DECISION_STATUSES, width=480),
        "meeting_chart": stacked_bars(
            _("Status of decisions by meeting"),
            board.by_meeting,
            DECISION_STATUSES,
            width=520,
        ),
        "theme_chart": stacked_bars(
            _("Decisions by theme"),
            board.by_theme,
            DECISION_STATUSES,
            width=760,
        ),
    }
    return render(request, "site/dashboard.html", context, status=status_for(as_of.error))
