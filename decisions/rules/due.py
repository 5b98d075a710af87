"""Due dates with a precision: "fourth quarter of 2004" is due 2004-12-31, precision quarter.

The date is always the last day of the stated period, so "overdue" is one comparison whatever the precision.
"Before the next meeting" (precision `next_meeting`) has no date until a later meeting of the same kind is
scheduled, then that meeting's first day (`next_meeting_due`; kept by services/next_meeting.py).
"""

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from decisions.parsing.dates import YEAR_PATTERN, year_end
from decisions.parsing.deadlines import find_deadlines
from rcm.errors import field_error


class DuePrecision(models.TextChoices):
    NONE = "none", _("No deadline")
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    SEMESTER = "semester", _("Half-year")
    YEAR = "year", _("Year")
    NEXT_MEETING = "next_meeting", _("Before the next meeting")


QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))
SEMESTER_ENDS = ((6, 30), (12, 31))


def period_end_is_valid(*, date: datetime.date | None, precision: str) -> bool:
    """Whether a date fits its precision (the full rule; the database checks a coarser one)."""
    if precision == DuePrecision.NONE:
        return date is None
    if precision == DuePrecision.NEXT_MEETING:
        return True  # the date is filled in once the next meeting is scheduled
    if date is None:
        return False
    if precision == DuePrecision.MONTH:
        return date.day == calendar.monthrange(date.year, date.month)[1]
    if precision == DuePrecision.QUARTER:
        return (date.month, date.day) in QUARTER_ENDS
    if precision == DuePrecision.SEMESTER:
        return (date.month, date.day) in SEMESTER_ENDS
    if precision == DuePrecision.YEAR:
        return (date.month, date.day) == (12, 31)
    return True


def precision_constraint(*, prefix: str) -> models.CheckConstraint:
    """The same rule as a database constraint. "Last day of the month" is checked as day ≥ 28 because
    SQLite and PostgreSQL share no expression for month lengths; `period_end_is_valid` checks it exactly."""
    date, precision = "due_date", "due_precision"
    quarter_end = Q()
    for month, day in QUARTER_ENDS:
        quarter_end |= Q(**{f"{date}__month": month, f"{date}__day": day})
    semester_end = Q()
    for month, day in SEMESTER_ENDS:
        semester_end |= Q(**{f"{date}__month": month, f"{date}__day": day})
    return models.CheckConstraint(
        condition=(
            Q(**{precision: DuePrecision.NONE, f"{date}__isnull": True})
            | Q(**{precision: DuePrecision.NEXT_MEETING})
            | Q(**{precision: DuePrecision.DAY, f"{date}__isnull": False})
            | Q(Q(**{precision: DuePrecision.MONTH, f"{date}__day__gte": 28}))
            | Q(Q(**{precision: DuePrecision.QUARTER}) & quarter_end)
            | Q(Q(**{precision: DuePrecision.SEMESTER}) & semester_end)
            | Q(**{precision: DuePrecision.YEAR, f"{date}__month": 12, f"{date}__day": 31})
        ),
        name=f"{prefix}_due_precision_matches_date",
    )


def due_format(*, date: datetime.date | None, precision: str) -> str:
    """A due date as people say it: "Q4 2004", "May 2005", "2005", "before the next meeting"."""
    if precision == DuePrecision.NONE or (date is None and precision != DuePrecision.NEXT_MEETING):
        return ""
    if precision == DuePrecision.NEXT_MEETING:
        if date is None:
            return gettext("before the next meeting")
        # "12 May 2005", "12 de mayo de 2005": the day the next meeting opens, in the reader's words.
        day = date_format(date, pgettext("the date a next meeting opens", "j F Y"))
        return gettext("before the next meeting (%(date)s)") % {"date": day}
    if precision == DuePrecision.YEAR:
        return str(date.year)
    if precision == DuePrecision.QUARTER:
        return f"Q{(date.month - 1) // 3 + 1} {date.year}"
    if precision == DuePrecision.SEMESTER:
        return f"H{1 if date.month <= 6 else 2} {date.year}"
    if precision == DuePrecision.MONTH:
        return date_format(date, "F Y")
    return date.isoformat()


def next_meeting_due(start: datetime.date | None, later_starts: Iterable[datetime.date | None]) -> datetime.date | None:
    """When "before the next meeting" falls for a meeting that started on `start`: the first of `later_starts` (the
    start dates of the meetings of its kind) after it; None while none is scheduled, or for a meeting with no date."""
    if start is None:
        return None
    return min((day for day in later_starts if day is not None and day > start), default=None)


class DueDateFields(models.Model):
    """A deadline as the text gave it: the date, its precision and the words."""

    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_precision = models.CharField(
        _("due date precision"), max_length=12, choices=DuePrecision.choices, default=DuePrecision.NONE
    )
    due_text = models.CharField(_("deadline as stated"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def due_label(self) -> str:
        return due_format(date=self.due_date, precision=self.due_precision)

    def get_constraints(self):
        # The precision rule is checked exactly by clean_due(); Django cannot evaluate its database form
        # against unsaved values on PostgreSQL (EXTRACT of an untyped parameter), so full_clean() skips it.
        return [
            (model, [c for c in constraints if not c.name.endswith("_due_precision_matches_date")])
            for model, constraints in super().get_constraints()
        ]

    def clean_due(self) -> None:
        if not period_end_is_valid(date=self.due_date, precision=self.due_precision):
            raise field_error(
                field="due_date",
                message=_("The due date must be the last day of the period its precision names."),
                code="due_precision",
            )


@dataclass(frozen=True)
class TypedDeadline:
    """What a person's words for a deadline come to: the stored date, precision and words."""

    date: datetime.date | None
    precision: str
    text: str

    @property
    def label(self) -> str:
        return due_format(date=self.date, precision=self.precision)


NO_DEADLINE = TypedDeadline(None, DuePrecision.NONE, "")
_BARE_YEAR = re.compile(rf"^{YEAR_PATTERN}$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def deadline_read(*, text: str) -> TypedDeadline | None:
    """A deadline as people type it ("Q4 2002", "first half of 2005", "31 December 2005", "2005-06-30", "2005",
    "before the next meeting"), read by the importer's parser; NO_DEADLINE for an empty text, None for a text
    that names no deadline or more than one (the form says so rather than guess)."""
    words = " ".join(text.split())
    if not words:
        return NO_DEADLINE
    if _BARE_YEAR.match(words):  # the parser wants "in 2005"; alone in a deadline field, a year is one
        return TypedDeadline(year_end(int(words)), DuePrecision.YEAR, words)
    if _ISO_DAY.match(words):
        try:
            return TypedDeadline(datetime.date.fromisoformat(words), DuePrecision.DAY, words)
        except ValueError:
            return None
    found = find_deadlines(words)
    if len(found) != 1:
        return None
    return TypedDeadline(found[0].date, found[0].precision, words)
