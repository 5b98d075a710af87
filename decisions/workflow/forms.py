"""The focal point's report form and the Secretariat's review form."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.models import Action, ProgressUpdate
from decisions.rules.status import ACTION_TRANSITIONS, ActionStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Proposed status"), required=False)
    date = forms.DateField(
        label=_("Date of the progress"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("What was done"),
        help_text=_("Markdown: **bold**, *italic*, lists, [links](https://…)."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )
    visibility = forms.ChoiceField(label=_("Who may read it once validated"), choices=ProgressUpdate.Visibility.choices)
    links = forms.CharField(
        label=_("Evidence links"),
        help_text=_("One address per line."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, images, office documents, CSV or text; at most %(mb)s MB each.")
        % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    resubmission_of = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: Action, visibilities: tuple[str, ...] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if visibilities is not None:  # the reporter offers only what they may read back themselves
            self.fields["visibility"].choices = [
                (value, label) for value, label in ProgressUpdate.Visibility.choices if value in visibilities
            ]
        # Any status is accepted here and the service judges the move, after checking that nobody changed the
        # action meanwhile; the menu offers only the moves allowed from the status the reporter sees.
        no_change = [("", _("— no change —"))]
        self.fields["status"].choices = no_change + list(ActionStatus.choices)
        allowed = ACTION_TRANSITIONS[ActionStatus(action.status)]
        self.fields["status"].widget.choices = no_change + [
            (value, label) for value, label in ActionStatus.choices if value in allowed
        ]
        self.fields["version"].initial = action.version

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Progress cannot be dated in the future."), code="future_date")
        return date


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("validate", _("Validate and publish")), ("return", _("Return to the focal point"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Required when returning a report: say what to correct."),
    )
