"""When the database is away (a restart, a failover), answer at once with a clear 503 instead of a traceback
or a hanging worker; the next request after its return is served normally (connections are checked)."""

import logging

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger("rcm.availability")
RETRY_AFTER_SECONDS = "5"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s", exception.__class__.__name__)
        connection.close_if_unusable_or_obsolete()
        message = _("The tracker's database is briefly unavailable. Nothing was changed; please try again shortly.")
        if request.path.startswith("/api/"):
            body = {"type": "about:blank", "title": _("Service unavailable"), "status": 503, "detail": message}
            response = JsonResponse(body, status=503, content_type="application/problem+json")
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
