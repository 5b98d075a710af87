"""`/healthz`: whether this process can serve, and the database's state, for load balancers and monitors."""

import time

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable"}, status=503, headers={"Retry-After": "5"}
        )
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse({"status": "ok", "database": "ok", "database_ms": elapsed, "vendor": connection.vendor})
