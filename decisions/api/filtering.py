"""Strict filtering and ordering: a bad value is a 400 that names the parameter, never an ignored filter.

The filters themselves (what each parameter means, and the field types whose schema drf-spectacular publishes)
are `decisions.filters`, shared with the site's lists and exports; here is only how the API applies them.
"""

import re

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework.filters import OrderingFilter

from decisions.api.exceptions import InvalidQuery


def _column(queryset, path: str) -> str:
    """The path with `pk` named as the model's primary key, so that ordering by both is seen as one."""
    return queryset.model._meta.pk.name if path == "pk" else path


def _nullable(queryset, path: str) -> bool:
    """Whether the column `path` names may be empty. Across a relation, or an annotation: taken as yes."""
    if LOOKUP_SEP in path:
        return True
    try:
        return queryset.model._meta.get_field(path).null
    except FieldDoesNotExist:
        return True


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise InvalidQuery(translate_validation(filterset.errors).detail)
        return filterset.qs


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=-due_date,position`: names from the view's `ordering_fields` (a dict: public name → model
    path), `-` for descending. Empty dates sort last both ways, on SQLite and PostgreSQL alike; the view's
    `ordering_tiebreak` is appended so pages never overlap."""

    def requested(self, request, view) -> list[str] | None:
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            return None
        terms = [term.strip() for term in raw.split(",")]
        names = getattr(view, "ordering_fields", {})
        unknown = [term for term in terms if term.lstrip("-") not in names or term.count("-") > 1]
        if unknown or not terms:
            message = _("Order by one or more of %(names)s, separated by commas, each with “-” for descending.")
            raise InvalidQuery({self.ordering_param: [message % {"names": ", ".join(names)}]})
        return terms

    def filter_queryset(self, request, queryset, view):
        terms = self.requested(request, view) or list(getattr(view, "ordering", []))
        names = getattr(view, "ordering_fields", {})
        expressions, ordered = [], set()
        for term in terms:
            name = term.lstrip("-")
            path = _column(queryset, names.get(name, name))
            ordered.add(path)
            # "Empty last" only where a column can be empty: said of a column that never is, it kept PostgreSQL
            # from reading an index in order (a backward scan puts NULLs first).
            nulls_last = True if _nullable(queryset, path) else None
            column = F(path)
            expressions.append(
                column.desc(nulls_last=nulls_last) if term.startswith("-") else column.asc(nulls_last=nulls_last)
            )
        tiebreak = [_column(queryset, path) for path in getattr(view, "ordering_tiebreak", ["pk"])]
        expressions += [F(path).asc() for path in tiebreak if path not in ordered]
        return queryset.order_by(*expressions)

    def get_schema_operation_parameters(self, view):
        names = list(getattr(view, "ordering_fields", {}))
        one = "-?(" + "|".join(re.escape(name) for name in names) + ")"
        default = ",".join(getattr(view, "ordering", []))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": _("Sort by %(names)s (comma-separated; “-” for descending). Default: %(default)s.")
                % {"names": ", ".join(names), "default": default},
                "schema": {"type": "string", "pattern": f"^{one}(,{one})*$", "maxLength": 200},
            }
        ]
