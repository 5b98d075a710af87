"""Calendar words shared by the header and the deadline readers (English and Spanish)."""

from __future__ import annotations

import calendar
import datetime

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}

QUARTERS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "last": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "primer": 1,
    "segundo": 2,
    "tercer": 3,
    "cuarto": 4,
    "último": 4,
    "ultimo": 4,
}

# Longest first so that "septiembre" is tried before "sept…" style prefixes would be.
MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
YEAR_PATTERN = r"(?:19|20)\d\d(?!\d)"


def month_number(name: str) -> int:
    return MONTHS[name.lower()]


def safe_date(year: int, month: int, day: int) -> datetime.date | None:
    """A date, or None for an impossible one ("February 30") rather than an exception."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> datetime.date:
    return month_end(year, quarter * 3)


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)
