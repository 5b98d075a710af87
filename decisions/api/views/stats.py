"""`/api/v1/stats/`: how many decisions are in each status (and kind, and overdue) for any filter the
decisions list accepts — one aggregate query, whatever the number of decisions."""

from django.db.models import Count, Q
from django.utils import timezone
from django_filters import MultipleChoiceFilter
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from decisions.api.conditional import if_none_match_hits, list_etag, not_modified
from decisions.api.filtering import StrictFilterBackend
from decisions.api.filtersets import DecisionFilter
from decisions.api.renderers import CSVRenderer
from decisions.api.serializers.common import links_of
from decisions.api.serializers.stats import StatsSerializer
from decisions.api.views.base import ApiMixin
from decisions.selectors import with_overdue_flag
from decisions.status import DecisionKind, DecisionStatus
from decisions.visibility import decisions_for


class StatsView(ApiMixin, GenericAPIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    filter_backends = [StrictFilterBackend]
    filterset_class = DecisionFilter
    serializer_class = StatsSerializer
    filters_in_schema = True

    def get_queryset(self):
        return with_overdue_flag(decisions_for(self.request.user), timezone.localdate())

    def allowed_query_parameters(self):
        allowed, repeatable = super().allowed_query_parameters()
        filters = DecisionFilter.base_filters
        multiple = {name for name, f in filters.items() if isinstance(f, MultipleChoiceFilter)}
        return allowed | set(filters), repeatable | multiple

    @extend_schema(
        summary="Status counts",
        description="Counts by status and kind, and how many are overdue, for the decisions that the same "
        "filters select on /decisions/ (top-level items unless `level` says otherwise).",
        responses=StatsSerializer,
    )
    def get(self, request):
        decisions = self.filter_queryset(self.get_queryset())
        etag = list_etag(request, media_format=request.accepted_renderer.format)
        if if_none_match_hits(request, etag):
            return not_modified(etag)
        counts = decisions.order_by().aggregate(
            count=Count("pk"),
            overdue=Count("pk", filter=Q(is_overdue=True)),
            **{f"status:{value}": Count("pk", filter=Q(status=value)) for value in DecisionStatus.values},
            **{f"kind:{value}": Count("pk", filter=Q(kind=value)) for value in DecisionKind.values},
        )
        query = request.query_params.copy()
        query.pop("format", None)
        data = {
            "count": counts["count"],
            "overdue": counts["overdue"],
            "by_status": {value: counts[f"status:{value}"] for value in DecisionStatus.values},
            "by_kind": {value: counts[f"kind:{value}"] for value in DecisionKind.values},
            "decisions_url": links_of({"request": request}).collection("decisions")
            + (f"?{query.urlencode()}" if query else ""),
        }
        response = Response(data)
        response["ETag"] = etag
        return response
