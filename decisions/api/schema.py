"""The OpenAPI document (drf-spectacular), complete: every status code a client can get, the problem
details schema of every error, and the ETag / If-None-Match / If-Match / Link / Retry-After headers."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view

from rcm.problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPES

PROBLEM_COMPONENT = "Problem"
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details: the shape of every error.",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "The kind of problem; resolves to its description."},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string", "description": "The request's path and query."},
        "retry_after": {"type": "integer", "description": "Seconds to wait (429 only)."},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "in", "code", "detail"],
                "properties": {
                    "field": {"type": "string", "nullable": True, "description": "Dotted path, e.g. title.en."},
                    "in": {"type": "string", "enum": ["body", "query", "header", "path"]},
                    "code": {"type": "string"},
                    "detail": {"type": "string"},
                    "pointer": {"type": "string", "description": "JSON pointer into the request body."},
                },
            },
        },
    },
}

ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=["200", "201", "304"],
    required=True,
    description="The version of this representation; send it back in If-None-Match or If-Match.",
)
LINK = OpenApiParameter(
    "Link",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=["200"],
    description='RFC 8288 links: first, last, next and prev pages (rel="next").',
)
TOTAL = OpenApiParameter(
    "X-Total-Count", OpenApiTypes.INT, OpenApiParameter.HEADER, response=["200"], description="Results in all pages."
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=["429"],
    required=True,
    description="Seconds to wait before trying again.",
)
RATE_LIMIT = OpenApiParameter(
    "RateLimit",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description='What is left of each limit this request counted against (IETF draft): "anon";r=297;t=42 is 297 '
    "requests left for 42 seconds.",
)
RATE_LIMIT_POLICY = OpenApiParameter(
    "RateLimit-Policy",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description='The limits this request counted against: "anon";q=300;w=60 is 300 requests per 60 seconds.',
)
LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    response=["201"],
    required=True,
    description="The address of what was created.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An ETag you hold: 304 Not Modified (no body) when it is still current.",
)
IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag you read: the change is refused (412) if the action changed since, and 428 without it.",
)
IF_MATCH_FOR_STATUS = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The action's ETag you read. Required when the report names a `status` (428 without it); "
    "optional for a note alone. Refused (412) if the action changed since.",
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag you read of the report under review: refused (412) if it changed since.",
)
ERROR_DESCRIPTIONS = {
    "400": "Invalid query parameter or request body, or a body field this endpoint does not take (the problem's "
    "`errors` name each field).",
    "401": "No valid credentials: send a token or sign in (writes always need them).",
    "403": "Your role does not allow this on this resource.",
    "404": "No such resource visible to you, or a page past the last.",
    "406": "The Accept header asks for a format this resource does not have.",
    "409": "Not possible in the resource's current state.",
    "412": "If-Match does not match: the resource changed since you read it.",
    "413": "The body is larger than the API accepts.",
    "415": "The body is not application/json.",
    "428": "If-Match is missing (required to change an action, and to report progress that names a status).",
    "429": "Too many requests: wait Retry-After seconds.",
}


def problem_response(code: str) -> dict:
    return {
        "description": ERROR_DESCRIPTIONS[code],
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": f"#/components/schemas/{PROBLEM_COMPONENT}"}}},
    }


class ApiAutoSchema(AutoSchema):
    def _is_write(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH", "DELETE")

    def _action(self) -> str | None:
        return getattr(self.view, "action", None)

    def _conditional_writes(self) -> bool:
        """Views whose writes honour If-Match and can conflict with the resource's state."""
        return getattr(self.view, "conditional_writes", False)

    def _is_review(self) -> bool:
        """A write that reviews what it was given (409 when already reviewed, If-Match honoured)."""
        return self.method == "POST" and self._action() in getattr(self.view, "reviewing_actions", ())

    def _has_path_parameters(self) -> bool:
        return "{" in self.path

    def _is_paginated_list(self) -> bool:
        return self.method == "GET" and self._is_list_view() and self._get_paginator() is not None

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET":
            parameters += [IF_NONE_MATCH, ETAG]
            if self._is_paginated_list():
                parameters += [LINK, TOTAL]
            formats = self.map_renderers("format")
            parameters.append(
                OpenApiParameter(
                    "format",
                    OpenApiTypes.STR,
                    OpenApiParameter.QUERY,
                    enum=formats,
                    description="The format of the response (or use the Accept header).",
                )
            )
        if self.method in ("PUT", "PATCH") or (self.method == "POST" and self._action() == "create"):
            parameters.append(ETAG)
        if self.method in ("PUT", "PATCH", "DELETE") and self._conditional_writes():
            parameters.append(IF_MATCH_REQUIRED)
        elif self.method == "POST" and self._action() == "progress":
            parameters.append(IF_MATCH_FOR_STATUS)
        elif self.method == "POST" and self._is_review():
            parameters.append(IF_MATCH_OPTIONAL)
        if self.method == "POST" and self._action() in ("create", "progress"):
            parameters.append(LOCATION)
        parameters += [RETRY_AFTER, RATE_LIMIT, RATE_LIMIT_POLICY]
        return parameters

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        from decisions.api.serializers.fields import InputSerializer

        if direction == "request" and isinstance(serializer, InputSerializer):
            schema["additionalProperties"] = False  # any other field is a 400 that names it
        return schema

    def get_filter_backends(self):
        if getattr(self.view, "filters_in_schema", False):
            return self.view.filter_backends
        return super().get_filter_backends()

    def get_auth(self):
        auths = super().get_auth()
        if self.method == "GET" and {} not in auths and getattr(self.view, "allows_anonymous_reads", True):
            auths.append({})
        return auths

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {})
        if "text/csv" in content:
            content["text/csv"] = {"schema": {"type": "string", "description": "CSV, one row per result."}}
        return response

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        self.registry.register_on_missing(_problem_component())
        codes = ["400", "401", "406", "429"]
        if self._has_path_parameters() or self._is_paginated_list():
            codes.append("404")
        if self._is_write() or getattr(self.view, "restricted_reads", False):
            codes.append("403")  # a read only some roles may make (the reporting rounds) is refused the others
        if self._is_write() and (self._conditional_writes() or self._is_review()):
            codes += ["409", "412"]
        if self._is_write() and getattr(self.view, "state_conflicts", False):
            codes.append("409")  # e.g. a round not open, a stale packet answer
        if self._conditional_writes() and (
            self.method in ("PUT", "PATCH", "DELETE") or (self.method == "POST" and self._action() == "progress")
        ):
            codes.append("428")
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["413", "415"]
        for code in sorted(set(codes)):
            responses.setdefault(code, problem_response(code))
            headers = self._get_response_headers_for_code(code, direction)
            if headers:  # Retry-After on a 429, the RateLimit headers on every answer
                responses[code].setdefault("headers", headers)
        if self.method == "GET":
            responses["304"] = {
                "description": "Not modified: the ETag in If-None-Match is still current (no body).",
                "headers": self._get_response_headers_for_code("304", direction),
            }
        return dict(sorted(responses.items()))


def _problem_component() -> ResolvedComponent:
    return ResolvedComponent(
        name=PROBLEM_COMPONENT, type=ResolvedComponent.SCHEMA, object=PROBLEM_COMPONENT, schema=PROBLEM_SCHEMA
    )


def action_schemas(viewset):
    """The request and response shapes of the action endpoints."""
    from decisions.api.serializers.actions import ActionSerializer, ActionWriteSerializer, ProgressInputSerializer
    from decisions.api.serializers.updates import ProgressUpdateSerializer

    return extend_schema_view(
        list=extend_schema(summary="List actions", description="Follow-up actions with status and overdue flag."),
        retrieve=extend_schema(summary="An action by id"),
        create=extend_schema(
            summary="Create an action (Secretariat)",
            request=ActionWriteSerializer,
            responses={201: ActionSerializer},
        ),
        update=extend_schema(
            summary="Replace an action's fields (Secretariat)",
            request=ActionWriteSerializer,
            responses=ActionSerializer,
        ),
        partial_update=extend_schema(
            summary="Change some of an action's fields (Secretariat)",
            request=ActionWriteSerializer,
            responses=ActionSerializer,
        ),
        destroy=extend_schema(
            summary="Delete an action with no progress yet (Secretariat)",
            responses={204: OpenApiResponse(description="Deleted.")},
        ),
        progress=extend_schema(
            summary="Record progress on an action",
            description="The Secretariat on any action (validated at once); a focal point on their own party's "
            "actions (submitted for validation: the status moves when the Secretariat validates). A report that "
            "names a `status` needs If-Match; a note alone does not. A returned report is answered once "
            "(`resubmission_of`): a second answer is a 409.",
            request=ProgressInputSerializer,
            responses={201: ProgressUpdateSerializer},
        ),
    )(viewset)


__all__ = ["PROBLEM_TYPES", "ApiAutoSchema", "action_schemas"]
