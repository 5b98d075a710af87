"""Decisions (declaration commitments, numbered decisions and their sub-items), their themes, the parties
they name and their lineage across meetings."""

import datetime

from django.db import models
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from decisions.models.search_text import SearchText
from decisions.models.update_facts import KeptMeetingFacts
from decisions.rules.due import DueDateFields, precision_constraint
from decisions.rules.status import DecisionKind, DecisionStatus
from members.models import Party
from rcm.constraints import ChecksDecidedInPython
from rcm.errors import field_error
from rcm.versioning import Versioned


class Theme(Versioned):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DecisionQuerySet(models.QuerySet):
    def published(self) -> "DecisionQuerySet":
        # The meeting's publication kept on the decision (models/update_facts.py), compared with a value: SQLite
        # reads a bare boolean column as a truth test, not an equality, and then seeks no index by it
        # (decisions.selectors.visibility.meeting_publication_filter says the same for every reader).
        return self.filter(meeting_is_published=Value(True))

    def top_level(self) -> "DecisionQuerySet":
        return self.filter(parent__isnull=True)

    def with_subitems(self, items) -> "DecisionQuerySet":
        """The decisions `items` names (ids, or a query of ids) and their sub-items. Rows of another table
        reach them with `decision__in=….values("pk")`: an OR across the join to the decision (`Q(decision__in=…) |
        Q(decision__parent__in=…)`) made SQLite read every action to find a page's (12 → 0.1 ms at 45,000)."""
        return self.filter(Q(pk__in=items) | Q(parent__in=items))

    def with_overdue_flag(self, day: datetime.date) -> "DecisionQuerySet":
        """Annotate `is_overdue`: the earliest deadline the item still owes (its own open actions', its
        sub-items', or its own while it has no actions and is not settled: `owed_due_date`, kept by the
        database) has passed. The one rule; `status.owed_is_overdue` applies it to a value already read."""
        return self.annotate(
            is_overdue=Case(
                When(overdue_owed_condition(day), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )

    def overdue_on(self, day: datetime.date) -> "DecisionQuerySet":
        return self.filter(overdue_owed_condition(day))


def overdue_owed_condition(day: datetime.date) -> Q:
    """ "Overdue on `day`" as a condition on a decision's kept earliest deadline still owed."""
    return Q(owed_due_date__lt=day)


def item_reference(section: str, number: str, parent_number: str | None = None) -> str:
    """How people cite an item in its meeting: "D15" (decision 15), "D15.a" (its sub-item a), "C3" (commitment 3).
    The one formatter of the models, pages, feeds, the calendar and the API; search reads the same form back
    (`search.citation_condition`)."""
    prefix = "C" if section == DecisionSection.COMMITMENT else "D"
    return f"{prefix}{parent_number}.{number}" if parent_number is not None else f"{prefix}{number}"


def item_citation(meeting_label: str, reference: str) -> str:
    """An item with its meeting, as lists print it: "IX 2004 · D15.a" (`Meeting.short_label`, then the reference)."""
    return f"{meeting_label} · {reference}"


class DecisionSection(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment in the declaration")
    DECISION = "decision", _("Decision")


class Decision(ChecksDecidedInPython, KeptMeetingFacts, SearchText, Versioned, DueDateFields):
    """One operative item of a declaration, as the text reads it."""

    Section = DecisionSection
    SEARCHED_FIELDS = ("text_en", "text_es")

    Kind = DecisionKind
    Status = DecisionStatus

    meeting = models.ForeignKey(
        "decisions.Meeting", on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    section = models.CharField(_("section"), max_length=12, choices=Section.choices, default=Section.DECISION)
    number = models.CharField(_("number"), max_length=10, help_text=_('As printed: "15", or "a" for a sub-item.'))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    # Reading order within the meeting: commitments first, then decisions, sub-items after their parent.
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))
    original_language = models.CharField(_("language of the source text"), max_length=8, default="en")
    lead_verb = models.CharField(_("lead verb"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DecisionKind.choices)
    themes = models.ManyToManyField(Theme, blank=True, related_name="decisions", verbose_name=_("themes"))
    parties = models.ManyToManyField(
        Party, through="DecisionParty", related_name="decisions", blank=True, verbose_name=_("parties")
    )
    # Derived from the kind and the actions by decisions.services.status; stored so lists filter and count
    # on it cheaply. Never edited by hand: tests recompute every stored value.
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.NOT_STARTED, editable=False
    )
    # The earliest deadline the item still owes: its open actions' and its sub-items' open actions', or its own
    # while it has no actions and is not settled. Overdue on a day after it: the one rule
    # (`rules.status.owed_is_overdue`). Kept by the database (models/owed_due_triggers.py), never by a save.
    owed_due_date = models.DateField(_("earliest deadline still owed"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    kept_fields = (*KeptMeetingFacts.kept_fields, "owed_due_date")

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "position"]
        indexes = [
            # The dashboard counts every meeting's top-level items by status (and by theme): from this index
            # alone, not each decision's row (8.9 → 4 ms for 15,000 decisions on SQLite).
            models.Index(fields=["parent", "meeting", "status"], name="decision_top_meeting_status"),
            # The published items counted by status (the dashboard) and by kind (the grid's mandates), and listed
            # in meeting order (the API's default), from the decision's own indexes: no join to the meeting, and a
            # page read in order rather than every item sorted (the API's first page at ten times the RCM's
            # history: 6 → 0.3 ms on SQLite). One index per count: SQLite seeks the one whose columns its
            # conditions name, and an index that also held the other column was passed over for the order's.
            models.Index(fields=["parent", "meeting_is_published", "status"], name="decision_top_published_status"),
            models.Index(fields=["parent", "meeting_is_published", "kind"], name="decision_top_published_kind"),
            models.Index(
                fields=["parent", "meeting_is_published", "meeting_start_date", "position", "id"],
                name="decision_top_published_order",
            ),
            # The same order as PostgreSQL reads it: its planner takes `parent_id IS NULL` for a filter, not for a
            # fixed leading column, so only an index on the condition serves the order (the first page at factor
            # 10: 26 → 0.4 ms). The Secretariat's list, of every meeting, reads the second on both databases.
            models.Index(
                fields=["meeting_start_date", "position", "id"],
                name="decision_published_order",
                condition=Q(parent__isnull=True, meeting_is_published=True),
            ),
            models.Index(
                fields=["meeting_start_date", "position", "id"],
                name="decision_top_order",
                condition=Q(parent__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(section__in=DecisionSection.values), name="decision_section_valid"),
            models.CheckConstraint(condition=Q(kind__in=DecisionKind.values), name="decision_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=DecisionStatus.values), name="decision_status_valid"),
            models.UniqueConstraint(
                fields=["meeting", "section", "number"],
                condition=Q(parent__isnull=True),
                name="decision_number_unique_per_section",
            ),
            models.UniqueConstraint(
                fields=["parent", "number"], condition=Q(parent__isnull=False), name="subitem_number_unique"
            ),
            precision_constraint(prefix="decision"),
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def reference(self) -> str:
        """How people cite it in its meeting: "D15", "D15.a", "C3" (commitment 3)."""
        return item_reference(self.section, self.number, self.parent.number if self.parent_id else None)

    @property
    def citation(self) -> str:
        """How lists cite it: "IX 2004 · D15.a"."""
        return item_citation(self.meeting.short_label, self.reference)

    def get_absolute_url(self) -> str:
        return reverse("decisions:decision-detail", kwargs={"slug": self.meeting.slug, "reference": self.reference})

    def clean(self) -> None:
        self.clean_due()
        if self.parent_id and self.parent.meeting_id != self.meeting_id:
            raise field_error(
                field="parent", message=_("A sub-item belongs to the same meeting as its parent."), code="parent"
            )
        if self.parent_id and self.parent.parent_id:
            raise field_error(field="parent", message=_("Sub-items do not have sub-items of their own."), code="depth")


class DecisionPartyRole(models.TextChoices):
    ADDRESSEE = "addressee", _("Addressed")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    PROPOSER = "proposer", _("Proposer")
    HOST = "host", _("Host")
    MENTIONED = "mentioned", _("Mentioned")


class DecisionParty(ChecksDecidedInPython, Versioned):
    """A party a decision names, and why: addressed by it, acknowledged by it, proposing it, hosting …"""

    Role = DecisionPartyRole

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="party_roles", verbose_name=_("decision")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="decision_roles", verbose_name=_("party"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = _("party named in a decision")
        verbose_name_plural = _("parties named in decisions")
        ordering = ["decision", "role", "party__name"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=DecisionPartyRole.values), name="decision_party_role_valid"),
            models.UniqueConstraint(fields=["decision", "party", "role"], name="decision_party_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.get_role_display()})"


class DecisionLinkRelation(models.TextChoices):
    AMENDS = "amends", _("amends")
    REITERATES = "reiterates", _("reiterates")
    SUPERSEDES = "supersedes", _("supersedes")
    FOLLOWS_UP = "follows_up", _("follows up")


class DecisionLink(ChecksDecidedInPython, Versioned):
    """Lineage: a later decision amends, reiterates, supersedes or follows up an earlier one."""

    Relation = DecisionLinkRelation

    # How the relation reads from the other end ("amended by"), for pages that show both directions.
    INVERSE_LABELS = {
        Relation.AMENDS: _("amended by"),
        Relation.REITERATES: _("reiterated by"),
        Relation.SUPERSEDES: _("superseded by"),
        Relation.FOLLOWS_UP: _("followed up by"),
    }

    source = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("later decision")
    )
    target = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="links_in", verbose_name=_("earlier decision")
    )
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("link between decisions")
        verbose_name_plural = _("links between decisions")
        ordering = ["source", "relation"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relation__in=DecisionLinkRelation.values), name="decision_link_relation_valid"
            ),
            models.CheckConstraint(condition=~Q(source=F("target")), name="decision_link_not_to_itself"),
            models.UniqueConstraint(fields=["source", "target", "relation"], name="decision_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_relation_display()} {self.target}"

    @property
    def inverse_label(self) -> str:
        return str(self.INVERSE_LABELS[self.relation])
