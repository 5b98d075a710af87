"""Each item's themes with what the dashboard's "by theme" chart counts of the item: its status, whether it is a
top-level item, and its meeting's publication (the item's copy: models/update_facts.py).

Counted through the themes' link table, the chart joined every visible item to its themes (16 ms at ten times the
RCM's history on SQLite, growing with it), the largest part of the dashboard's first read after a write. Kept
here, the count reads one index (4 ms there, 2 ms at the RCM's size). A row per link, rather than running totals
per theme and status: a write changes the rows of its own item only, so two writers never wait on the same
shared counter (PostgreSQL would otherwise have to order their locks, or break their deadlocks).

Who keeps them: the database, in the transaction of every write that adds or removes a theme, or changes an
item's status, parent or meeting's publication (triggers: models/theme_fact_triggers.py), so the services, the
admin, imports and bulk loads all keep them without having to remember. `services/action_facts.py` says what
they must be (the property test's oracle)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from decisions.rules.status import DecisionStatus


class ItemThemeFact(models.Model):
    """One theme of one item, with the item's facts the theme chart counts."""

    # Ids, not foreign keys: the rows follow the link table's, and never stand in the way of a delete.
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("item")
    )
    theme = models.ForeignKey(
        "decisions.Theme", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("theme")
    )
    top_level = models.BooleanField(_("top-level item"))
    meeting_is_published = models.BooleanField(_("meeting published"))
    status = models.CharField(_("status"), max_length=16, choices=DecisionStatus.choices)

    class Meta:
        verbose_name = _("item theme fact")
        verbose_name_plural = _("item theme facts")
        constraints = [models.UniqueConstraint(fields=["decision", "theme"], name="item_theme_fact_unique")]
        indexes = [
            # The chart's count, from this index alone.
            models.Index(fields=["top_level", "meeting_is_published", "theme", "status"], name="item_theme_fact_count"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} · {self.theme_id}: {self.status}"
