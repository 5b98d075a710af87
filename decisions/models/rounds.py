"""Reporting rounds: before a meeting the Secretariat asks every party that must answer to report on the open
actions addressed to it, and each party answers in one packet.

A `ReportingRound` says which meetings' decisions it covers and which parties must answer; a `PacketAnswer` is
one party's answer on one action of the round — a draft its focal points share until the packet is submitted,
when each answer becomes a progress report waiting for the Secretariat's review (decisions/services/rounds.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from decisions.rules.status import ActionStatus
from members.models import Party
from rcm.constraints import ChecksDecidedInPython
from rcm.versioning import Versioned

# What a packet asks about: an action that still owes work or reports (a standing commitment included), or one
# this round already has an answer on (so an answer that completed it still counts as answered).
PACKET_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.ONGOING)


class ReportingRound(ChecksDecidedInPython, Versioned):
    title = models.CharField(_("title"), max_length=250, help_text=_("E.g. “Report to the X Meeting”."))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    meetings = models.ManyToManyField(
        "decisions.Meeting",
        related_name="reporting_rounds",
        verbose_name=_("meetings covered"),
        help_text=_("The open actions of these meetings' decisions are asked about."),
    )
    parties = models.ManyToManyField(
        Party,
        related_name="reporting_rounds",
        verbose_name=_("parties that must answer"),
        blank=True,
        help_text=_("Leave empty for every member state on the closing date."),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("opened by"),
    )
    # Each reminder goes once per round: set when it is queued, under the round's row lock.
    reminder_before_sent_at = models.DateTimeField(
        _("reminder before closing sent at"), null=True, blank=True, editable=False
    )
    reminder_after_sent_at = models.DateTimeField(
        _("reminder after closing sent at"), null=True, blank=True, editable=False
    )
    # Set when the Secretariat freezes the round's report as presented to the meeting (services/snapshots.py):
    # answers stop then, and the report as known at that moment is kept in its `ReportSnapshot`.
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-closes_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="round_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def get_absolute_url(self) -> str:
        return reverse("workflow:round-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Answers are taken from the moment the Secretariat opens the round until it is frozen."""
        return self.opened_at is not None and self.frozen_at is None


class AnswerKind(models.TextChoices):
    NEW_STATUS = "new_status", _("New status")
    NOTE = "note", _("Note only")
    NO_CHANGE = "no_change", _("No change since the last report")


class AnswerState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class PacketAnswer(ChecksDecidedInPython, Versioned):
    """One party's answer on one action of a round. `revision` (rcm.versioning.Versioned) is the optimistic
    lock two focal points of one party share: a save states the revision it read."""

    Kind = AnswerKind
    State = AnswerState

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="answers", verbose_name=_("reporting round")
    )
    action = models.ForeignKey(
        "decisions.Action", on_delete=models.PROTECT, related_name="packet_answers", verbose_name=_("action")
    )
    # The party answering: the action's responsible party when the answer was written (counted per party).
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="packet_answers", verbose_name=_("party"))
    kind = models.CharField(_("answer"), max_length=12, choices=AnswerKind.choices)
    status = models.CharField(_("new status"), max_length=12, choices=ActionStatus.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)
    state = models.CharField(_("state"), max_length=10, choices=AnswerState.choices, default=AnswerState.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="packet_answers",
        verbose_name=_("last written by"),
    )
    author_name = models.CharField(_("author's name"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The progress report the answer became when the packet was submitted.
    update = models.OneToOneField(
        "decisions.ProgressUpdate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="packet_answer",
        verbose_name=_("progress report"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("packet answer")
        verbose_name_plural = _("packet answers")
        ordering = ["round", "party", "action"]
        constraints = [
            models.UniqueConstraint(fields=["round", "action"], name="packet_answer_once_per_action"),
            models.CheckConstraint(condition=Q(kind__in=AnswerKind.values), name="packet_answer_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=AnswerState.values), name="packet_answer_state_valid"),
            # A new status names one; the other kinds set none.
            models.CheckConstraint(
                condition=(Q(kind=AnswerKind.NEW_STATUS) & Q(status__in=ActionStatus.values))
                | (~Q(kind=AnswerKind.NEW_STATUS) & Q(status="")),
                name="packet_answer_status_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["round", "party", "state"], name="packet_answer_round_party")]

    def __str__(self) -> str:
        return f"{self.round} — {self.action} ({self.get_kind_display()})"


class ReportSnapshot(models.Model):
    """The implementation report of a frozen round as the Secretariat knew it at the moment of freezing: every
    covered meeting's items, actions and last validated updates, the round's completeness and the changes since
    the previous frozen round, in one canonical JSON document (decisions/selectors/pages/implementation_report.py
    writes and reads it). Never edited: later reports change the live record, not this one. Each row of the
    payload is tagged with who may read it; readers get it filtered by their scope when it is read."""

    round = models.OneToOneField(
        ReportingRound, on_delete=models.PROTECT, related_name="snapshot", verbose_name=_("reporting round")
    )
    taken_at = models.DateTimeField(_("taken at"))
    # The day the statuses were read on (the Secretariat's local day at `taken_at`): "known on …".
    known_on = models.DateField(_("known on"))
    payload = models.JSONField(_("report"), editable=False)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        ordering = ["-taken_at", "-pk"]

    def __str__(self) -> str:
        return str(self.round)
