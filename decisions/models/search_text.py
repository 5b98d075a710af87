"""The search column of the records people search in free text (meetings, decisions, actions).

`search_text` holds the record's searched texts in both languages, folded (decisions/rules/folding.py): what
search on SQLite compares each folded word of a query with (PostgreSQL searches the language columns themselves,
with stemming; decisions/selectors/search.py decides). It is derived from the row's own fields, so it is kept
where every save passes, like the revision of `Versioned`: a service, the admin, the seed ledger's `upsert()`, a
test's factory. Bulk inserts, which save nothing, fill it themselves with `fill_search_text()`
(decisions/demo/write.py).
"""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from decisions.rules.folding import folded_texts


class SearchText(models.Model):
    # The translated fields searched, each language's column named (title_en, title_es, …).
    SEARCHED_FIELDS: tuple[str, ...] = ()

    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or _touches(update_fields, self.SEARCHED_FIELDS):
            fill_search_text(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


def fill_search_text(record: SearchText) -> SearchText:
    """Set the record's search column from its texts (for bulk inserts; `save()` does it for everything else)."""
    record.search_text = folded_texts(getattr(record, name) for name in record.SEARCHED_FIELDS)
    return record


def _touches(update_fields: Iterable[str], searched: tuple[str, ...]) -> bool:
    # "title" (the active language's, through modeltranslation) stands for title_en and title_es.
    bases = {name.rsplit("_", 1)[0] for name in searched}
    return any(name in searched or name in bases for name in update_fields)
