"""`/`: where every decision stands, at a glance — today or on a past day (`?as_of=`).

The page is cached in parts of two kinds (templates/site/dashboard.html): statuses and deadlines, and progress
notes (the latest, and the actions with none lately). A note that sets no status leaves the first kind warm: on a
day the Secretariat publishes notes, only the notes' parts are computed again."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from decisions.caching import cache_keys_build
from decisions.selectors.pages.dashboard import dashboard_news_get, dashboard_status_get
from decisions.site.charts import DECISION_STATUSES, stacked_bars, status_bars
from decisions.site.common import as_of_from, lazy_context, status_for


def home(request: HttpRequest) -> HttpResponse:
    as_of = as_of_from(request)
    status_key, news_key = cache_keys_build(request=request, kind="dashboard")
    context = {"as_of": as_of, "status_key": status_key, "news_key": news_key}
    # Each computed only when one of its parts is not in the cache.
    names = ("board", "in_motion", "overall_chart", "meeting_chart", "theme_chart")
    context.update(lazy_context(lambda: dashboard_context(request, as_of), *names))
    context.update(lazy_context(lambda: {"news": dashboard_news_get(user=request.user, as_of=as_of)}, "news"))
    return render(request, "site/dashboard.html", context, status=status_for(as_of.error))


def dashboard_context(request: HttpRequest, as_of) -> dict:
    board = dashboard_status_get(user=request.user, as_of=as_of)
    return {
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
