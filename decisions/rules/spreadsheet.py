"""Text bound for a spreadsheet: the one rule that keeps a cell of any download (the site's CSV and XLSX, the
API's CSV, paged or streamed) from running as a formula when it is opened."""

# What a spreadsheet may read as the start of a formula (OWASP, "CSV injection"): = + - @, and a tab or a
# carriage return, after which some programs still read one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_escape(*, text: str) -> str:
    """`text` with an apostrophe before it when it starts like a formula: spreadsheets show it as text, and the
    apostrophe is all that changes."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
