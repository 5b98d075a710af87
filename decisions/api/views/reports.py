"""Implementation reports in the API, from the same read model as the pages
(decisions/selectors/pages/implementation_report.py):

- `GET /api/v1/meetings/<slug>/report/`: a meeting's report now, or `?as_known_at=<round id>` as known when that
  round was frozen (byte for byte the same answer, whatever is reported later);
- `GET /api/v1/rounds/<id>/report/`: a round's report — frozen, for anyone (filtered by their scope); not frozen
  yet, for the Secretariat alone (404 for anyone else, as a round they may not see);
- `POST /api/v1/rounds/<id>/freeze/`: the Secretariat freezes it (409 when frozen already or never opened)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ErrorDetail, ValidationError

from decisions.api.exceptions import InvalidQuery, service_error
from decisions.api.permissions import IsSecretariat
from decisions.api.serializers.reports import ImplementationReportSerializer, RoundReportSerializer
from decisions.api.views.base import ApiView, conditional_response
from decisions.models import ReportingRound
from decisions.selectors.pages.implementation_report import (
    known_at_read,
    meeting_report_frozen_get,
    meeting_report_get,
    round_report_get,
    round_report_readable,
)
from decisions.selectors.visibility import meeting_list_visible, scope_get
from decisions.services.snapshots import round_freeze

SLUG = OpenApiParameter(
    "slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The meeting's slug (`ix-panama-city-2004`)."
)
ROUND_ID = OpenApiParameter("round_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The round's id.")
AS_KNOWN_AT = OpenApiParameter(
    "as_known_at",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    description="A frozen round's id: the report as the Secretariat knew it when that round was frozen (the "
    "round must cover this meeting). Left out: the report now.",
)


class MeetingReportView(ApiView):
    extra_query_parameters = ("as_known_at",)

    @extend_schema(
        summary="A meeting's implementation report",
        description="Its commitments and decisions with their status, each item's actions with their status, "
        "deadline and last validated progress report you may read. With `as_known_at`, the report as it was when "
        "that round was frozen (`frozen` true, `known_on` the day): later reports, edits and backdated updates do "
        "not change it. A value that is not a number, a round not frozen or not covering the meeting: 400; an "
        "unknown round: 404.",
        parameters=[SLUG, AS_KNOWN_AT],
        responses=ImplementationReportSerializer,
        tags=["meetings"],
    )
    def get(self, request, slug: str):
        meeting = get_object_or_404(meeting_list_visible(reader=request.user), slug=slug[:80])
        scope = scope_get(user=request.user)
        raw = request.query_params.get("as_known_at")
        if raw is not None:
            known_at = known_at_read(raw=raw, meeting=meeting, scope=scope)
            if known_at.missing:
                raise Http404(known_at.error)
            if known_at.error:
                raise InvalidQuery({"as_known_at": [known_at.error]})
            report = meeting_report_frozen_get(scope=scope, snapshot=known_at.snapshot, meeting=meeting)
        else:
            report = meeting_report_get(scope=scope, meeting=meeting, day=timezone.localdate())
        data = ImplementationReportSerializer(report, context={"request": request}).data
        return conditional_response(request, data)


def _readable_round(request, round_id: str) -> ReportingRound:
    round = round_report_readable(round_id=int(round_id), scope=scope_get(user=request.user))
    if round is None:
        raise Http404
    return round


class RoundReportView(ApiView):
    @extend_schema(
        summary="A reporting round's implementation report",
        description="Every covered meeting's report, the round's completeness per meeting (and per party, for the "
        "Secretariat and each party's own focal points) and the status changes since the previous frozen round. "
        "Frozen (`frozen` true) once the Secretariat froze the round: anyone reads it then, filtered by what "
        "they may see. Before that, the live report for the Secretariat alone (404 for anyone else).",
        parameters=[ROUND_ID],
        responses=RoundReportSerializer,
        tags=["rounds"],
    )
    def get(self, request, round_id: str):
        round = _readable_round(request, round_id)
        report = round_report_get(scope=scope_get(user=request.user), round=round, day=timezone.localdate())
        return conditional_response(request, RoundReportSerializer(report, context={"request": request}).data)


class RoundFreezeView(ApiView):
    permission_classes = [IsSecretariat]
    http_method_names = ["post", "options"]
    state_conflicts = True

    @extend_schema(
        summary="Freeze a round's report",
        description="The Secretariat keeps the round's report as known now, as presented to the meeting: answers "
        "stop, and the round's report (and each covered meeting's report with `as_known_at`) is the same from then "
        "on. 409 when it is frozen already or the round was never opened. Returns the frozen report.",
        parameters=[ROUND_ID],
        request=None,
        responses=RoundReportSerializer,
        tags=["rounds"],
    )
    def post(self, request, round_id: str):
        round = get_object_or_404(ReportingRound, pk=round_id)
        if request.data:
            raise ValidationError(
                {"non_field_errors": [ErrorDetail(_("This endpoint takes no body."), code="no_body")]}
            )
        try:
            round_freeze(round=round, by=request.user)
        except DjangoValidationError as exc:
            raise service_error(exc) from exc
        report = round_report_get(scope=scope_get(user=request.user), round=round, day=timezone.localdate())
        return conditional_response(request, RoundReportSerializer(report, context={"request": request}).data)
