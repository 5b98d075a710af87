"""`/api/v1/stats/`: how many decisions are in each status (and kind, and overdue) for any filter the
decisions list accepts — one aggregate query, whatever the number of decisions; with `group_by`, the same counts
per meeting, party or theme in a fixed number of queries."""

from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import MultipleChoiceFilter
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from decisions.api.conditional import if_none_match_hits, list_etag, not_modified
from decisions.api.exceptions import InvalidQuery
from decisions.api.filtering import StrictFilterBackend
from decisions.api.renderers import CSVRenderer, JSONRenderer
from decisions.api.serializers.common import LANGUAGES, links_of
from decisions.api.serializers.stats import StatsSerializer
from decisions.api.views.base import ApiMixin
from decisions.filters import GROUP_BY_DIMENSIONS, DecisionFilter, decision_group_pair_list
from decisions.models import Meeting, Theme
from decisions.rules.status import DecisionKind, DecisionStatus
from decisions.selectors import decisions_flag_overdue
from decisions.selectors.counting import status_count, status_count_columns, status_count_read
from decisions.selectors.visibility import decision_list_visible
from members.models import Party


class StatsView(ApiMixin, GenericAPIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    filter_backends = [StrictFilterBackend]
    filterset_class = DecisionFilter
    serializer_class = StatsSerializer
    filters_in_schema = True

    def get_queryset(self):
        return decisions_flag_overdue(
            decisions=decision_list_visible(reader=self.request.user), today=timezone.localdate()
        )

    def allowed_query_parameters(self):
        allowed, repeatable = super().allowed_query_parameters()
        filters = DecisionFilter.base_filters
        multiple = {name for name, f in filters.items() if isinstance(f, MultipleChoiceFilter)}
        return allowed | set(filters) | {"group_by"}, repeatable | multiple

    def group_by(self, request) -> str | None:
        value = request.query_params.get("group_by")
        if value is not None and value not in GROUP_BY_DIMENSIONS:
            message = _("Group by one of: %(names)s.") % {"names": ", ".join(GROUP_BY_DIMENSIONS)}
            raise InvalidQuery({"group_by": [message]})
        return value

    @extend_schema(
        summary="Status counts",
        description="Counts by status and kind, and how many are overdue, for the decisions that the same "
        "filters select on /decisions/ (top-level items unless `level` says otherwise).",
        parameters=[
            OpenApiParameter(
                "group_by",
                str,
                enum=list(GROUP_BY_DIMENSIONS),
                description="Also count each meeting, party or theme apart (`groups`): each group's counts equal "
                "this endpoint's with that `meeting`, `party` or `theme` filter added.",
            )
        ],
        responses=StatsSerializer,
    )
    def get(self, request):
        group_by = self.group_by(request)
        decisions = self.filter_queryset(self.get_queryset())
        etag = list_etag(request, media_format=request.accepted_renderer.format)
        if if_none_match_hits(request, etag):
            return not_modified(etag)
        query = request.query_params.copy()
        query.pop("format", None)
        query.pop("group_by", None)
        if group_by is None:
            counts = decisions.order_by().aggregate(
                count=Count("pk"),
                overdue=Count("pk", filter=Q(is_overdue=True)),
                **status_count_columns(),
                **{f"kind:{value}": Count("pk", filter=Q(kind=value)) for value in DecisionKind.values},
            )
            by_status = status_count_read(row=counts)
            data = _summary(counts, by_status, links_of({"request": request}).collection("decisions"), query)
        else:
            data = self.grouped(decisions, group_by, query)
        if group_by and request.accepted_renderer.format == "csv":
            data = {"results": data["groups"]}  # a spreadsheet of the groups, one row each
        response = Response(data)
        response["ETag"] = etag
        return response

    def grouped(self, decisions, dimension: str, query) -> dict:
        """Every count once for all the decisions, then per group, from one read of the decisions' statuses
        and one of their groups: a fixed number of queries however many groups there are."""
        rows = {pk: (status, kind, late) for pk, status, kind, late in _status_rows(decisions)}
        members: dict[str, list[int]] = {}
        for pk, key in decision_group_pair_list(decisions=decisions, dimension=dimension, user=self.request.user):
            if pk in rows:
                members.setdefault(key, []).append(pk)
        base = links_of({"request": self.request}).collection("decisions")
        data = _summary(*_tally(list(rows.values())), base, query)
        groups = []
        for key, names in _group_names(dimension, members):
            group_query = query.copy()
            group_query[dimension] = key
            summary = _summary(*_tally([rows[pk] for pk in members[key]]), base, group_query)
            groups.append({"key": key, "name": names, **summary})
        return {**data, "group_by": dimension, "groups": groups}


def _status_rows(decisions):
    return decisions.order_by().values_list("pk", "status", "kind", "is_overdue")


def _tally(rows: list[tuple[str, str, bool]]) -> tuple[dict[str, int], Counter]:
    """The counts of decisions read as (status, kind, overdue) rows: by status as everywhere (`status_count`),
    by kind and overdue beside it."""
    counts = {"count": len(rows), "overdue": sum(bool(late) for _status, _kind, late in rows)}
    kinds = Counter(kind for _status, kind, _late in rows)
    counts.update({f"kind:{value}": kinds[value] for value in DecisionKind.values})
    return counts, status_count(items=(status for status, _kind, _late in rows))


def _summary(counts: dict[str, int], by_status: Counter, base: str, query) -> dict:
    return {
        "count": counts["count"],
        "overdue": counts["overdue"],
        "by_status": {value: by_status[value] for value in DecisionStatus.values},
        "by_kind": {value: counts[f"kind:{value}"] for value in DecisionKind.values},
        "decisions_url": base + (f"?{query.urlencode()}" if query else ""),
    }


def _group_names(dimension: str, members: dict[str, list[int]]):
    """(key, {en, es} name) of each group that has decisions, in the order readers expect: meetings by date,
    parties by code, themes by name."""
    if dimension == "meeting":
        named = Meeting.objects.filter(slug__in=members).order_by("start_date", "slug")
        return [(m.slug, {code: getattr(m, f"title_{code}") or None for code in LANGUAGES}) for m in named]
    if dimension == "party":
        named = Party.objects.filter(code__in=members).order_by("code")
        return [(p.code, {code: getattr(p, f"name_{code}") or None for code in LANGUAGES}) for p in named]
    named = Theme.objects.filter(slug__in=members).order_by("name", "slug")
    return [(t.slug, {code: getattr(t, f"name_{code}") or None for code in LANGUAGES}) for t in named]
