"""Requests that cannot be served as asked, answered at once instead of with a traceback.

When the database is away (a restart, a failover), a clear 503 instead of a traceback or a hanging worker; the
next request after its return is served normally (connections are checked). A query string or form body that
is not UTF-8 text, or a null character in a query parameter: a 400 naming the parameter."""

import logging
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
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


class MalformedInputMiddleware:
    """A query string or a form body that is not UTF-8 text, or a query parameter carrying a null character,
    is answered at once with a 400 that names the parameter.

    Django would read the invalid bytes as replacement characters (silently changing what was sent, and storing
    it so), and hands a null character on to the queries, which PostgreSQL refuses with an error: a 500 on the
    admin's list filters. Form fields refuse null characters themselves, naming the field. Multipart bodies are
    left to the forms: their files are binary, and reading them here would hold every upload in memory."""

    FORM = "application/x-www-form-urlencoded"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw_query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        name = _malformed_field(raw_query, refuse_nul=True)
        if name is not None:
            return self._refuse(request, name, "query")
        if request.content_type == self.FORM and not request.path.startswith("/api/"):
            name = _malformed_field(request.body, refuse_nul=False)  # over the upload limit: Django's 400
            if name is not None:
                return self._refuse(request, name, "body")
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, name: str, where: str) -> HttpResponse:
        detail = _("Not UTF-8 text, or it contains a null character.")
        if request.path.startswith("/api/"):
            from decisions.api.problems import problem_response

            error = {"field": name, "in": where, "code": "encoding", "detail": detail}
            return problem_response(request, "invalid-parameter", detail=f"{name}: {detail}", errors=[error])
        raise BadRequest(
            _("The request could not be read: “%(name)s” is not UTF-8 text, or it contains a null character.")
            % {"name": name}
        )


def _malformed_field(raw: bytes, *, refuse_nul: bool) -> str | None:
    """The name of the first field of an URL-encoded string that is not UTF-8 (or holds a NUL), else None."""
    for pair in raw.replace(b";", b"&").split(b"&"):
        if not pair:
            continue
        name, _sep, value = pair.partition(b"=")
        for part in (name, value):
            decoded = unquote_to_bytes(part.replace(b"+", b" "))
            try:
                decoded.decode("utf-8")
            except UnicodeDecodeError:
                return _shown_name(name)
            if refuse_nul and b"\x00" in decoded:
                return _shown_name(name)
    return None


def _shown_name(name: bytes) -> str:
    return unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8", "replace").replace("\x00", "")[:60]
