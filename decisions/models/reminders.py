"""What reminder went to whom on which day, so that a second run the same day sends nothing new."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rcm.constraints import ChecksDecidedInPython


class ReminderLogKind(models.TextChoices):
    FOCAL_POINT_DIGEST = "focal_point_digest", _("Focal point's digest of due and overdue actions")
    SECRETARIAT_DIGEST = "secretariat_digest", _("Secretariat's digest of reports awaiting review")


class ReminderLog(ChecksDecidedInPython):
    Kind = ReminderLogKind

    recipient = models.EmailField(_("recipient"))
    kind = models.CharField(_("kind"), max_length=24, choices=ReminderLogKind.choices)
    sent_on = models.DateField(_("sent on"))
    item_count = models.PositiveIntegerField(_("items"), default=0)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_on", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "sent_on"], name="reminder_once_a_day"),
            models.CheckConstraint(condition=models.Q(kind__in=ReminderLogKind.values), name="reminder_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.sent_on})"
