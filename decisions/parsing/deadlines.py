"""Deadlines: the future-facing dates and periods a decision names, with their precision.

"during the fourth quarter of 2004" is due 2004-12-31 with precision "quarter"; "before the next
meeting" has no date at all. Dates on or before the meeting itself are history, not deadlines.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from .dates import (
    MONTH_PATTERN,
    QUARTERS,
    YEAR_PATTERN,
    month_end,
    month_number,
    quarter_end,
    safe_date,
    year_end,
)
from .model import Deadline
from .ordinals import roman_to_int

_M = rf"(?:{MONTH_PATTERN})"
_D = r"\d{1,2}(?:st|nd|rd|th|º|°)?"
_Y = YEAR_PATTERN

# Words that introduce a deadline; kept in Deadline.text because they carry meaning ("by" vs "in").
_EN_BY = r"(?:by|before|on|until|till|no later than|not later than|prior to)"
_EN_IN = r"(?:by|in|during|before|until|till|for|within|through|throughout|no later than|not later than|at)"
_ES_BY = r"(?:a\s+m[aá]s\s+tardar|antes\s+del?|hasta|para|no\s+m[aá]s\s+tarde\s+del?)"
_ES_IN = r"(?:en|durante|para|antes\s+de|a\s+m[aá]s\s+tardar\s+en|a\s+lo\s+largo\s+de|hasta)"
# "a finales de 2005": "a" alone is too common a word to introduce a deadline by itself.
_ES_LATE = r"(?:(?:en|para|antes\s+de|hasta|a)\s+(?:finales|fines)\s+del?)"

_QUARTER_WORDS = "|".join(sorted(QUARTERS, key=len, reverse=True))


@dataclass(frozen=True)
class _Found:
    date: datetime.date | None
    precision: str
    start: datetime.date | None = None


def _day_of(text: str) -> int:
    return int(re.sub(r"\D", "", text))  # "1st", "1º" -> 1


def _date(match: re.Match[str], month: str, day: str, year: str) -> datetime.date | None:
    return safe_date(int(match[year]), month_number(match[month]), _day_of(match[day]))


def _range(match: re.Match[str]) -> _Found | None:
    end = _date(match, "m2", "d2", "y2")
    if end is None:
        return None
    start_year = int(match["y1"] or match["y2"])
    start = safe_date(start_year, month_number(match["m1"]), _day_of(match["d1"]))
    if start is not None and start > end and not match["y1"]:
        # "December 1 to January 31, 2006": the year written once is the end's.
        start = safe_date(start_year - 1, start.month, start.day)
    return _Found(end, "day", start)


def _day(match: re.Match[str]) -> _Found | None:
    found = _date(match, "m", "d", "y")
    return _Found(found, "day") if found else None


def _month(match: re.Match[str]) -> _Found:
    return _Found(month_end(int(match["y"]), month_number(match["m"])), "month")


def _quarter(match: re.Match[str]) -> _Found:
    groups = match.groupdict()
    quarter = QUARTERS.get((groups.get("q") or "").lower()) or int(groups["qn"])
    return _Found(quarter_end(int(match["y"]), quarter), "quarter")


def _semester(match: re.Match[str]) -> _Found:
    half = 1 if match["s"].lower() in {"first", "1st", "primer", "primero"} else 2
    return _Found(month_end(int(match["y"]), 6 * half), "semester")


def _year(match: re.Match[str]) -> _Found:
    return _Found(year_end(int(match["y"])), "year")


def _next_meeting(match: re.Match[str]) -> _Found:
    return _Found(None, "next_meeting")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace(" ", r"\s+"), re.IGNORECASE)


# Most specific first: a span taken by one pattern is not read again by a looser one, so the
# "December 31, 2005" inside a range never becomes a separate day deadline.
_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Found | None]]] = [
    (
        _rx(
            rf"(?:(?:from|between) )?(?P<m1>{_M}) (?P<d1>{_D})(?:,\s*(?P<y1>{_Y}))?"
            rf"\s*(?:through|thru|to|until|and|-|–)\s*(?P<m2>{_M}) (?P<d2>{_D}),? (?P<y2>{_Y})"
        ),
        _range,
    ),
    (
        _rx(
            rf"(?:(?:from|between) )?(?P<d1>{_D}) (?P<m1>{_M})(?: (?P<y1>{_Y}))?"
            rf"\s*(?:through|to|until|and|-|–)\s*(?P<d2>{_D}) (?P<m2>{_M}),? (?P<y2>{_Y})"
        ),
        _range,
    ),
    (
        _rx(
            rf"(?:del|desde el|entre el) (?P<d1>{_D}) de (?P<m1>{_M})(?: del? (?P<y1>{_Y}))?"
            rf" (?:al|hasta el|y el) (?P<d2>{_D}) de (?P<m2>{_M}) del? (?P<y2>{_Y})"
        ),
        _range,
    ),
    (
        _rx(
            rf"(?:{_EN_IN} )?(?:the end of )?(?:the )?(?P<q>{_QUARTER_WORDS}) quarter"
            rf" of (?:the year )?(?P<y>{_Y})"
        ),
        _quarter,
    ),
    (_rx(rf"(?:{_EN_IN} )?Q(?P<qn>[1-4])\s*(?P<y>{_Y})"), _quarter),
    (
        _rx(
            rf"(?:{_EN_IN} )?(?:the end of )?(?:the )?(?P<s>first|second|1st|2nd) (?:semester|half)"
            rf" of (?:the year )?(?P<y>{_Y})"
        ),
        _semester,
    ),
    (
        _rx(rf"(?:{_ES_LATE} |{_ES_IN} )?(?:el )?(?P<s>primer|primero|segundo) semestre del? (?:año )?(?P<y>{_Y})"),
        _semester,
    ),
    (
        _rx(rf"(?:{_ES_LATE} |{_ES_IN} )?el (?P<q>{_QUARTER_WORDS}) trimestre del? (?:año )?(?P<y>{_Y})"),
        _quarter,
    ),
    (_rx(rf"(?:{_EN_BY} )?(?P<m>{_M}) (?P<d>{_D}),? (?P<y>{_Y})"), _day),
    (_rx(rf"(?:{_EN_BY} )?(?P<d>{_D}) (?P<m>{_M}),? (?P<y>{_Y})"), _day),
    (_rx(rf"(?:{_ES_BY} )?(?:el )?(?P<d>{_D}) de (?P<m>{_M}) del? (?P<y>{_Y})"), _day),
    (_rx(rf"(?:{_EN_IN} )?(?:the end of )?(?P<m>{_M}),? (?:of )?(?P<y>{_Y})"), _month),
    (_rx(rf"(?:{_ES_LATE} |{_ES_IN} )?(?:el mes de )?(?P<m>{_M}) del? (?P<y>{_Y})"), _month),
    (_rx(rf"{_EN_IN} (?:the end of )?(?:the )?(?:year |course of )?(?P<y>{_Y})"), _year),
    (_rx(rf"(?:{_ES_LATE}|{_ES_IN}) (?:el )?(?:año |transcurso del? (?:año )?)?(?P<y>{_Y})"), _year),
    (
        _rx(
            r"(?:before|at|by|prior to|during|for|until) the (?:next|upcoming|following)"
            r" (?:[\w-]+ ){0,3}?(?:meeting|conference|session)\b"
        ),
        _next_meeting,
    ),
    (
        _rx(
            r"(?:antes de|en|para|durante|hasta) la (?:pr[oó]xima|siguiente)"
            r" (?:[\w-]+ ){0,3}?(?:reuni[oó]n|conferencia)(?: viceministerial)?\b"
        ),
        _next_meeting,
    ),
]

# "the theme of the RCM in 2002", "the meetings of the Coalition in 2014", "el plan de trabajo para el año
# 2011": a year that says which theme, meetings or plan, not by when something is due.
_QUALIFIED_NOUN = re.compile(
    r"\b(?:theme|tema|meetings?|reuni[oó]n|reuniones|coalition|coalici[oó]n|plan|budget|presupuesto"
    r"|program(?:me)?|programa|calendar|calendario)\b",
    re.IGNORECASE,
)
_PLAIN_IN = re.compile(r"^(?:in|en|for|para)\s", re.IGNORECASE)
_QUALIFIER_REACH = 80  # characters before "in 2002" where the noun it qualifies may stand

# "by July 21st, at the latest": a day with no year is in the meeting's year (or the next, once past).
_YEARLESS = [
    _rx(rf"(?:by|before|no later than|not later than|until|prior to) (?P<m>{_M}) (?P<d>{_D})(?!,? \d)"),
    _rx(rf"(?:a\s+m[aá]s\s+tardar|antes|hasta) (?:el|del) (?P<d>{_D}) de (?P<m>{_M})(?! del? \d)"),
]

# "at the X Meeting" is the next meeting when X is this meeting's ordinal plus one.
_ORDINAL_MEETING = _rx(
    r"(?:before|at|by|prior to|during|for|antes de|en|para|durante) (?:the |la )?(?P<roman>[IVXLC]+) "
    r"(?:(?:Vice-?Ministerial |Viceministerial )?Meeting|Reuni[oó]n)\b"
)


def find_deadline(
    text: str, meeting_start: datetime.date | None = None, meeting_ordinal: int | None = None
) -> Deadline | None:
    """The deadline that comes first, or None. Dates on or before `meeting_start` are ignored."""
    candidates = find_deadlines(text, meeting_start, meeting_ordinal)
    if not candidates:
        return None
    # A meeting-relative deadline has no date: rank it about a year out, where the next meeting is.
    horizon = meeting_start + datetime.timedelta(days=365) if meeting_start else datetime.date.max
    return min(candidates, key=lambda deadline: deadline.date or horizon)


def find_deadlines(
    text: str, meeting_start: datetime.date | None = None, meeting_ordinal: int | None = None
) -> list[Deadline]:
    """All future-facing deadlines, in text order."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Deadline]] = []
    for pattern, build in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            result = build(match)
            if result is None or _is_past(result, meeting_start) or _qualifies_a_noun(text, match, result):
                continue
            found.append((match.start(), Deadline(result.date, result.precision, match.group(), result.start)))
    found.extend(_yearless_days(text, meeting_start, taken))
    found.extend(_ordinal_meetings(text, meeting_ordinal, taken))
    return [deadline for _, deadline in sorted(found, key=lambda pair: pair[0])]


def _is_past(found: _Found, meeting_start: datetime.date | None) -> bool:
    return found.date is not None and meeting_start is not None and found.date <= meeting_start


def _qualifies_a_noun(text: str, match: re.Match[str], found: _Found) -> bool:
    if found.precision != "year" or not _PLAIN_IN.match(match.group()):
        return False
    clause = re.split(r"[,;:]", text[max(0, match.start() - _QUALIFIER_REACH) : match.start()])[-1]
    return bool(_QUALIFIED_NOUN.search(clause))


def _yearless_days(
    text: str, meeting_start: datetime.date | None, taken: list[tuple[int, int]]
) -> list[tuple[int, Deadline]]:
    if meeting_start is None:
        return []
    found = []
    for pattern in _YEARLESS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            due = safe_date(meeting_start.year, month_number(match["m"]), _day_of(match["d"]))
            if due is not None and due <= meeting_start:
                due = safe_date(meeting_start.year + 1, due.month, due.day)
            if due is not None:
                taken.append(match.span())
                found.append((match.start(), Deadline(due, "day", match.group())))
    return found


def _ordinal_meetings(
    text: str, meeting_ordinal: int | None, taken: list[tuple[int, int]]
) -> list[tuple[int, Deadline]]:
    if meeting_ordinal is None:
        return []
    found = []
    for match in _ORDINAL_MEETING.finditer(text):
        if roman_to_int(match["roman"].upper()) != meeting_ordinal + 1:
            continue
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        found.append((match.start(), Deadline(None, "next_meeting", match.group())))
    return found
