"""Turning every failure into a problem details response (rcm.problems), with the field at fault.

DRF's own exceptions, Django's `Http404`/`PermissionDenied`, and the `ValidationError`s that services raise
all end here. A service's error code decides the status: a stale version is a 412 (someone changed the
action meanwhile), a move the current state forbids is a 409, any other invalid value a 400.
"""

import logging
import math

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import set_rollback

from rcm.problems import problem_response

logger = logging.getLogger("decisions.api")

# Service error codes that mean "not possible in the current state" rather than "invalid value".
CONFLICT_CODES = frozenset(
    {
        *("has_updates", "invalid_transition", "duplicate", "not_submitted", "already_reviewed", "already_resubmitted"),
        # Reporting rounds (decisions/services/rounds.py): a round not open, an answer already submitted, a packet
        # with no draft to submit.
        *("not_open", "submitted", "nothing_to_submit"),
        # Freezing a round's report (decisions/services/snapshots.py): frozen already, or never opened.
        *("already_frozen", "not_opened"),
    }
)
STALE_CODES = frozenset({"stale"})

SLUG_BY_STATUS = {
    400: "invalid-request",
    401: "not-authenticated",
    403: "permission-denied",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    428: "precondition-required",
    429: "too-many-requests",
}


class InvalidQuery(exceptions.ValidationError):
    """A query parameter is unknown or has a value it cannot take (reported as `in: query`)."""

    default_detail = _("A query parameter is invalid.")
    default_code = "invalid"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This is not possible in the resource's current state.")
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The resource changed since you read it: its ETag no longer matches If-Match.")
    default_code = "precondition_failed"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "payload_too_large"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("Send an If-Match header with the ETag you read, so that no one's change is lost.")
    default_code = "precondition_required"


def flatten_errors(detail, *, location: str, prefix: tuple[str, ...] = ()) -> list[dict]:
    """DRF's nested error detail as a flat list: one entry per field and reason."""
    if isinstance(detail, dict):
        entries = []
        for key, value in detail.items():
            path = prefix if key in ("non_field_errors", NON_FIELD_ERRORS) else (*prefix, str(key))
            entries += flatten_errors(value, location=location, prefix=path)
        return entries
    if isinstance(detail, list):
        entries = []
        for index, value in enumerate(detail):
            nested = isinstance(value, dict | list)
            entries += flatten_errors(value, location=location, prefix=(*prefix, str(index)) if nested else prefix)
        return entries
    entry = {
        "field": ".".join(prefix) if prefix else None,
        "in": location,
        "code": getattr(detail, "code", None) or "invalid",
        "detail": str(detail),
    }
    if location == "body":
        entry["pointer"] = "#/" + "/".join(prefix)
    return [entry]


def django_errors(exc: DjangoValidationError, rename: dict[str, str] | None = None) -> list[dict]:
    """A service's ValidationError as error entries; `rename` maps model fields to API fields."""
    rename = rename or {}
    entries = []
    items = exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.error_list)]
    for field, errors in items:
        name = None if field in (None, NON_FIELD_ERRORS) else rename.get(field, field)
        for error in errors:
            message = error.message % error.params if error.params else error.message
            entry = {"field": name, "in": "body", "code": error.code or "invalid", "detail": str(message)}
            entry["pointer"] = "#/" + name.replace(".", "/") if name else "#/"
            entries.append(entry)
    return entries


def service_error(exc: DjangoValidationError, rename: dict[str, str] | None = None) -> exceptions.APIException:
    """The API exception a service's ValidationError stands for."""
    entries = django_errors(exc, rename)
    codes = {entry["code"] for entry in entries}
    if codes & STALE_CODES:
        error = PreconditionFailed(entries[0]["detail"])
    elif codes & CONFLICT_CODES:
        error = Conflict(" ".join(entry["detail"] for entry in entries))
    else:
        error = exceptions.ValidationError()
    error.problem_errors = entries
    return error


def problem_exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, OperationalError | InterfaceError):
        return None  # the database is away: rcm.middleware answers 503 with Retry-After, as for the pages
    if isinstance(exc, DjangoValidationError):
        exc = service_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):  # over DATA_UPLOAD_MAX_MEMORY_SIZE: refused before it is parsed
        exc = PayloadTooLarge()
    if not isinstance(exc, exceptions.APIException):
        if settings.DEBUG:
            return None  # the debug page, with its traceback
        logger.exception("Unexpected error in the API", exc_info=exc)
        return problem_response(request=request, slug="server-error")
    set_rollback()
    return _api_problem(request, exc)


def _api_problem(request, exc: exceptions.APIException):
    headers = {}
    extra = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None) is not None:
        wait = max(1, math.ceil(exc.wait))
        headers["Retry-After"] = str(wait)
        extra["retry_after"] = wait
    extra.update(getattr(exc, "problem_extra", None) or {})  # e.g. the other person's answer on a stale one
    slug = SLUG_BY_STATUS.get(exc.status_code, "server-error" if exc.status_code >= 500 else "invalid-request")
    errors = getattr(exc, "problem_errors", None)
    detail = exc.detail
    if isinstance(exc, InvalidQuery):
        slug = "invalid-parameter"
        errors = errors or flatten_errors(detail, location="query")
        detail = _first_detail(errors) or _("A query parameter is invalid.")
    elif isinstance(exc, exceptions.ValidationError):
        errors = errors or flatten_errors(detail, location="body")
        detail = _first_detail(errors) or _("The request is invalid.")
    return problem_response(
        request=request,
        slug=slug,
        detail=str(detail),
        errors=errors,
        headers=headers,
        status=exc.status_code,
        extra=extra,
    )


def _first_detail(errors: list[dict] | None) -> str:
    if not errors:
        return ""
    first = errors[0]
    return f"{first['field']}: {first['detail']}" if first.get("field") else first["detail"]
