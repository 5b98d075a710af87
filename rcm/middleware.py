"""Requests that cannot be served as asked, answered at once instead of with a traceback.

When the database is away (a restart, a failover), a clear 503 instead of a traceback or a hanging worker; the
next request after its return is served normally (connections are checked). A query string or form body that
is not UTF-8 text, or a null character in a query parameter: a 400 naming the parameter."""

import logging
from urllib.parse import unquote_to_bytes

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _

from rcm.commits import CommitLedger
from rcm.problems import problem_response

logger = logging.getLogger("rcm.availability")
RETRY_AFTER_SECONDS = "5"


class DatabaseUnavailableMiddleware:
    """The 503 says "nothing was changed", so it is given only when that is known: every statement of the
    view is watched (rcm.commits), and a write that committed before the database went away is reported as
    stored (202 with problem details in the API, a 303 back to the page on the site), never as a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.commits = CommitLedger()
        with connection.execute_wrapper(request.commits):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        ledger = getattr(request, "commits", None)
        committed = ledger is not None and ledger.committed
        logger.warning("database unavailable: %s (a write committed: %s)", exception.__class__.__name__, committed)
        connection.close_if_unusable_or_obsolete()
        if committed:
            return _stored_answer(request)
        message = _("The tracker's database is briefly unavailable. Nothing was changed; please try again shortly.")
        if request.path.startswith("/api/"):
            body = {"type": "about:blank", "title": _("Service unavailable"), "status": 503, "detail": message}
            response = JsonResponse(body, status=503, content_type="application/problem+json")
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response


def _stored_answer(request: HttpRequest) -> HttpResponse:
    """The write is in the database; only the answer describing it could not be built. Saying so (a 2xx or a
    redirect) keeps the client from sending it again, which would store it twice."""
    message = _(
        "Your change was stored. The database became unavailable before the answer could be prepared: "
        "read it again to see the result, and do not send it again."
    )
    if request.path.startswith("/api/"):
        body = {"type": "about:blank", "title": _("Stored"), "status": 202, "detail": message}
        return JsonResponse(body, status=202, content_type="application/problem+json")
    messages.success(request, message)
    return HttpResponseRedirect(request.get_full_path(), status=303)


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
            error = {"field": name, "in": where, "code": "encoding", "detail": detail}
            return problem_response(
                request=request, slug="invalid-parameter", detail=f"{name}: {detail}", errors=[error]
            )
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
