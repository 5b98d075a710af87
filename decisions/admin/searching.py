"""The admin's search box reads what people type as the site does (decisions/selectors/search.py: accents and case do
not count, in either language; a citation names its item), plus the few fields typed as they are stored (an
address, an item's number, a party's name), which stay in `search_fields`."""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from decisions.selectors.search import citation_condition, query_normalise


class TextSearchAdmin:
    # One of decisions/selectors/search.py's functions: (*, queryset, query) → the rows whose texts match.
    text_search: Callable[..., QuerySet]
    # How an item's citation reaches this model ("decision__" from an action), or None when it does not.
    citation_prefix: str | None = None

    def get_search_results(self, request, queryset, search_term):
        if not query_normalise(query=search_term):
            return super().get_search_results(request, queryset, search_term)
        if self.citation_prefix is not None:
            cited = citation_condition(query=search_term, prefix=self.citation_prefix)
            if cited is not None:  # "D4", "IX D15.a": that item alone (the list and every autocomplete)
                return queryset.filter(cited), False
        by_text = self.text_search(queryset=self.model._default_manager.all(), query=search_term).values("pk")
        by_fields, _duplicates = super().get_search_results(request, queryset, search_term)
        # Filtered by key, so a row matched through a join is listed once.
        return queryset.filter(Q(pk__in=by_text) | Q(pk__in=by_fields.values("pk"))), False
