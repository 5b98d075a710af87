"""`/api/v1/meetings/<slug>/in-force/`: the decisions in force after a meeting (decisions/selectors/pages/in_force.py),
grouped by theme, in JSON or as CSV (one row per item and theme)."""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from decisions.api.conditional import if_none_match_hits, list_etag, not_modified
from decisions.api.renderers import CSVRenderer, JSONRenderer
from decisions.api.serializers.in_force import InForceSerializer
from decisions.api.views.base import ApiView
from decisions.caching.versions import record_version_get
from decisions.selectors.pages.in_force import in_force_list_build
from decisions.selectors.visibility import meeting_list_visible

SLUG = OpenApiParameter(
    "slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The meeting's slug (`ix-panama-city-2004`)."
)


class InForceView(ApiView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    serializer_class = InForceSerializer

    @extend_schema(
        summary="Decisions in force after a meeting",
        description="The commitments, decisions and sub-items of this meeting and of every meeting that started "
        "on or before it that are still in force on the meeting's last day: not started, in progress or ongoing "
        "(not implemented, cancelled, noted or superseded by an item of this meeting or an earlier one). Statuses "
        "are those of the meeting's last day, rebuilt from the progress log (today's when it ends today or "
        "later). Grouped by theme; each item cites its lineage both ways among those meetings. With "
        "`format=csv`: one row per item and theme, sub-items after their parent, `parent` naming it.",
        parameters=[SLUG],
        responses=InForceSerializer,
        tags=["meetings"],
    )
    def get(self, request, slug: str):
        version = record_version_get()
        media_format = request.accepted_renderer.format
        etag = list_etag(request, media_format=media_format, version=version)
        # The ETag holds the path, parameters, format, language, the reader's scope, the day and the record's
        # version (decisions/api/conditional.py); an answer is stored under it only once the meeting was found
        # visible to that scope at that version, so a stored one answers without looking the meeting up again,
        # and a write is seen on the next read.
        key = f"api-in-force:{etag}" if version is not None else None
        data = cache.get(key) if key else None
        if data is None:
            meeting = get_object_or_404(meeting_list_visible(reader=request.user), slug=slug)
        if if_none_match_hits(request, etag):
            return not_modified(etag)
        if data is None:
            view = in_force_list_build(reader=request.user, meeting=meeting, today=timezone.localdate())
            data = InForceSerializer(view, context={"request": request}).data
            data = {"results": csv_rows(data)} if media_format == "csv" else dict(data)
            if key:
                cache.set(key, data, settings.CACHE_SECONDS)
        response = Response(data)
        response["ETag"] = etag
        return response


def csv_rows(data: dict) -> list[dict]:
    """The grouped list as spreadsheet rows: one per item and theme, each sub-item after its parent."""
    rows = []
    for group in data["themes"]:
        theme = group["theme"] or {"slug": "", "name": {}}
        for item in group["items"]:
            subs = item.pop("sub_items")
            for row, parent in [(item, ""), *((sub, item["reference"]) for sub in subs)]:
                lineage = "; ".join(mark["text"] for mark in row.pop("lineage"))
                rows.append(
                    {"theme": theme["slug"], "theme_name": theme["name"], "parent": parent, **row, "lineage": lineage}
                )
    return rows
