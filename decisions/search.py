"""Free-text search over the decision record, in one place so the API, the pages and the admin agree.

On PostgreSQL it is full-text search: English stemming over the English columns and Spanish stemming over
the Spanish ones, so "migrants" finds "migrant" and "migrantes" finds "migrante"; the words of the query are
read as a web search (quoted phrases, `-word` to exclude, `or`). On SQLite, which has no such thing, every
word of the query must appear (case-insensitively) in one of the searched columns.

The querysets keep their shape: search narrows them, never joins rows in (so no duplicates, no DISTINCT).
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

# The most a query string is allowed to weigh: longer ones are cut, not refused.
MAX_QUERY_LENGTH = 200

DECISION_FIELDS = ("text_en", "text_es")
ACTION_FIELDS = ("title_en", "title_es", "description_en", "description_es")
MEETING_FIELDS = ("title_en", "title_es", "city_en", "city_es")
UPDATE_FIELDS = ("note",)


def normalise_query(query: str | None) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def full_text_available() -> bool:
    return connection.vendor == "postgresql"


def search(queryset: QuerySet, query: str | None, fields: tuple[str, ...]) -> QuerySet:
    """Rows of `queryset` whose `fields` match `query`. Fields ending in `_es` are read as Spanish, the
    others as English. An empty query returns the queryset unchanged."""
    query = normalise_query(query)
    if not query:
        return queryset
    if full_text_available():
        return _full_text(queryset, query, fields)
    return contains_every_word(queryset, query, fields)


def search_decisions(queryset: QuerySet, query: str | None) -> QuerySet:
    return search(queryset, query, DECISION_FIELDS)


def search_actions(queryset: QuerySet, query: str | None) -> QuerySet:
    return search(queryset, query, ACTION_FIELDS)


def search_meetings(queryset: QuerySet, query: str | None) -> QuerySet:
    return search(queryset, query, MEETING_FIELDS)


def search_updates(queryset: QuerySet, query: str | None) -> QuerySet:
    return search(queryset, query, UPDATE_FIELDS)


def search_names(queryset: QuerySet, query: str | None, fields: tuple[str, ...]) -> QuerySet:
    """Names, codes and titles (parties, themes, documents): every word as a substring, on any database,
    because codes such as "MX" or "IOM" are not words a full-text index stems."""
    query = normalise_query(query)
    return contains_every_word(queryset, query, fields) if query else queryset


def _config(field: str) -> str:
    return "spanish" if field.endswith("_es") else "english"


def _full_text(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    vector = None
    for field in fields:
        part = SearchVector(field, config=_config(field))
        vector = part if vector is None else vector + part
    configs = sorted({_config(field) for field in fields})
    search_query = None
    for config in configs:
        part = SearchQuery(query, config=config, search_type="websearch")
        search_query = part if search_query is None else search_query | part
    return queryset.annotate(_search_vector=vector).filter(_search_vector=search_query)


def contains_every_word(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    condition = Q()
    for word in query.split():
        word = word.strip('"')
        if not word or word.lower() == "or":
            continue
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition)
