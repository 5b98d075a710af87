"""The action form of the admin: the action's own fields, plus "record progress", which the service logs."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.admin.deadline import DEADLINE_FIELDS, DeadlineForm
from decisions.models import Action, Decision, ProgressUpdate
from decisions.rules.status import ActionStatus, transition_is_allowed
from rcm.admin_versioning import VersionedForm


class ActionAdminForm(DeadlineForm, VersionedForm):
    # VersionedForm carries the version the officer opened: a save against a newer one is refused.
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
        )  # the deadline is typed in one field (DeadlineForm)

    @property
    def records_progress(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("progress_status") or data.get("progress_note", "").strip())

    def clean(self):
        data = super().clean()
        new_status = data.get("progress_status")
        current = self.instance.status if self.instance.pk else ActionStatus.NOT_STARTED
        if new_status and new_status != current and not transition_is_allowed(current=current, new=new_status):
            self.add_error(
                "progress_status",
                _("An action cannot go from “%(current)s” to “%(new)s”.")
                % {"current": ActionStatus(current).label, "new": ActionStatus(new_status).label},
            )
        if self.records_progress and not data.get("progress_date"):
            self.add_error("progress_date", _("Say when the progress happened."))
        return data


class ActionInlineForm(DeadlineForm, VersionedForm):
    """A row of a decision's actions: the same one deadline field as the action's own page."""

    class Meta:
        model = Action
        fields = ("title", "responsible", "visibility")


class DecisionAdminForm(DeadlineForm, VersionedForm):
    class Meta:
        model = Decision
        exclude = DEADLINE_FIELDS
