"""`/api/v1/changes/?since=<cursor>`: what changed in the record since a client's last poll, deletions and
visibility downgrades included (decisions/selectors/changes.py decides what each reader is told)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema

from decisions.api.exceptions import InvalidQuery
from decisions.api.serializers.changes import ChangePageSerializer
from decisions.api.serializers.common import links_of
from decisions.api.views.base import ApiView, conditional_response
from decisions.selectors.changes import BadCursor, Change, change_page_get, cursor_make, cursor_read
from decisions.selectors.visibility import scope_get

# Entries read per page (what the reader is told may be fewer: only what they may know of).
PAGE_SIZE = 200

ADDRESSES = {
    "meeting": "meeting",
    "decision": "decision",
    "action": "action",
    "progress-update": "update",
}


class ChangesView(ApiView):
    extra_query_parameters = ("since",)

    def since(self, request) -> int:
        cursor = request.query_params.get("since")
        if cursor is None:
            return 0
        try:
            return cursor_read(cursor=cursor)
        except BadCursor:
            raise InvalidQuery(
                {"since": [_("Not a cursor of this API: send the `cursor` of an earlier answer, or leave it out.")]}
            ) from None

    @extend_schema(
        summary="Changes since a cursor",
        description="Every create, edit and delete of a meeting, decision, action or progress update after "
        "`since`, oldest first, as this reader may know it: `upsert` for an object you may read now (fetch its "
        "`url`), `delete` for one deleted or no longer visible to you (drop your copy). Store `cursor` and send "
        "it as `since` next time: the answer never repeats what an earlier one returned. Follow `next` while "
        "it is not null.",
        parameters=[
            OpenApiParameter(
                "since",
                str,
                description="The `cursor` of an earlier answer; leave it out to read from the beginning.",
            )
        ],
        responses=ChangePageSerializer,
    )
    def get(self, request):
        page = change_page_get(scope=scope_get(user=request.user), after=self.since(request), limit=PAGE_SIZE)
        links = links_of({"request": request})
        cursor = cursor_make(entry_id=page.last_id)
        data = {
            "results": [self._change(change, links) for change in page.changes],
            "cursor": cursor,
            "next": links.collection("changes", since=cursor) if page.more else None,
        }
        return conditional_response(request, ChangePageSerializer(data).data)

    @staticmethod
    def _change(change: Change, links) -> dict:
        data = {"kind": change.kind, "id": change.id, "operation": change.operation}
        if change.lookup is not None:
            data["url"] = getattr(links, ADDRESSES[change.kind])(change.lookup)
        return data
