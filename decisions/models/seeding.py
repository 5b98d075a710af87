"""What a loader of shipped data (the IX Meeting) has written, so that it never writes the same record twice."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class SeededRecord(models.Model):
    """One record a loader wrote, by its natural key in the shipped file ("action:D7:PPT:Take part…"), with the
    values it wrote. Once a key is here the record is the Secretariat's: a later load never writes it again,
    whether it was since changed, deleted or left alone."""

    source = models.CharField(_("source"), max_length=80)
    key = models.CharField(_("key"), max_length=500)
    values = models.JSONField(_("values written"), default=dict, encoder=DjangoJSONEncoder)
    adopted = models.BooleanField(
        _("adopted"), default=False, help_text=_("Found in place (loaded before this ledger existed), not written.")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("seeded record")
        verbose_name_plural = _("seeded records")
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="seeded_record_once")]

    def __str__(self) -> str:
        return f"{self.source}: {self.key}"
