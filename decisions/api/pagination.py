"""Page-number pagination: `?page=2&page_size=100`, a `count`, links to the next and previous pages.

Strict, like the rest of the API: a page size outside 1…MAX_PAGE_SIZE or a page number that is not a whole
number is a 400 naming the parameter; a page past the last one is a 404. The same links are sent as an RFC
8288 `Link` header (with the total in `X-Total-Count`), so CSV exports page the same way.
"""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from decisions.api.exceptions import InvalidQuery

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_PAGE_NUMBER = 10**9


class StrictPageNumberPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = gettext_lazy("The page to return, from 1 (or `last`).")
    page_size_query_description = gettext_lazy("How many results per page, from 1 to %(max)d (default %(default)d).")

    def validated_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise InvalidQuery(
                {"page_size": [_("Give a whole number from 1 to %(max)d.") % {"max": self.max_page_size}]}
            )
        return int(raw)

    def validated_page_number(self, request) -> str:
        raw = request.query_params.get(self.page_query_param, "1")
        if raw in self.last_page_strings:
            return raw
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_NUMBER:
            raise InvalidQuery({"page": [_("Give a page number from 1, or “last”.")]})
        return raw

    def validate(self, request) -> None:
        """Check the parameters without touching the database (so a bad one is a 400 before anything)."""
        self.validated_page_size(request)
        self.validated_page_number(request)

    def get_page_size(self, request) -> int:
        return self.validated_page_size(request)

    def get_page_number(self, request, paginator):
        raw = self.validated_page_number(request)
        return paginator.num_pages if raw in self.last_page_strings else int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise NotFound(
                _("There is no page %(number)s: the last page is %(last)s.")
                % {"number": number, "last": paginator.num_pages}
            ) from exc
        self.display_page_controls = paginator.num_pages > 1
        return list(self.page)

    def get_paginated_response(self, data) -> Response:
        paginator = self.page.paginator
        body = {
            "count": paginator.count,
            "page": self.page.number,
            "pages": paginator.num_pages,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        }
        return Response(body, headers=self.link_headers())

    def link_headers(self) -> dict[str, str]:
        url = self.request.build_absolute_uri()
        links = {
            "first": remove_query_param(url, self.page_query_param),
            "last": replace_query_param(url, self.page_query_param, self.page.paginator.num_pages),
            "next": self.get_next_link(),
            "prev": self.get_previous_link(),
        }
        value = ", ".join(f'<{target}>; rel="{rel}"' for rel, target in links.items() if target)
        return {"Link": value, "X-Total-Count": str(self.page.paginator.count)}

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "page", "pages", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0, "description": "How many results in all pages."},
                "page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "next": {**link, "description": "The next page, or null on the last."},
                "previous": {**link, "description": "The previous page, or null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        size_help = str(self.page_size_query_description) % {"max": self.max_page_size, "default": self.page_size}
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": str(self.page_query_description),
                "schema": {
                    "oneOf": [
                        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_NUMBER},
                        {"type": "string", "enum": list(self.last_page_strings)},
                    ]
                },
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": size_help,
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
