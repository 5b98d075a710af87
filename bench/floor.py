"""The floor for benchmark B: the same 100 rows as the API's decision list, straight from .values() to JSON,
in the same Django process, with no framework around them. Mounted only when RCM_BENCH_FLOOR=1."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from decisions.models import Decision

FIELDS = ("id", "meeting__slug", "section", "number", "parent_id", "text_en", "text_es", "kind", "status",
          "due_date", "due_precision", "updated_at")  # fmt: skip


def floor_decisions(request: HttpRequest) -> JsonResponse:
    rows = list(
        Decision.objects.filter(meeting__is_published=True)
        .order_by("meeting__start_date", "meeting_id", "position", "id")
        .values(*FIELDS)[:100]
    )
    return JsonResponse({"count": len(rows), "results": rows})


urlpatterns = [path("bench/floor/decisions/", floor_decisions)]
