"""The action form of the admin: the action's own fields, plus "record progress", which the service logs."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.models import Action, ProgressUpdate
from decisions.status import ActionStatus, transition_allowed


class ActionAdminForm(forms.ModelForm):
    # The version the officer opened; a save against a newer one is refused instead of overwriting it.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    progress_status = forms.ChoiceField(
        label=_("New status"), choices=[("", _("— no change —")), *ActionStatus.choices], required=False
    )
    progress_date = forms.DateField(label=_("Date of the progress"), required=False, initial=timezone.localdate)
    progress_note = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    progress_evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    progress_visibility = forms.ChoiceField(
        label=_("Who may read this update"), choices=ProgressUpdate.Visibility.choices, initial="public"
    )

    class Meta:
        model = Action
        fields = (
            "decision",
            "title",
            "description",
            "responsible",
            "visibility",
            "due_date",
            "due_precision",
            "due_text",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version

    @property
    def records_progress(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("progress_status") or data.get("progress_note", "").strip())

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            self._check_not_stale(data)
        new_status = data.get("progress_status")
        current = self.instance.status if self.instance.pk else ActionStatus.NOT_STARTED
        if new_status and new_status != current and not transition_allowed(current, new_status):
            self.add_error(
                "progress_status",
                _("An action cannot go from “%(current)s” to “%(new)s”.")
                % {"current": ActionStatus(current).label, "new": ActionStatus(new_status).label},
            )
        if self.records_progress and not data.get("progress_date"):
            self.add_error("progress_date", _("Say when the progress happened."))
        return data

    def _check_not_stale(self, data) -> None:
        current = Action.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if data.get("seen_version") is not None and current != data["seen_version"]:
            raise forms.ValidationError(
                _(
                    "Someone else saved this action while you were editing it. Your changes are still in the form: "
                    "open the action in a new tab to see theirs, then save again."
                ),
                code="stale",
            )
