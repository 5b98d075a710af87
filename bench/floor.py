"""The benchmark's own routes, mounted only when RCM_BENCH_FLOOR=1 (rcm/urls.py), never in the app as served.

- The floor for figure B: the same 100 rows as the API's decision list, straight from .values() to JSON, in the
  same Django process, with no framework around them.
- The bare view: the bytes of the API's cached list page (saved by the benchmark to the file RCM_BENCH_BARE_BODY
  names) as a plain `HttpResponse`, served by the same gunicorn workers behind the same middleware. The cached
  list against it is what the API's own layers (DRF, the version read, the cache lookup) cost on top of what
  Django itself costs to answer with those bytes: the framework's limit on this machine."""

import os
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
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


@cache
def _bare_body() -> bytes:
    return Path(os.environ["RCM_BENCH_BARE_BODY"]).read_bytes()


def bare_api_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_bare_body(), content_type="application/json")


urlpatterns = [
    path("bench/floor/decisions/", floor_decisions),
    path("bench/bare/decisions/", bare_api_list),
]
