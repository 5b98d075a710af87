"""Follow-up actions and the append-only log of their progress."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, ExpressionWrapper, F, OrderBy, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from decisions.models.search_text import SearchText
from decisions.models.update_facts import KeptFacts
from decisions.rules.due import DueDateFields, precision_constraint
from decisions.rules.status import OPEN_ACTION_STATUSES, ActionStatus, action_is_overdue
from members.models import Party
from rcm.constraints import ChecksDecidedInPython


class Visibility(models.TextChoices):
    """Who may read an action or an update: everyone, member-state users and the TS, or the TS alone."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Member states")
    SECRETARIAT = "secretariat", _("Secretariat only")


def overdue_condition(day: datetime.date, *, status: str = "status") -> Q:
    """ "Overdue on `day`" as a condition on an action: its due date has passed and it still owes work — the one
    rule, which `Action.is_overdue_on` (`status.action_is_overdue`) applies to one loaded action. `status` names
    the field or annotation that holds the status to judge (a past day's, rebuilt from the log)."""
    return Q(due_date__lt=day, **{f"{status}__in": OPEN_ACTION_STATUSES})


def upcoming_condition(day: datetime.date, until: datetime.date, *, status: str = "status") -> Q:
    """Still owing work and due between `day` and `until` (both included): what is coming, not yet late."""
    return Q(due_date__gte=day, due_date__lte=until, **{f"{status}__in": OPEN_ACTION_STATUSES})


def overdue_expression(day: datetime.date, *, status: str = "status") -> Case:
    """`overdue_condition` as a true/false column (never null, even without a due date)."""
    return Case(
        When(overdue_condition(day, status=status), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


class ActionQuerySet(models.QuerySet):
    def overdue_on(self, day: datetime.date) -> "ActionQuerySet":
        return self.filter(overdue_condition(day))

    def upcoming_on(self, day: datetime.date, until: datetime.date) -> "ActionQuerySet":
        return self.filter(upcoming_condition(day, until))

    def not_overdue_on(self, day: datetime.date) -> "ActionQuerySet":
        return self.exclude(overdue_condition(day))

    def with_overdue_flag(self, day: datetime.date) -> "ActionQuerySet":
        """Annotate `is_overdue`."""
        return self.annotate(is_overdue=overdue_expression(day))


# The actions page's order, and the leading part of it that `action_list_order` indexes: soonest deadline first
# and none last (written as an expression both databases index), then the latest meeting first, then the
# decision's place and the responsible party.
ACTION_LIST_ORDER = (
    OrderBy(ExpressionWrapper(Q(due_date__isnull=True), output_field=BooleanField())),
    OrderBy(F("due_date")),
    OrderBy(F("meeting_start_date"), descending=True),
    OrderBy(F("decision__meeting_id")),
    OrderBy(F("decision__position")),
    OrderBy(F("responsible__name")),
)


class Action(ChecksDecidedInPython, KeptFacts, SearchText, DueDateFields):
    """A follow-up step that a decision needs, with one responsible party."""

    Status = ActionStatus
    SEARCHED_FIELDS = ("title_en", "title_es", "description_en", "description_es")
    Visibility = Visibility

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.CASCADE, related_name="actions", verbose_name=_("decision")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="actions", verbose_name=_("responsible party")
    )
    # Changed only by decisions.services.actions, which checks the transition and logs a progress update.
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED, editable=False
    )
    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC)
    # Optimistic lock: every write states the version it read; a stale version is refused, not overwritten.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["decision", "responsible__name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="action_status_valid"),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="action_visibility_valid"),
            precision_constraint(prefix="action"),
        ]
        indexes = [
            # Deadlines in a range (the lists' due_after and due_before).
            models.Index(fields=["due_date"], name="action_due"),
            # The actions page's order (`ACTION_LIST_ORDER`: soonest deadline first, none last, then the latest
            # meeting by the date kept on the action), so a page is read in order and only ties are sorted,
            # not every action. "None last" is the expression (due_date IS NULL): SQLite cannot index NULLS LAST.
            # With what the visibility rule reads, or SQLite prefers the index below to filter and then sorts
            # every action. A text search finds its matches first (ActionFilter.filter_q): walking every action
            # in this order to find a handful took 87 ms at ten times the RCM's history, against 13.
            models.Index(*ACTION_LIST_ORDER[:3], "visibility", "meeting_is_published", name="action_list_order"),
            # The API's actions in meeting order (its default), by the meeting's date kept on the action, with
            # what the visibility rule and the joins read: SQLite reads a page's keys from the index alone (a
            # date alone, whose rows must each be fetched, it judged dearer than sorting every action).
            models.Index(
                fields=["meeting_start_date", "visibility", "meeting_is_published", "decision", "responsible"],
                name="action_meeting_start",
            ),
            # "Overdue" and "due soon" on the dashboard and the list: open statuses and a range of dates, with
            # what decides who may see the action, so a list is counted from the index alone. Partial, on a
            # condition that only a query comparing due dates implies: SQLite otherwise walks an index that holds
            # every WHERE column to filter a whole list, then fetches each row out of order (the actions list
            # 100 → 440 ms at ten times the data).
            models.Index(
                fields=["status", "due_date", "visibility", "meeting_is_published"],
                name="action_status_due_seen",
                condition=Q(due_date__isnull=False),
            ),
            # How many actions are stale (filters.conditions.stale_count): the open actions of meetings held six
            # months ago and more, counted from a range of this index. Partial, as the stale lists' indexes are.
            models.Index(
                fields=["status", "visibility", "meeting_start_date", "meeting_is_published"],
                name="action_open_held",
                condition=Q(meeting_start_date__isnull=False),
            ),
            # "No news in six months", the longest silence first: each audience's kept date of the last update
            # in order (a page of the list stops early), with what the condition reads (a count reads the index).
            # Partial for the same reason: only the stale condition compares the meeting's start date. (PostgreSQL
            # puts nulls last in an ascending index: migration 0021 gives it the list's order, nulls first.)
            *(
                models.Index(
                    fields=[field, "status", "visibility", "meeting_is_published", "meeting_start_date"],
                    name=f"action_stale_{audience}",
                    condition=Q(meeting_start_date__isnull=False),
                )
                for audience, field in (
                    ("public", "last_public_update_on"),
                    ("members", "last_members_update_on"),
                    ("ts", "last_secretariat_update_on"),
                )
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:action-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        self.clean_due()

    def is_overdue_on(self, day: datetime.date) -> bool:
        """`overdue_condition` for this one action, without a query."""
        return action_is_overdue(status=self.status, due_date=self.due_date, today=day)


class ProgressUpdateReview(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")
    RETURNED = "returned", _("Returned")


class ProgressUpdate(ChecksDecidedInPython):
    """One entry of an action's log. Written once by a service; afterwards only its review may change."""

    Review = ProgressUpdateReview

    Visibility = Visibility

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates", verbose_name=_("action"))
    date = models.DateField(_("date"), help_text=_("When the progress happened."))
    # The author's name is copied so the log still says who wrote it after the account is deleted.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("author"),
    )
    author_name = models.CharField(_("author's name"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)
    status_before = models.CharField(_("status before"), max_length=12, choices=ActionStatus.choices)
    # The status this update sets; blank for a note that changes nothing.
    status = models.CharField(_("status set"), max_length=12, choices=ActionStatus.choices, blank=True)
    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC)
    review_state = models.CharField(_("review"), max_length=10, choices=Review.choices, default=Review.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_updates",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    # A report sent again after the Secretariat returned it points to the one it answers.
    resubmission_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resubmissions",
        verbose_name=_("resubmission of"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["action", "date", "created_at", "id"]
        get_latest_by = ["date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=ActionStatus.values), name="progress_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status_before__in=ActionStatus.values), name="progress_status_before_valid"
            ),
            models.CheckConstraint(
                condition=Q(review_state__in=ProgressUpdateReview.values), name="progress_review_valid"
            ),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="progress_visibility_valid"),
        ]
        indexes = [
            models.Index(fields=["review_state", "date"], name="progress_review_date"),
            # An action's last published update, and "no news in six months": one index seek per action. With the
            # update's visibility, the count of the updates a reader may see reads the index alone (47 → 25 ms for
            # 200,000 updates on SQLite).
            models.Index(fields=["action", "review_state", "date", "visibility"], name="progress_action_review_seen"),
            # The feeds and the API's list, newest first (-date, -created_at, -pk), with what the visibility rule reads:
            # a page is read in order and the walk stops with it, instead of every visible update joined and sorted
            # (70 → 8 ms for the public, 70 → 0.1 ms for the Secretariat, at 200,000 updates on SQLite).
            models.Index(
                fields=["date", "created_at", "id", "review_state", "visibility", "action"], name="progress_feed_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} — {self.date:%Y-%m-%d}"
