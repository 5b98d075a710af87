from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeEntry(models.Model):
    """One write to a meeting, decision, action or progress update, in commit order: what `/api/v1/changes/`
    reads (decisions/selectors/changes.py). Written in the transaction of the write itself, so no write is missing and
    a rolled-back one leaves none.

    `seen_before` and `seen_after` hold the facts that decide who could read the object before and after
    the write (visibility, published, validated, responsible party; null: it did not exist), so a reader is
    told of a delete or a downgrade only when they could once see the object."""

    class Operation(models.TextChoices):
        UPSERT = "upsert", _("created or changed")
        DELETE = "delete", _("deleted")

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.BigIntegerField(_("object id"))
    operation = models.CharField(_("operation"), max_length=6, choices=Operation.choices)
    seen_before = models.JSONField(_("readers before"), null=True, blank=True)
    seen_after = models.JSONField(_("readers after"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("change entry")
        verbose_name_plural = _("change entries")
        indexes = [models.Index(fields=["kind", "object_id", "-id"], name="change_object_latest")]

    def __str__(self) -> str:
        return f"{self.pk}: {self.operation} {self.kind} {self.object_id}"
