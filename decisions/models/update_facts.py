"""Facts kept on the action row where the lists read them: its last published update per audience, and its
meeting's publication and start date.

"No news in six months" and its order (the longest silence first) read, for every open action, the date of its
last validated update that the reader may see. Computed per action it was a correlated lookup over the log,
most of the cold dashboard's time at ten times the data (docs/performance.md). Kept here, it is a column.

What an audience reads of an action's log is `decisions.selectors.visibility.updates_filter_visible`
restricted to validated updates: the update's own visibility among the audience's (`VISIBILITIES_BY_AUDIENCE`).
A focal point's own party's unreviewed reports are never *published*, so member-state readers share one column.
The action's own visibility and its meeting's publication are not part of the fact: readers only ever see the
action row through `action_list_visible`, which checks them, so hiding or showing an action changes no kept date.

Who keeps them: the database, in the transaction of the write that changes the log (triggers installed by
migration 0014 on PostgreSQL and SQLite alike), so every writer — the services, the admin, bulk loaders,
restores — keeps them without having to remember. `services/action_facts.py` recomputes them from the log (the
property test's oracle, and the repair for a database restored without its triggers).

The meeting's facts are the same idea for the visibility rule and the "no news" rule: an action is read only
when its meeting is published (`action_list_visible`), and is "without news" only once its meeting is six months
old. Read through the decision, every list joined three tables to count its actions; kept on the action, the
dashboard's lists count and order from one table's index (docs/performance.md). The triggers copy them when an
action is written or moved to another decision, when a decision moves to another meeting, and when a meeting is
published, withdrawn or re-dated.

Decisions keep the same copy (`KeptMeetingFacts`), for the same reason: the API's list of decisions is read in
meeting order, and the dashboard and the grid count the published items, from the decision's own indexes.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.roles import Audience

# The kept column of each audience.
LAST_UPDATE_FIELDS = {
    Audience.PUBLIC: "last_public_update_on",
    Audience.MEMBERS: "last_members_update_on",
    Audience.SECRETARIAT: "last_secretariat_update_on",
}


def kept_dates_suffice(*, day: datetime.date) -> bool:
    """Whether the kept dates alone say what was published up to `day`. They are the latest dates, so for a day
    after one of them (a past day shown) only the log knows; for today they do, because nothing is dated after
    today: the services refuse progress dated in the future (`action_record_progress`, code `future_date`)."""
    return day >= timezone.localdate()


def last_update_field(*, audience: Audience) -> str:
    """The column holding, for this audience, the date of an action's last validated update it may read."""
    return LAST_UPDATE_FIELDS[audience]


# The kept copies of the action's meeting's facts.
MEETING_FACT_FIELDS = {"is_published": "meeting_is_published", "start_date": "meeting_start_date"}
# Every column the database keeps, never the application.
KEPT_FIELDS = (*LAST_UPDATE_FIELDS.values(), *MEETING_FACT_FIELDS.values())


class KeptMeetingFacts(models.Model):
    """Its meeting's publication and start date, kept on a row of the meeting (an action, a decision) so that
    lists count and order that table's rows by its own index. Written by the database's triggers only: a full
    `save()` leaves them out, so an instance read before its meeting was published can never write back an older
    fact."""

    kept_fields: tuple[str, ...] = tuple(MEETING_FACT_FIELDS.values())

    meeting_is_published = models.BooleanField(_("meeting published"), default=False, editable=False)
    meeting_start_date = models.DateField(_("meeting start date"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # An existing row's update; a copy (its primary key cleared to insert it anew) is an insert, as Django's.
        if kwargs.get("update_fields") is None and not self._state.adding and self.pk is not None:
            kept = set(self.kept_fields)
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields if not field.primary_key and field.name not in kept
            ]
        super().save(*args, **kwargs)


class KeptFacts(KeptMeetingFacts):
    """An action's kept facts: its meeting's, and the date of its last validated update per audience."""

    kept_fields = KEPT_FIELDS

    last_public_update_on = models.DateField(_("last public update"), null=True, blank=True, editable=False)
    last_members_update_on = models.DateField(_("last update for member states"), null=True, blank=True, editable=False)
    last_secretariat_update_on = models.DateField(_("last validated update"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True
