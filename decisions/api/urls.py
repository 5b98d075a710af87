"""`/api/v1/`: the routes of the API (included from rcm/urls.py under `api/`)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from decisions.api.views.actions import ActionViewSet
from decisions.api.views.auth import ApiKeyListView, ApiKeyView, TokenView
from decisions.api.views.changes import ChangesView
from decisions.api.views.decisions import DecisionViewSet, MeetingDecisionViewSet
from decisions.api.views.in_force import InForceView
from decisions.api.views.meetings import MeetingViewSet
from decisions.api.views.problems import ProblemTypeListView, ProblemTypeView, api_not_found
from decisions.api.views.register import DocumentViewSet, PartyViewSet, ThemeViewSet
from decisions.api.views.reports import MeetingReportView, RoundFreezeView, RoundReportView
from decisions.api.views.root import ApiRootView, MeView
from decisions.api.views.rounds import (
    PacketAnswerView,
    PacketSubmitView,
    PacketView,
    RoundDetailView,
    RoundListView,
)
from decisions.api.views.stats import StatsView
from decisions.api.views.updates import ProgressUpdateViewSet

app_name = "api"
# Ids within the database's integer range (a longer number would overflow the query): any other is a 404.
ROUND = r"(?P<round_id>[0-9]{1,18})"

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register(
    r"meetings/(?P<slug>[-a-zA-Z0-9_]{1,80})/decisions", MeetingDecisionViewSet, basename="meeting-decision"
)
router.register("decisions", DecisionViewSet, basename="decision")
router.register("actions", ActionViewSet, basename="action")
router.register("progress-updates", ProgressUpdateViewSet, basename="progress-update")
router.register("parties", PartyViewSet, basename="party")
router.register("themes", ThemeViewSet, basename="theme")
router.register("documents", DocumentViewSet, basename="document")

v1 = [
    path("", ApiRootView.as_view(), name="root"),
    path("stats/", StatsView.as_view(), name="stats"),
    path("me/", MeView.as_view(), name="me"),
    path("changes/", ChangesView.as_view(), name="changes"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("auth/tokens/", ApiKeyListView.as_view(), name="api-key-list"),
    path("auth/tokens/<int:key_id>/", ApiKeyView.as_view(), name="api-key"),
    path("problems/", ProblemTypeListView.as_view(), name="problem-type-list"),
    path("problems/<slug:slug>/", ProblemTypeView.as_view(), name="problem-type"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file of its own: the site's CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^meetings/(?P<slug>[-a-zA-Z0-9_]{1,80})/in-force/$", InForceView.as_view(), name="meeting-in-force"),
    re_path(r"^meetings/(?P<slug>[-a-zA-Z0-9_]{1,80})/report/$", MeetingReportView.as_view(), name="meeting-report"),
    path("rounds/", RoundListView.as_view(), name="round-list"),
    re_path(rf"^rounds/{ROUND}/$", RoundDetailView.as_view(), name="round-detail"),
    re_path(rf"^rounds/{ROUND}/report/$", RoundReportView.as_view(), name="round-report"),
    re_path(rf"^rounds/{ROUND}/freeze/$", RoundFreezeView.as_view(), name="round-freeze"),
    re_path(rf"^rounds/{ROUND}/packet/$", PacketView.as_view(), name="round-packet"),
    re_path(
        rf"^rounds/{ROUND}/packet/answers/(?P<action_id>[0-9]{{1,18}})/$",
        PacketAnswerView.as_view(),
        name="round-packet-answer",
    ),
    re_path(rf"^rounds/{ROUND}/packet/submit/$", PacketSubmitView.as_view(), name="round-packet-submit"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include(v1)),
    re_path(r"^[\s\S]*$", api_not_found),  # any other path under /api/, newlines included
]
