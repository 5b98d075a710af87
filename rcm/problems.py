"""Problem details (RFC 9457): the one JSON shape of every error the API returns.

    {"type": "https://…/api/v1/problems/invalid-parameter/", "title": "Invalid query parameter",
     "status": 400, "detail": "…", "instance": "/api/v1/decisions/?colour=red",
     "errors": [{"field": "colour", "in": "query", "code": "unknown", "detail": "…"}]}

`type` names the kind of problem and resolves to a short description of it; `errors` lists each field at
fault (`in`: body, query, header or path; `pointer`: where in the JSON body).

Here rather than in the API package because the request middleware (rcm.middleware) answers with it too, and
shared code imports no interface (the import-linter contracts in pyproject.toml).
"""

import json
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: Promise
    description: Promise


PROBLEM_TYPES: dict[str, ProblemType] = {
    problem.slug: problem
    for problem in (
        ProblemType(
            "invalid-request", 400, _("Invalid request"), _("The request body is malformed or a field is invalid.")
        ),
        ProblemType(
            "invalid-parameter",
            400,
            _("Invalid query parameter"),
            _("A query parameter is unknown, repeated where it cannot be, or has a value it cannot take."),
        ),
        ProblemType(
            "not-authenticated",
            401,
            _("Authentication required"),
            _("Send a valid token (Authorization: Token …) or log in."),
        ),
        ProblemType(
            "permission-denied", 403, _("Permission denied"), _("Your role does not allow this on this resource.")
        ),
        ProblemType("not-found", 404, _("Not found"), _("No such resource, or it is not visible to you.")),
        ProblemType(
            "method-not-allowed",
            405,
            _("Method not allowed"),
            _("This resource does not accept this method; the Allow header lists those it does."),
        ),
        ProblemType(
            "not-acceptable",
            406,
            _("Not acceptable"),
            _("None of the media types in the Accept header can be produced here (JSON and CSV can)."),
        ),
        ProblemType(
            "conflict",
            409,
            _("Conflict with the current state"),
            _("The change is not possible in the resource's current state (for example an invalid status move)."),
        ),
        ProblemType(
            "precondition-failed",
            412,
            _("Precondition failed"),
            _("The resource changed since you read it: its ETag no longer matches If-Match. Read it again."),
        ),
        ProblemType(
            "payload-too-large",
            413,
            _("Payload too large"),
            _("The request body is larger than the API accepts; a report or an action is far smaller."),
        ),
        ProblemType(
            "unsupported-media-type",
            415,
            _("Unsupported media type"),
            _("Send the request body as application/json."),
        ),
        ProblemType(
            "precondition-required",
            428,
            _("Precondition required"),
            _("Changes need an If-Match header with the ETag you read, so no one's update is lost."),
        ),
        ProblemType(
            "too-many-requests",
            429,
            _("Too many requests"),
            _("Slow down: try again after the number of seconds in Retry-After."),
        ),
        ProblemType("server-error", 500, _("Server error"), _("Something failed on our side; it has been logged.")),
    )
}


def problem_type_uri(*, request: HttpRequest | None, slug: str) -> str:
    path = reverse("api:problem-type", kwargs={"slug": slug})
    return request.build_absolute_uri(path) if request is not None else path


def problem_body(
    *,
    request: HttpRequest | None,
    slug: str,
    detail: str = "",
    errors: list[dict] | None = None,
    status: int | None = None,
    extra: dict[str, object] | None = None,
) -> dict:
    problem = PROBLEM_TYPES[slug]
    body = {
        "type": problem_type_uri(request=request, slug=slug),
        "title": str(problem.title),
        "status": status or problem.status,
        "detail": str(detail or problem.description),
        "instance": request.get_full_path() if request is not None else "",
    }
    if errors:
        body["errors"] = errors
    body.update(extra or {})
    return body


def problem_response(
    *,
    request: HttpRequest | None,
    slug: str,
    detail: str = "",
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
    status: int | None = None,
    extra: dict[str, object] | None = None,
) -> HttpResponse:
    body = problem_body(request=request, slug=slug, detail=detail, errors=errors, status=status, extra=extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=body["status"], content_type=PROBLEM_MEDIA_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
