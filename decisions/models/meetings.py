"""Meetings of the Conference and who took part in each."""

import datetime
import functools
import uuid
from collections.abc import Mapping
from pathlib import PurePath

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from decisions.models.evidence import private_storage
from decisions.models.search_text import SearchText
from members.models import Party
from rcm.constraints import ChecksDecidedInPython
from rcm.errors import field_error
from rcm.versioning import Versioned


@functools.lru_cache(maxsize=1024)  # filters label every meeting with one
@functools.lru_cache(maxsize=4096)
def roman_numeral(number: int) -> str:
    """9 → "IX". Past what Roman numerals write (1 to 3999), the number itself: a label must never fail, not
    even for an ordinal an officer mistyped and the form is about to refuse."""
    if not 1 <= number <= 3999:
        return str(number)
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL")]
    numerals += [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        count, number = divmod(number, value)
        out += letters * count
    return out


def declaration_path(instance: "Meeting", filename: str) -> str:
    # Our own name (a UUID and the suffix): nothing of the sender's file name reaches the disk.
    return f"declarations/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class MeetingQuerySet(models.QuerySet):
    def published(self) -> "MeetingQuerySet":
        return self.filter(is_published=True)


class MeetingKind(models.TextChoices):
    VICE_MINISTERIAL = "vice_ministerial", _("Vice-Ministerial Meeting")
    EXTRAORDINARY = "extraordinary", _("Extraordinary Meeting")
    RCGM = "rcgm", _("Regional Consultation Group on Migration")
    NETWORK = "network", _("Network or working group of the RCM")
    OTHER = "other", _("Meeting of another body")


class Meeting(ChecksDecidedInPython, SearchText, Versioned):
    Kind = MeetingKind
    SEARCHED_FIELDS = ("title_en", "title_es", "city_en", "city_es")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), null=True, blank=True, help_text=_("9 for the IX Meeting.")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    city = models.CharField(_("city"), max_length=120, blank=True)
    host = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_meetings", verbose_name=_("host")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Drafts (a declaration just imported) are for the Secretariat only until published.
    is_published = models.BooleanField(_("published"), default=False)
    # The declaration exactly as received, kept so the record can always be checked against its source.
    source_text = models.TextField(_("source text"), blank=True)
    source_language = models.CharField(_("language of the source text"), max_length=8, default="en")
    # The file the declaration came in (Word or PDF), kept as received; private like evidence: drafts are the TS's.
    source_file = models.FileField(
        _("source file"), upload_to=declaration_path, storage=private_storage, blank=True, max_length=200
    )
    # The source text's fingerprint (parsing.text.text_fingerprint): a re-import is recognised by content.
    source_digest = models.CharField(_("fingerprint of the source text"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start_date", "-ordinal"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid"),
            models.UniqueConstraint(fields=["kind", "ordinal"], name="meeting_ordinal_unique_per_kind"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:meeting-detail", kwargs={"slug": self.slug})

    @property
    def short_label(self) -> str:
        """How lists cite a meeting: "IX 2004", "RCGM San José 2005"."""
        return meeting_label(kind=self.kind, ordinal=self.ordinal, city=self.city, start_date=self.start_date)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise field_error(field="end_date", message=_("A meeting cannot end before it starts."), code="dates")


MEETING_KINDS = frozenset(MeetingKind.values)


def meeting_label(
    *,
    kind: str,
    ordinal: int | None,
    city: str | None,
    start_date: datetime.date | None,
    kind_labels: Mapping[str, str] | None = None,
) -> str:
    """`Meeting.short_label` from the meeting's columns alone, for lists that label every meeting without
    making a model of each (the filters' meeting choices). A list passes `kind_labels` (`meeting_kind_labels()`),
    so that each kind's label is translated once, not once per meeting."""
    year = start_date.year if start_date else None
    if ordinal and kind == MeetingKind.VICE_MINISTERIAL:
        parts = (roman_numeral(ordinal), year)
    elif kind_labels is not None:
        parts = (kind_labels.get(kind, kind), city, year)
    else:
        # The kind's label from its enum (get_kind_display() rebuilds the choices' dictionary on every call); an
        # unknown kind as it is written, as get_kind_display() shows it.
        parts = (MeetingKind(kind).label if kind in MEETING_KINDS else kind, city, year)
    return " ".join(str(part) for part in parts if part)


def meeting_kind_labels() -> dict[str, str]:
    """Each kind's label in the active language, for `meeting_label(kind_labels=…)`."""
    return {value: str(label) for value, label in MeetingKind.choices}


class ParticipationCapacity(models.TextChoices):
    MEMBER = "member", _("Member state")
    OBSERVER = "observer", _("Observer")
    GUEST = "guest", _("Guest")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class Participation(ChecksDecidedInPython, Versioned):
    """That a party attended a meeting, and in which capacity (membership is kept apart: see Membership)."""

    Capacity = ParticipationCapacity

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participations", verbose_name=_("meeting")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="participations", verbose_name=_("party"))
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["meeting", "capacity", "party__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__in=ParticipationCapacity.values), name="participation_capacity_valid"
            ),
            models.UniqueConstraint(fields=["meeting", "party"], name="participation_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.get_capacity_display()})"
