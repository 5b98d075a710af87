from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordVersion(models.Model):
    """One row that moves after every committed write to the record: the key under which every cached page,
    list and ETag is stored (decisions/caching/versions.py). `token` is new whenever the row is created again (a new
    or restored database), so a number can never name two different states of the record."""

    token = models.CharField(_("token"), max_length=32)
    counter = models.BigIntegerField(_("counter"), default=0)

    class Meta:
        verbose_name = _("record version")
        verbose_name_plural = _("record versions")

    def __str__(self) -> str:
        return f"{self.token}:{self.counter}"


class ScopeVersion(models.Model):
    """A counter per part of the record that a cached page may read alone (decisions/caching/scopes.py): one
    per meeting, moved by writes to that meeting's items, actions and log, and one for everything shared
    (parties, themes, documents, meetings themselves, accounts), moved by every other write. A meeting's page
    is keyed by its meeting's counter and the shared one, so a write to another meeting leaves it warm."""

    scope = models.CharField(_("scope"), max_length=120, primary_key=True)
    counter = models.BigIntegerField(_("counter"), default=0)

    class Meta:
        verbose_name = _("scope version")
        verbose_name_plural = _("scope versions")

    def __str__(self) -> str:
        return f"{self.scope}:{self.counter}"
