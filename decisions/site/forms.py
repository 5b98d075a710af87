"""Filters read from the URL. Every filter is a GET parameter, so any view can be shared as a link; an unknown
value is reported on the page (and ignored) instead of failing.

These forms only read and show the filters (widgets, labels, the choices offered, messages); the filtering is the
FilterSets of `decisions.filters`, which `filter_params()` hands the valid values to under the same names, so a
query string means the same here, in the downloads and in the API."""

import datetime
import html

from django import forms
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from decisions.filters.fields import StrictBooleanField
from decisions.models import Decision, Meeting, Theme
from decisions.rules.status import ActionStatus, DecisionKind, DecisionStatus
from decisions.selectors.translated import meeting_labels
from decisions.selectors.visibility import action_list_visible, meeting_list_visible
from members.models import Party

MAX_QUERY = 200


class PlainSelect(forms.Select):
    """Django's <select>, the same HTML, with its options written here rather than by a template include each:
    the meeting filter lists every meeting, and hundreds of includes cost more than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        # The select's own attributes as Django builds them; the options straight from the choices, skipping
        # the per-option dictionaries of ChoiceWidget.optgroups, which cost more than the rest of a big page.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        wanted, has_selected, options = widget["value"], False, []
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):  # option groups: Django's own rendering
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else str(option_value)
            selected = (not has_selected or self.allow_multiple_selected) and option_value in wanted
            has_selected |= selected
            options.append(
                f'\n  <option value="{_escaped(option_value)}"{" selected" if selected else ""}>'
                f"{_escaped(option_label)}</option>\n"
            )
        start = format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
        return mark_safe(start + "".join(options) + "\n</select>")  # noqa: S308 - every part is escaped above


def _escaped(text) -> str:
    """`conditional_escape(text)` as a plain string, without its lazy-argument wrapper and the SafeString made of
    every value: the same characters, for the hundreds of options of a big select."""
    if isinstance(text, Promise):
        text = str(text)
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _attrs(attrs: dict) -> SafeString:
    """HTML attributes as django/forms/widgets/attrs.html writes them: in order, True bare, False left out."""
    return mark_safe(  # noqa: S308 - each attribute is escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


class SlugChoiceField(forms.ModelChoiceField):
    """A model chosen by its slug or code in the URL (`?meeting=ix-panama-city-2004`, `?party=MX`)."""

    widget = PlainSelect

    def label_from_instance(self, obj) -> str:
        return getattr(obj, "short_label", None) or str(obj)


class MeetingChoiceIterator(forms.models.ModelChoiceIterator):
    """The meetings offered, as (slug, short label) read from values (`meeting_labels`): the same options as
    the models would give, without making a model of every meeting on every page that filters by one."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from meeting_labels(meetings=self.queryset)


class MeetingChoiceField(SlugChoiceField):
    iterator = MeetingChoiceIterator


def _ticked(value) -> bool:
    return str(value).lower() in ("true", "1", "on")


class CheckboxInput(forms.CheckboxInput):
    """A filter's checkbox (Django's name kept: templates place its label by `widget_type`). Ticked it sends "on";
    an address may also say true or false (1 or 0), as the API's does; absent, it is no filter at all."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=_ticked)

    def format_value(self, value):
        return None  # ticked, the box always sends "on", whatever the address said

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return None
        value = data.get(name)
        return True if str(value).lower() == "on" else value


class FlagField(StrictBooleanField):
    """true (a ticked box), false, or no filter."""

    widget = CheckboxInput


def _parameter(field: forms.Field, value):
    """A cleaned value as the filters' parameter: a model by its slug or code, a flag as true/false, a date as
    YYYY-MM-DD."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, models.Model):
        return str(getattr(value, field.to_field_name))
    return value


def meeting_choices(user):
    """The meetings a filter offers, latest first (their options are read as values: MeetingChoiceIterator)."""
    return meeting_list_visible(reader=user).order_by("-start_date")


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=MAX_QUERY, strip=True)
    meeting = MeetingChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), to_field_name="slug", required=False, empty_label=_("All")
    )
    theme = SlugChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug", required=False, empty_label=_("All")
    )
    overdue = FlagField(label=_("Overdue only"), required=False)

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["meeting"].queryset = meeting_choices(user)

    def active_filters(self) -> dict:
        """What is valid in the request: invalid fields are left out (the page says why)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", [])}

    def filter_params(self) -> dict:
        """The valid filters as the parameters of the shared FilterSets (`decisions.filters`)."""
        return {name: _parameter(self.fields[name], value) for name, value in self.active_filters().items()}

    def querystring(self, **changes) -> str:
        """The current filters as a URL query, with some changed (e.g. another page)."""
        data = self.data.copy() if self.is_bound else {}
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data.urlencode() if hasattr(data, "urlencode") else ""


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"]
    )


class DueRangeForm(FilterForm):
    """The due range, on either list: `due_after` and `due_before`, both inclusive."""

    # Their former names on the actions list, still read so that links made with them keep working.
    FORMER_NAMES = {"due_from": "due_after", "due_to": "due_before"}

    due_after = _date_field(_("Due from"))
    due_before = _date_field(_("Due until"))

    def __init__(self, data, *, user, **kwargs):
        super().__init__(_with_current_names(data, self.FORMER_NAMES), user=user, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("due_after"), cleaned.get("due_before")
        if start and end and start > end:
            self.add_error("due_before", _("The end of the range comes before its start."))
        return cleaned


class DecisionFilterForm(DueRangeForm):
    status = forms.MultipleChoiceField(label=_("Status"), choices=DecisionStatus.choices, required=False)
    kind = forms.MultipleChoiceField(label=_("Kind"), choices=DecisionKind.choices, required=False)
    section = forms.ChoiceField(label=_("Section"), choices=[("", _("All")), *Decision.Section.choices], required=False)
    party = SlugChoiceField(
        label=_("Party named"), queryset=Party.objects.all(), to_field_name="code", required=False, empty_label=_("All")
    )
    field_order = ["q", "meeting", "theme", "status", "kind", "section", "party", "due_after", "due_before", "overdue"]


class ActionFilterForm(DueRangeForm):
    status = forms.MultipleChoiceField(label=_("Status"), choices=ActionStatus.choices, required=False)
    party = SlugChoiceField(
        label=_("Responsible party"),
        queryset=Party.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    stale = FlagField(label=_("No news in six months"), required=False)
    field_order = ["q", "meeting", "theme", "party", "status", "due_after", "due_before", "overdue", "stale"]

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        # One index probe per party (a party with an action the reader may see), not a join over every action.
        visible = action_list_visible(reader=user).filter(responsible=OuterRef("pk"))
        self.fields["party"].queryset = Party.objects.filter(Exists(visible)).order_by("kind", "name")


def _with_current_names(data, former_names: dict[str, str]):
    if data is None or not any(old in data for old in former_names):
        return data
    data = data.copy()
    for old, new in former_names.items():
        values = data.pop(old, None)
        if values is None or new in data:
            continue
        if hasattr(data, "setlist"):
            data.setlist(new, values)
        else:
            data[new] = values
    return data


class GridFilterForm(forms.Form):
    meeting = MeetingChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), to_field_name="slug", required=False, empty_label=_("All")
    )
    as_of = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["meeting"].queryset = meeting_choices(user)

    active_filters = FilterForm.active_filters
