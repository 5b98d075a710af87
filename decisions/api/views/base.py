"""What every API view shares: authentication, formats, strict query parameters, problem details,
throttling, and conditional GETs (ETag / 304) on lists and resources."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_filters import MultipleChoiceFilter
from rest_framework import exceptions, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.api.authentication import ApiKeyAuthentication, ReadOnlyKey
from decisions.api.conditional import (
    http_date,
    if_none_match_hits,
    list_etag,
    not_modified,
    remember,
    remembered,
    representation_etag,
)
from decisions.api.exceptions import InvalidQuery, problem_exception_handler
from decisions.api.filtering import StrictFilterBackend, StrictOrderingFilter
from decisions.api.pagination import StrictPageNumberPagination
from decisions.api.parsers import SafeJSONParser
from decisions.api.permissions import ReadOnly
from decisions.api.renderers import CSVRenderer, JSONRenderer, StrictContentNegotiation, csv_lines
from decisions.api.throttling import AnonymousThrottle, UserThrottle, usages_of
from decisions.caching.flights import flight_board, flight_land
from decisions.caching.versions import record_version_get
from decisions.selectors.visibility import SCOPE_HEADERS, scope_get
from rcm import limits

SAFE = ("GET", "HEAD", "OPTIONS")
MAX_PARAMETER_NAME = 60
# The parameters a list read by shape may take: none of them filters (ReadViewSet.list_shape).
SHAPED_PARAMETERS = frozenset({"format", "page", "page_size", "ordering"})
# Rows read and written at a time when a CSV export streams every row.
CSV_CHUNK = 500


class ApiMixin:
    """Mixed into every API view (APIView or viewset)."""

    authentication_classes = [ApiKeyAuthentication, SessionAuthentication]
    permission_classes = [ReadOnly]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    parser_classes = [SafeJSONParser]
    content_negotiation_class = StrictContentNegotiation
    throttle_classes = [AnonymousThrottle, UserThrottle]
    # Query parameters a non-list endpoint takes beyond `format`.
    extra_query_parameters: tuple[str, ...] = ()
    # Parameters whose empty value means something (an empty search is no search).
    empty_query_parameters: frozenset[str] = frozenset({"q"})

    def get_exception_handler(self):
        return problem_exception_handler

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.request.method not in SAFE:
            renderers = [r for r in renderers if not isinstance(r, CSVRenderer)]
        return renderers

    def allowed_query_parameters(self) -> tuple[set[str], set[str]]:
        """(every name this request may use, the names that may be repeated)."""
        if self.request.method not in SAFE:
            return set(), set()
        return {"format", *self.extra_query_parameters}, set()

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)  # a 405 before any 401/403: the method never works here
        super().initial(request, *args, **kwargs)
        if request.method not in SAFE and getattr(request.auth, "read_only", False):
            raise ReadOnlyKey()  # a read-only API key: every write is refused, whatever its owner may do
        self.check_query_parameters(request)

    def check_query_parameters(self, request) -> None:
        allowed, repeatable = self.allowed_query_parameters()
        errors: dict[str, list[str]] = {}
        for name, values in request.query_params.lists():
            shown = name[:MAX_PARAMETER_NAME]
            if name not in allowed:
                errors[shown] = [
                    _("Unknown query parameter. This endpoint takes: %(names)s.")
                    % {"names": ", ".join(sorted(allowed)) or _("none")}
                ]
            elif any("\x00" in value for value in values):
                errors[shown] = [_("Null characters are not allowed.")]
            elif "" in values and name not in self.empty_query_parameters:
                errors[shown] = [_("Give a value, or leave the parameter out.")]
            elif len(values) > 1 and name not in repeatable:
                errors[shown] = [_("Give this parameter once.")]
        if errors:
            raise InvalidQuery(errors)

    def handle_exception(self, exc):
        """Credentials are judged first: a request that fails before authentication (an unknown format, a
        method this route lacks) with an invalid or revoked token is a 401, and the user is settled before
        anything (Cache-Control below, the logs) asks for it, so no later look at `request.user` can raise."""
        if not isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            try:
                self.request.user  # noqa: B018 - runs authentication; DRF leaves an anonymous user on failure
            except exceptions.AuthenticationFailed as failed:
                exc = failed
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in limits.headers(usages=usages_of(request)).items():
            response[name] = value
        # Every answer may depend on the reader's scope, which these headers carry.
        patch_vary_headers(response, ["Accept-Language", *SCOPE_HEADERS])
        if request.method in ("GET", "HEAD") and not response.has_header("Cache-Control"):
            user = getattr(request, "user", None)
            signed_in = bool(user and user.is_authenticated)
            # Stored, but checked with the server (ETag) before every reuse.
            response["Cache-Control"] = "private, no-cache" if signed_in else "no-cache"
        return response


class ApiView(ApiMixin, APIView):
    pass


def conditional_response(request, data, *, last_modified=None, status: int = 200, headers=None) -> Response:
    """A resource's response with its strong ETag; a 304 when the client's copy is current."""
    media_format = getattr(getattr(request, "accepted_renderer", None), "format", "json")
    etag = representation_etag(data, media_format=media_format)
    if request.method in ("GET", "HEAD") and status == 200 and _is_fresh(request, etag, last_modified):
        return not_modified(etag, last_modified)
    response = Response(data, status=status, headers=headers)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response


def _is_fresh(request, etag: str, last_modified) -> bool:
    if request.headers.get("If-None-Match"):
        return if_none_match_hits(request, etag)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and last_modified is not None and int(last_modified.timestamp()) <= since


# The headers a list page carries of its own (paging links, counts); the rest are set per request.
PER_REQUEST_HEADERS = {
    *("content-type", "etag", "vary", "cache-control", "allow", "content-length"),
    *("ratelimit", "ratelimit-policy", "retry-after"),
}


def paging_headers(response) -> dict[str, str]:
    return {name: value for name, value in response.items() if name.lower() not in PER_REQUEST_HEADERS}


def stored_list_response(stored: tuple, etag: str) -> HttpResponse:
    content, content_type, headers = stored
    response = HttpResponse(content, content_type=content_type, headers=headers)
    response["ETag"] = etag
    return response


class ReadViewSet(ApiMixin, viewsets.GenericViewSet):
    """List and detail of one collection: filtered, ordered, paginated, CSV, ETags."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    pagination_class = StrictPageNumberPagination
    filter_backends = [StrictFilterBackend, StrictOrderingFilter]
    lookup_value_regex = "[0-9]{1,18}"
    ordering_fields: dict[str, str] = {}
    ordering: list[str] = []
    ordering_tiebreak: list[str] = ["pk"]
    # Send Last-Modified (and honour If-Modified-Since) on details: only where the row alone is the resource.
    last_modified_field: str | None = None
    # Whether the list is read as rows that may be read by shape (`list_shape`).
    prepared_list = False
    # The filter naming one meeting, in a collection whose rows and their representations belong to their
    # meeting (decisions/caching/scopes.py): a list filtered by one meeting is cached under that meeting's version.
    meeting_parameter: str | None = None

    def list_meeting(self) -> str | None:
        """The one meeting this list reads, if it reads one alone (its slug, as given): its version keys the list."""
        values = self.request.query_params.getlist(self.meeting_parameter) if self.meeting_parameter else []
        return values[0] if len(values) == 1 and values[0] else None

    def allowed_query_parameters(self) -> tuple[set[str], set[str]]:
        allowed, repeatable = super().allowed_query_parameters()
        if self.action != "list":
            return allowed, repeatable
        filters = getattr(self, "filterset_class", None)
        base_filters = filters.base_filters if filters else {}
        allowed |= set(base_filters) | {"page", "page_size"}
        if self.ordering_fields:
            allowed.add("ordering")
        repeatable |= {name for name, f in base_filters.items() if isinstance(f, MultipleChoiceFilter)}
        return allowed, repeatable

    def filter_queryset(self, queryset):
        # Filters and ordering are the list's; a detail is looked up in everything the reader may see.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def list_reads_notes(self, reader) -> bool:
        """Whether the list, as asked for by this reader, shows anything of progress notes (a log, a pending
        report): a list that does not is cached under a version a note that sets no status leaves alone."""
        return True

    def list_rows(self, listed, *, shape=None):
        """What the list's page is read as, given how to build its queryset (`listed()`): the queryset itself, or
        (a collection that reads `.values()` rows instead of instances) rows read by representations.ListedRows,
        whose SQL is kept under `shape` when there is one (see `list_shape`)."""
        return listed()

    @cached_property
    def day(self):
        """Today, read once per request: the list's filters, its rows' overdue flags and its shape judge one day."""
        return timezone.localdate()

    def list_shape(self, request):
        """What the list's query depends on, when the request names no filter (only its page, its size, its
        format or its ordering): this view and its path, the reader's scope, the day, the language, the ordering.
        A list read by shape has its SQL compiled once per thread and shape (representations.ListedRows) and its
        filters are never built. None for a request with filters, whose validation may read the database: its
        list is built and compiled for it alone. Only for lists read as rows (`prepared_list`)."""
        if not self.prepared_list or set(request.query_params) - SHAPED_PARAMETERS:
            return None
        path = self.list_shape_path()  # first, as the list's queryset looks its parent up first (a 404 before a 400)
        ordering = StrictOrderingFilter().requested(request, self)
        # The language too: django-modeltranslation writes a translated field's lookups in the active language.
        reader, language = scope_get(user=request.user), get_language()
        return (type(self), *path, reader, self.day, language, tuple(ordering or ()))

    def list_shape_path(self) -> tuple:
        """What of the path the list's query depends on, beyond the view (a nested list: its parent's key)."""
        return ()

    def list(self, request, *args, **kwargs):
        reader = scope_get(user=request.user)
        version = record_version_get(meeting=self.list_meeting(), reader=reader, news=self.list_reads_notes(reader))
        media_format = request.accepted_renderer.format
        etag = list_etag(request, media_format=media_format, version=version)
        # The ETag and the cached page hold every parameter of the request, the reader's audience, the day and
        # the record's version, and exist only for a request that once passed validation (a refused one is
        # never stored, and its ETag never sent). So a client's exact tag, or a stored page, answers before the
        # query is even built. `If-None-Match: *` names no request: it waits for the filters to be validated.
        if version is not None and if_none_match_hits(request, etag, exact_only=True):
            return not_modified(etag)
        if self.wants_every_row(request):
            return self.every_row_csv(request, etag)
        # The browsable API's page controls need the live paginator, so its HTML is never cached.
        key = f"api-list:{etag}" if version is not None and media_format != "api" else None
        stored = cache.get(key) if key else None
        if stored is None and key:
            # One request computes a cold page; the others asking for it meanwhile wait, then read it (or compute
            # it after all). `dispatch` lands the flight once finalize_response has stored the page.
            self.list_boarding = flight_board(key=key)
            stored = cache.get(key)
        if stored is not None:  # a stored page proves the request valid: now `*` may match too
            return not_modified(etag) if if_none_match_hits(request, etag) else stored_list_response(stored, etag)
        shape = self.list_shape(request)  # validates the ordering
        if shape is None:
            queryset = self.filter_queryset(self.get_queryset())  # validates the filters; runs no query yet
            listed = lambda: queryset  # noqa: E731
        else:
            listed = lambda: self.filter_queryset(self.get_queryset())  # noqa: E731 - built on a thread's first read
        self.paginator.validate(request)
        if if_none_match_hits(request, etag):
            return not_modified(etag)
        page = self.paginate_queryset(self.list_rows(listed, shape=shape))
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response["ETag"] = etag
        self.list_cache_key = key  # finalize_response stores the rendered bytes under it
        return response

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            # After finalize_response stored the page — or after any error: the waiting threads go on either way.
            if boarding := getattr(self, "list_boarding", None):
                flight_land(boarding=boarding)

    def wants_every_row(self, request) -> bool:
        """A CSV asked for without `page` or `page_size` is every matching row: a spreadsheet or
        `pandas.read_csv` gets the whole answer, never silently its first page (a CSV has no `next` link)."""
        paging = {self.paginator.page_query_param, self.paginator.page_size_query_param}
        return request.accepted_renderer.format == "csv" and not paging & set(request.query_params)

    def every_row_csv(self, request, etag: str) -> StreamingHttpResponse:
        queryset = self.filter_queryset(self.get_queryset())  # validates the filters: a bad one is still a 400
        if if_none_match_hits(request, etag):
            return not_modified(etag)
        rows = self.list_rows(lambda: queryset)

        def chunks():
            # Slices of the list's own ordering (it ends in a unique key), each serialised like a page.
            start = 0
            while chunk := list(rows[start : start + CSV_CHUNK]):
                yield self.get_serializer(chunk, many=True).data
                start += CSV_CHUNK

        response = StreamingHttpResponse(csv_lines(chunks()), content_type="text/csv; charset=utf-8")
        response["ETag"] = etag
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "list_cache_key", None)
        if key and isinstance(response, Response) and response.status_code == 200:
            # The rendered bytes are stored, not the data: a hit is then a lookup, with no serialising at all.
            response.render()
            cache.set(
                key, (response.content, response["Content-Type"], paging_headers(response)), settings.CACHE_SECONDS
            )
        return response

    def retrieve(self, request, *args, **kwargs):
        key, known = remembered(request, media_format=request.accepted_renderer.format)
        if known is not None and if_none_match_hits(request, known[0]):
            return not_modified(*known)
        instance = self.get_object()
        data = self.get_serializer(instance).data
        modified = getattr(instance, self.last_modified_field) if self.last_modified_field else None
        response = conditional_response(request, data, last_modified=modified)
        remember(key, response["ETag"], modified)
        return response
