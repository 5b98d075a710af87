"""What search compares: text casefolded with its accents stripped, so that "MIGRACIÓN", "migración" and
"migracion" are the same word, and "Mexico" finds "México".

Plain Python, no Django: the search column each searched record keeps (`models/search_text.py`), the words of a
query on SQLite, SQLite's `rcm_fold()` SQL function and the migration that filled the column all fold alike.
PostgreSQL folds with its `unaccent` extension instead (decisions/selectors/search.py), which maps the same letters.
"""

import unicodedata
from collections.abc import Iterable


def text_fold(*, text: str | None) -> str:
    """Casefolded, then decomposed (NFKD) and stripped of combining marks: "Á" → "a", "ñ" → "n", "ﬁ" → "fi"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def folded_texts(texts: Iterable[str | None]) -> str:
    """Several texts (a record's fields in both languages) folded into one, a line each, empty ones left out."""
    return "\n".join(text_fold(text=text) for text in texts if text)
