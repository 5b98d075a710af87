"""Filters read from the URL. Every filter is a GET parameter, so any view can be shared as a link; an unknown
value is reported on the page (and ignored) instead of failing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from decisions.models import Decision, Meeting, Theme
from decisions.status import ActionStatus, DecisionKind, DecisionStatus
from decisions.visibility import actions_for, meetings_for
from members.models import Party

MAX_QUERY = 200


class SlugChoiceField(forms.ModelChoiceField):
    """A model chosen by its slug or code in the URL (`?meeting=ix-panama-city-2004`, `?party=MX`)."""

    def label_from_instance(self, obj) -> str:
        return getattr(obj, "short_label", None) or str(obj)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=MAX_QUERY, strip=True)
    meeting = SlugChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), to_field_name="slug", required=False, empty_label=_("All")
    )
    theme = SlugChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug", required=False, empty_label=_("All")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["meeting"].queryset = meetings_for(user).order_by("-start_date")

    def active_filters(self) -> dict:
        """What is valid in the request: invalid fields are left out (the page says why)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", [], False)}

    def querystring(self, **changes) -> str:
        """The current filters as a URL query, with some changed (e.g. another page)."""
        data = self.data.copy() if self.is_bound else {}
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data.urlencode() if hasattr(data, "urlencode") else ""


class DecisionFilterForm(FilterForm):
    status = forms.MultipleChoiceField(label=_("Status"), choices=DecisionStatus.choices, required=False)
    kind = forms.MultipleChoiceField(label=_("Kind"), choices=DecisionKind.choices, required=False)
    section = forms.ChoiceField(label=_("Section"), choices=[("", _("All")), *Decision.Section.choices], required=False)
    party = SlugChoiceField(
        label=_("Party named"), queryset=Party.objects.all(), to_field_name="code", required=False, empty_label=_("All")
    )
    field_order = ["q", "meeting", "theme", "status", "kind", "section", "party", "overdue"]


class ActionFilterForm(FilterForm):
    status = forms.MultipleChoiceField(label=_("Status"), choices=ActionStatus.choices, required=False)
    party = SlugChoiceField(
        label=_("Responsible party"),
        queryset=Party.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    stale = forms.BooleanField(label=_("No news in six months"), required=False)
    due_from = forms.DateField(
        label=_("Due from"), required=False, widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"]
    )
    due_to = forms.DateField(
        label=_("Due until"), required=False, widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"]
    )
    field_order = ["q", "meeting", "theme", "party", "status", "due_from", "due_to", "overdue", "stale"]

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        self.fields["party"].queryset = (
            Party.objects.filter(actions__in=actions_for(user)).distinct().order_by("kind", "name")
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("due_from"), cleaned.get("due_to")
        if start and end and start > end:
            self.add_error("due_to", _("The end of the range comes before its start."))
        return cleaned


class GridFilterForm(forms.Form):
    meeting = SlugChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), to_field_name="slug", required=False, empty_label=_("All")
    )
    as_of = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["meeting"].queryset = meetings_for(user).order_by("-start_date")

    active_filters = FilterForm.active_filters
