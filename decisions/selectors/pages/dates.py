"""Dates the pages reason with: "as of" from the URL, "six months ago" for staleness."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# The first meeting of the Conference: no status can be asked for before it.
EARLIEST_AS_OF = datetime.date(1996, 1, 1)
_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def months_subtract(*, day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, or that month's last day when it is shorter (31 Aug → 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class AsOf:
    """The day a page shows: today (`historical` false) or the day asked for in `?as_of=`."""

    day: datetime.date
    historical: bool
    error: str = ""


def as_of_parse(*, raw: str | None, today: datetime.date) -> AsOf:
    """Read `?as_of=YYYY-MM-DD`. A date that is malformed, impossible, in the future or before the Conference
    existed gives today's view with an error saying why, never an exception."""
    if raw is None or raw.strip() == "":
        return AsOf(today, historical=False)
    raw = raw.strip()
    if not _ISO_DAY.match(raw):
        message = _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2005-05-01.")
        return AsOf(today, False, message % {"value": raw})
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        return AsOf(today, False, _("%(value)s is not a day of the calendar.") % {"value": raw})
    if day > today:
        return AsOf(today, False, _("%(day)s is in the future.") % {"day": raw})
    if day < EARLIEST_AS_OF:
        return AsOf(
            today,
            False,
            _("%(day)s is before the Conference existed.") % {"day": raw},
        )
    return AsOf(day, historical=day != today)
