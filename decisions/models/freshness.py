from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordVersion(models.Model):
    """One row that moves after every committed write to the record: the key under which every cached page,
    list and ETag is stored (decisions/caching/versions.py). `token` is new whenever the row is created again (a
    new or emptied database) and after a restore (`restore_database`), so a number can never name two different
    states of the record."""

    token = models.CharField(_("token"), max_length=32)
    counter = models.BigIntegerField(_("counter"), default=0)

    class Meta:
        verbose_name = _("record version")
        verbose_name_plural = _("record versions")

    def __str__(self) -> str:
        return f"{self.token}:{self.counter}"


class ScopeVersion(models.Model):
    """A counter per part of the record that a cached page may read alone (decisions/caching/scopes.py): one per
    audience and per party's focal points (what each reader may see), one per meeting and reader scope (that
    meeting's rows as they see them), and one for everything shared (parties, themes, documents, meetings
    themselves, accounts). A page is keyed by its reader's counters, a meeting's page by its meeting's and the
    shared one, so a write that the reader cannot see, or to another meeting, leaves it warm."""

    scope = models.CharField(_("scope"), max_length=120, primary_key=True)
    counter = models.BigIntegerField(_("counter"), default=0)

    class Meta:
        verbose_name = _("scope version")
        verbose_name_plural = _("scope versions")

    def __str__(self) -> str:
        return f"{self.scope}:{self.counter}"
