"""Free-text search over the decision record, in one place so the API, the pages and the admin agree.

What people type is found whatever its accents and its case, in either language, on either database:
"Mexico" finds "México", "migracion" finds "migración", "MIGRACIÓN" finds "migracion".

- On PostgreSQL it is full-text search: English stemming over the English columns and Spanish stemming over the
  Spanish ones, so "migrants" finds "migrant" and "migrantes" finds "migrante"; the columns and the query pass
  through the `unaccent` extension before stemming, so accents do not count (and the case never did). The words
  of the query are read as a web search (quoted phrases, `-word` to exclude, `or`).
- On SQLite, which has no such thing, every word of the query, folded (decisions/rules/folding.py: casefolded,
  accents stripped), must appear in the record's search column (`search_text`: its texts in both languages,
  folded the same way, kept by every save). Records without one (progress notes) and names compare their
  columns folded in SQL (`Folded`: PostgreSQL's unaccent(lower()), SQLite's `rcm_fold()`, the same folding
  registered as a function on every connection).

The querysets keep their shape: search narrows them, never joins rows in (so no duplicates, no DISTINCT).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, connections
from django.db.models import F, Func, Q, QuerySet, TextField, Value

from decisions.models import Action, Decision, Meeting
from decisions.parsing.ordinals import roman_to_int
from decisions.rules.folding import text_fold

# The most a query string is allowed to weigh: longer ones are cut, not refused.
MAX_QUERY_LENGTH = 200

DECISION_FIELDS = Decision.SEARCHED_FIELDS
ACTION_FIELDS = Action.SEARCHED_FIELDS
MEETING_FIELDS = Meeting.SEARCHED_FIELDS
UPDATE_FIELDS = ("note",)


def query_normalise(*, query: str | None) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def full_text_available() -> bool:
    return connection.vendor == "postgresql"


def queryset_search(*, queryset: QuerySet, query: str | None, fields: tuple[str, ...]) -> QuerySet:
    """Rows of `queryset` whose `fields` match `query`. Fields ending in `_es` are read as Spanish, the
    others as English. An empty query returns the queryset unchanged."""
    query = query_normalise(query=query)
    if not query:
        return queryset
    if full_text_available():
        return _full_text(queryset, query, fields)
    if set(fields) <= set(getattr(queryset.model, "SEARCHED_FIELDS", ())):
        return queryset.filter(_every_word_in("search_text", query))
    return words_filter_all(queryset=queryset, query=query, fields=fields)


def decision_search(*, queryset: QuerySet, query: str | None) -> QuerySet:
    """Items whose text matches, or the item a citation names ("D4", "IX D15.a", "IX 2004 · C3")."""
    cited = citation_condition(query=query)
    return (
        queryset.filter(cited)
        if cited is not None
        else queryset_search(queryset=queryset, query=query, fields=DECISION_FIELDS)
    )


def action_search(*, queryset: QuerySet, query: str | None) -> QuerySet:
    """Actions whose title or description matches, or the actions of the item a citation names."""
    cited = citation_condition(query=query, prefix="decision__")
    return (
        queryset.filter(cited)
        if cited is not None
        else queryset_search(queryset=queryset, query=query, fields=ACTION_FIELDS)
    )


# How people cite an item, as the site prints it: "D15.a", "C3", optionally after the meeting — its roman numeral
# ("IX"), its year ("2004") or both ("IX 2004 · D6"), or its slug ("ix-panama-city-2004 D6").
_CITATION = re.compile(
    r"^(?:(?P<meeting>[a-z0-9][a-z0-9-]*)\s+)??(?:(?P<year>(?:19|20)[0-9]{2})\s+)?"
    r"(?P<section>[cd])\s*(?P<number>[0-9]+)(?:\s*\.\s*(?P<child>[a-z]|[0-9]+))?$",
    re.IGNORECASE,
)


def citation_condition(*, query: str | None, prefix: str = "") -> Q | None:
    """The condition selecting the item a citation names, or None when the query is not a citation (then it is
    searched as words). `prefix` reaches the decision from another model ("decision__" from an action)."""
    text = query_normalise(query=query).replace("·", " ")
    match = _CITATION.match(" ".join(text.split()))
    if match is None:
        return None
    section = Decision.Section.COMMITMENT if match["section"].upper() == "C" else Decision.Section.DECISION
    if match["child"]:
        item = {"parent__section": section, "parent__number": match["number"], "number": match["child"].lower()}
    else:
        item = {"section": section, "number": match["number"], "parent__isnull": True}
    meeting, year = match["meeting"], match["year"]
    ordinal = roman_to_int(meeting.upper()) if meeting else None
    if ordinal is not None:
        item |= {"meeting__kind": Meeting.Kind.VICE_MINISTERIAL, "meeting__ordinal": ordinal}
    elif meeting:
        item["meeting__slug"] = meeting.lower()
    if year:
        item["meeting__start_date__year"] = int(year)
    return Q(**{prefix + name: value for name, value in item.items()})


def meeting_search(*, queryset: QuerySet, query: str | None) -> QuerySet:
    return queryset_search(queryset=queryset, query=query, fields=MEETING_FIELDS)


def update_search(*, queryset: QuerySet, query: str | None) -> QuerySet:
    return queryset_search(queryset=queryset, query=query, fields=UPDATE_FIELDS)


def name_search(*, queryset: QuerySet, query: str | None, fields: tuple[str, ...]) -> QuerySet:
    """Names, codes and titles (parties, themes, documents): every word as a substring, on any database,
    because codes such as "MX" or "IOM" are not words a full-text index stems."""
    query = query_normalise(query=query)
    return words_filter_all(queryset=queryset, query=query, fields=fields) if query else queryset


def _config(field: str) -> str:
    return "spanish" if field.endswith("_es") else "english"


def _unaccented(expression) -> Func:
    return Func(expression, function="unaccent", output_field=TextField())


def _full_text(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    vector = None
    for field in fields:
        part = SearchVector(_unaccented(F(field)), config=_config(field))
        vector = part if vector is None else vector + part
    configs = sorted({_config(field) for field in fields})
    search_query = None
    for config in configs:
        part = SearchQuery(_unaccented(Value(query)), config=config, search_type="websearch")
        search_query = part if search_query is None else search_query | part
    return queryset.annotate(_search_vector=vector).filter(_search_vector=search_query)


def query_split(*, query: str) -> list[str]:
    """The words every match must hold, folded (outside full-text search: quotes and "or" are not read)."""
    words = (text_fold(text=word.strip('"')) for word in query.split())
    return [word for word in words if word and word != "or"]


def _every_word_in(column: str, query: str) -> Q:
    condition = Q()
    for word in query_split(query=query):
        condition &= Q(**{f"{column}__contains": word})
    return condition


def words_filter_all(*, queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    """Every folded word of the query in one of the columns, folded too (names, codes, notes)."""
    condition = Q()
    for word in query_split(query=query):
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"_folded_{field}__contains": word})
        condition &= any_field
    return queryset.alias(**{f"_folded_{field}": Folded(F(field)) for field in fields}).filter(condition)


class Folded(Func):
    """A column casefolded and without accents, in SQL: what `fold()` does, for the columns that keep no folded
    copy. PostgreSQL's unaccent() (the extension) maps the same letters; on SQLite it is `fold()` itself."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="unaccent(lower(%(expressions)s))", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_FOLD, **extra_context)


SQLITE_FOLD = "rcm_fold"


def register_sqlite_fold(sender=None, connection=None, **kwargs) -> None:
    """`rcm_fold(text)` on a SQLite connection (connected to `connection_created`, and run for those open)."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, _fold_sql_value, deterministic=True)


def _fold_sql_value(value) -> str | None:
    # NULL stays NULL (it matches nothing, as on PostgreSQL); a number or a blob is compared as its text.
    return None if value is None else text_fold(text=value if isinstance(value, str) else str(value))


def register_sqlite_fold_on_open_connections() -> None:
    for open_connection in connections.all(initialized_only=True):
        if open_connection.connection is not None:
            register_sqlite_fold(connection=open_connection)
