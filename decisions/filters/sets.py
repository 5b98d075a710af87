"""The filters of every list (django-filter), one definition for the site's lists, their CSV/XLSX exports, site
search and the API. Names are shared across collections: `meeting` is a meeting's slug, `party` a party's code,
`theme` a theme's slug, `decision`/`action` an id. README "Filters" says what each parameter means.

The querysets given must carry the `is_overdue` flag (`selectors.with_overdue_flag` for decisions; for actions the
reader's list annotates it). The reader is the request's user (the API) or `user=` (the site's lists)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.filters.conditions import party_condition, stale_condition, theme_condition
from decisions.filters.fields import (
    StrictBooleanFilter,
    date_filter,
    documented,
    id_filter,
    search_filter,
    slug_filter,
    updated_since_filter,
)
from decisions.models import Action, Decision, DecisionDocument, Document, Meeting, ProgressUpdate, Theme
from decisions.rules.status import ActionStatus, DecisionKind, DecisionStatus
from decisions.selectors.search import action_search, decision_search, meeting_search, name_search, update_search
from members.models import Membership, Party

LEVELS = [("top", _("top-level items only")), ("sub", _("sub-items only")), ("all", _("both"))]


class ReaderFilterSet(django_filters.FilterSet):
    """A FilterSet that knows its reader (who may see which actions) and the day (what is stale)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None, today=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)
        self.today = today or timezone.localdate()


class DueDateFilters(ReaderFilterSet):
    overdue = StrictBooleanFilter(
        field_name="is_overdue", help_text=_("Past its due date and not done (a flag, not a status).")
    )
    due_before = date_filter(
        field_name="due_date", lookup_expr="lte", help_text=_("Due on or before this date (YYYY-MM-DD).")
    )
    due_after = date_filter(
        field_name="due_date", lookup_expr="gte", help_text=_("Due on or after this date (YYYY-MM-DD).")
    )


class DecisionFilter(DueDateFilters):
    meeting = slug_filter(field_name="meeting__slug", help_text=_("The meeting's slug, e.g. ix-panama-city-2004."))
    section = django_filters.ChoiceFilter(choices=Decision.Section.choices, help_text=_("Commitment or decision."))
    kind = django_filters.MultipleChoiceFilter(choices=DecisionKind.choices, help_text=_("Repeat for several."))
    status = django_filters.MultipleChoiceFilter(choices=DecisionStatus.choices, help_text=_("Repeat for several."))
    theme = slug_filter(
        field_name="themes__slug",
        help_text=_("A theme's slug: items with the theme, and sub-items of those items."),
        method="filter_theme",
    )
    party = slug_filter(
        field_name="party",
        help_text=_(
            "A party's code: items in which it has any role (addressed, acknowledged, proposer, host, mentioned) or "
            "with a visible action it is responsible for — on the item or on one of its sub-items."
        ),
        max_length=32,
        method="filter_party",
    )
    level = django_filters.ChoiceFilter(
        choices=LEVELS, method="filter_level", help_text=_("Which items to list (default: top, sub-items nested).")
    )
    updated_since = updated_since_filter(method="filter_updated_since")
    q = search_filter(method="filter_q", help_text=_("Words to find in the text (English or Spanish)."))

    class Meta:
        model = Decision
        fields: list[str] = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("level"):
            queryset = queryset.filter(parent__isnull=True)
        return queryset

    def filter_level(self, queryset, name, value):
        return {"top": queryset.filter(parent__isnull=True), "sub": queryset.filter(parent__isnull=False)}.get(
            value, queryset
        )

    def filter_theme(self, queryset, name, value):
        return queryset.filter(theme_condition(slug=value))

    def filter_party(self, queryset, name, value):
        return queryset.filter(party_condition(user=self.user, code=value))

    def filter_updated_since(self, queryset, name, value):
        changed_child = Decision.objects.filter(parent=OuterRef("pk"), updated_at__gte=value)
        return queryset.filter(Q(updated_at__gte=value) | Exists(changed_child))

    def filter_q(self, queryset, name, value):
        return decision_search(queryset=queryset, query=value)


class MeetingDecisionFilter(DecisionFilter):
    """/meetings/<slug>/decisions/: the meeting is in the path, so `meeting` is no filter of it (neither taken
    nor documented: both come from these filters)."""

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        filters.pop("meeting", None)
        return filters


class ActionFilter(DueDateFilters):
    decision = id_filter(
        field_name="decision_id", help_text=_("A decision's id (its sub-items' actions are included).")
    )
    meeting = slug_filter(field_name="decision__meeting__slug", help_text=_("The meeting's slug."))
    theme = slug_filter(
        field_name="theme",
        help_text=_("A theme's slug: actions of items with the theme and of their sub-items."),
        method="filter_theme",
    )
    party = slug_filter(
        field_name="responsible__code", help_text=_("The responsible party's code, e.g. MX."), max_length=32
    )
    status = django_filters.MultipleChoiceFilter(choices=ActionStatus.choices, help_text=_("Repeat for several."))
    visibility = django_filters.MultipleChoiceFilter(choices=Action.Visibility.choices)
    stale = StrictBooleanFilter(
        method="filter_stale",
        help_text=_(
            "Open (not started, in progress or ongoing) with no published update in six months, nor — with none "
            "ever — a meeting that recent."
        ),
    )
    updated_since = updated_since_filter()
    q = search_filter(method="filter_q", help_text=_("Words to find in the title or description."))

    # The filters whose answer depends on progress notes (each action's kept date of its last published one): a
    # list asked for with one of them is cached under the notes' counters too (decisions/caching/versions.py).
    NOTE_FILTERS = frozenset({"stale"})

    class Meta:
        model = Action
        fields: list[str] = []

    @classmethod
    def reads_notes(cls, params) -> bool:
        """Whether a list asked for with `params` (a request's query, valid or not) depends on progress notes."""
        return not cls.NOTE_FILTERS.isdisjoint(params)

    def filter_queryset(self, queryset):
        decision = self.form.cleaned_data.pop("decision", None)
        if decision is not None:
            queryset = queryset.filter(decision__in=Decision.objects.with_subitems([decision]).values("pk"))
        return super().filter_queryset(queryset)

    def filter_theme(self, queryset, name, value):
        return queryset.filter(theme_condition(slug=value, item="decision", parent="decision__parent"))

    def filter_stale(self, queryset, name, value):
        stale = stale_condition(user=self.user, today=self.today)
        return queryset.filter(stale) if value else queryset.exclude(stale)

    def filter_q(self, queryset, name, value):
        # The matches first, then the list's other conditions and its order: a list read in its order (its index,
        # models/actions.py) would otherwise walk every action to find a handful of matches (SQLite, ten times
        # the RCM's history: 87 ms against 13 for a word that matches nothing).
        return queryset.filter(pk__in=action_search(queryset=Action.objects.all(), query=value).values("pk"))


class ProgressUpdateFilter(django_filters.FilterSet):
    action = id_filter(field_name="action_id", help_text=_("An action's id."))
    decision = id_filter(field_name="action__decision_id", help_text=_("A decision's id."))
    meeting = slug_filter(field_name="action__decision__meeting__slug", help_text=_("The meeting's slug."))
    party = slug_filter(
        field_name="action__responsible__code", help_text=_("The responsible party's code."), max_length=32
    )
    status = django_filters.MultipleChoiceFilter(choices=ActionStatus.choices, help_text=_("The status it set."))
    review_state = django_filters.MultipleChoiceFilter(choices=ProgressUpdate.Review.choices)
    visibility = django_filters.MultipleChoiceFilter(choices=ProgressUpdate.Visibility.choices)
    date_after = date_filter(field_name="date", lookup_expr="gte", help_text=_("Progress on or after this date."))
    date_before = date_filter(field_name="date", lookup_expr="lte", help_text=_("Progress on or before this date."))
    updated_since = updated_since_filter()
    q = search_filter(method="filter_q", help_text=_("Words to find in the note."))

    class Meta:
        model = ProgressUpdate
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return update_search(queryset=queryset, query=value)


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Meeting.Kind.choices)
    year = documented(
        filter_instance=django_filters.NumberFilter(
            field_name="start_date__year", min_value=1900, max_value=2999, decimal_places=0
        ),
        schema={"type": "integer", "minimum": 1900, "maximum": 2999, "description": _("The year it started.")},
    )
    updated_since = updated_since_filter()
    q = search_filter(method="filter_q", help_text=_("Words to find in the title or city."))

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return meeting_search(queryset=queryset, query=value)


class PartyFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Party.Kind.choices)
    role = django_filters.ChoiceFilter(
        choices=Membership.Role.choices, method="filter_role", help_text=_("Member or observer today.")
    )
    q = search_filter(method="filter_q", help_text=_("Words to find in the name, acronym, code or other names."))

    class Meta:
        model = Party
        fields: list[str] = []

    def filter_role(self, queryset, name, value):
        today = timezone.localdate()
        current = Membership.objects.filter(party=OuterRef("pk"), role=value, start_date__lte=today).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
        return queryset.filter(Exists(current))

    def filter_q(self, queryset, name, value):
        fields = ("code", "name_en", "name_es", "acronym_en", "acronym_es", "aliases")
        return name_search(queryset=queryset, query=value, fields=fields)


class ThemeFilter(django_filters.FilterSet):
    q = search_filter(method="filter_q", help_text=_("Words to find in the name."))

    class Meta:
        model = Theme
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return name_search(queryset=queryset, query=value, fields=("slug", "name_en", "name_es"))


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Document.Kind.choices)
    meeting = slug_filter(
        field_name="meeting",
        help_text=_("Approved at this meeting, or linked to one of its decisions."),
        method="filter_meeting",
    )
    decision = id_filter(field_name="decision", help_text=_("Linked to this decision."))
    q = search_filter(method="filter_q", help_text=_("Words to find in the title."))

    class Meta:
        model = Document
        fields: list[str] = []

    def filter_queryset(self, queryset):
        decision = self.form.cleaned_data.pop("decision", None)
        if decision is not None:
            linked = DecisionDocument.objects.filter(document=OuterRef("pk"), decision_id=decision)
            queryset = queryset.filter(Exists(linked))
        return super().filter_queryset(queryset)

    def filter_meeting(self, queryset, name, value):
        linked = DecisionDocument.objects.filter(document=OuterRef("pk"), decision__meeting__slug=value)
        return queryset.filter(Q(approved_at__slug=value) | Exists(linked))

    def filter_q(self, queryset, name, value):
        return name_search(queryset=queryset, query=value, fields=("title_en", "title_es"))
