"""Every e-mail the tracker sends, written in the same transaction as the change it reports, then delivered by
the worker (outbox.delivery). The key names the event and the recipient: one row per message, ever, so a
retried request, a second run of a command or a retried delivery never makes a second copy."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rcm.constraints import ChecksDecidedInPython


class MessageState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(ChecksDecidedInPython):
    State = MessageState

    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    state = models.CharField(_("state"), max_length=8, choices=MessageState.choices, default=MessageState.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # While a worker delivers a message it holds it until this moment; a worker that died lets it go then.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=MessageState.values), name="outbox_state_valid")
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"

    @property
    def message_id(self) -> str:
        """The same Message-ID for every attempt: a receiver can tell a copy from a new message."""
        import hashlib

        return f"<{hashlib.sha256(self.key.encode()).hexdigest()[:32]}@rcm-tracker>"
