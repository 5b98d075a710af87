"""The public site's addresses (views in decisions/site/). Every list keeps its filters in the query string."""

from django.urls import path

from decisions.site import (
    actions,
    calendar,
    dashboard,
    decisions,
    exports,
    feeds,
    grid,
    in_force,
    meetings,
    parties,
    rounds,
    search,
)

app_name = "decisions"

updates_feed = feeds.UpdatesFeed()

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/<slug:slug>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<slug:slug>/report/", meetings.meeting_report, name="meeting-report"),
    path("meetings/<slug:slug>/report.pdf", meetings.meeting_report_pdf, name="meeting-report-pdf"),
    path("meetings/<slug:slug>/updates.atom", updates_feed, name="feed-meeting-updates"),
    # Before the decision page's pattern, which would read "in-force" as an item's reference.
    path("meetings/<slug:slug>/in-force/", in_force.meeting_in_force, name="meeting-in-force"),
    path("meetings/<slug:slug>/in-force.csv", in_force.meeting_in_force_export, name="meeting-in-force-export"),
    path("meetings/<slug:slug>/<str:reference>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/", decisions.decision_index, name="decision-list"),
    path("decisions/export.<str:fmt>", exports.decision_export, name="decision-export"),
    path("actions/", actions.action_index, name="action-list"),
    path("actions/export.<str:fmt>", exports.action_export, name="action-export"),
    path("actions/<int:pk>/", actions.action_detail, name="action-detail"),
    path("grid/", grid.grid, name="grid"),
    path("parties/", parties.party_index, name="party-list"),
    path("parties/<slug:code>/", parties.party_detail, name="party-detail"),
    path("parties/<slug:code>/updates.atom", updates_feed, name="feed-party-updates"),
    path("parties/<slug:code>/deadlines.ics", calendar.deadlines, name="party-calendar"),
    path("themes/", parties.theme_index, name="theme-list"),
    path("themes/<slug:slug>/", parties.theme_detail, name="theme-detail"),
    path("rounds/<int:pk>/report/", rounds.round_report, name="round-report"),
    path("rounds/<int:pk>/report.pdf", rounds.round_report_pdf, name="round-report-pdf"),
    path("search/", search.search, name="search"),
    path("updates.atom", updates_feed, name="feed-updates"),
    path("deadlines.ics", calendar.deadlines, name="calendar"),
]
