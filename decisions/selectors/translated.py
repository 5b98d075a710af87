"""Translated text read in SQL: what a model's translated field shows in the active language, as
django-modeltranslation resolves it, for queries that read values rather than models."""

from collections.abc import Iterator

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from decisions.models import Meeting
from decisions.models.meetings import meeting_kind_labels, meeting_label


def text_shown(*, field: str) -> Coalesce:
    """SQL for what `instance.<field>` shows in the active language: the first of its translations, in the
    fallback order, that is not empty: django-modeltranslation's rule, so what a query reads is what the model
    would show (the dashboard groups actions by the titles shown; filters label meetings by their city)."""
    languages = resolution_order(get_language())
    translations = [NullIf(F(build_localized_fieldname(field, language)), Value("")) for language in languages]
    return Coalesce(*translations, Value(""), output_field=CharField())


def meeting_labels(*, meetings: QuerySet[Meeting]) -> Iterator[tuple[str, str]]:
    """Each meeting's slug and `short_label`, in the queryset's order, read as values: a filter lists every
    meeting, and making a model of each cost more than the rest of a page holding one."""
    # Read without django-modeltranslation's rewriting (`rewrite(False)`): no translated field is asked for by its
    # plain name (the city shown is `text_shown`'s), and its fallback iterator cost a third of the list.
    rows = meetings.rewrite(False).annotate(shown_city=text_shown(field="city"))
    kinds = meeting_kind_labels()
    for slug, kind, ordinal, city, start_date in rows.values_list(
        "slug", "kind", "ordinal", "shown_city", "start_date"
    ):
        yield slug, meeting_label(kind=kind, ordinal=ordinal, city=city, start_date=start_date, kind_labels=kinds)
