"""One row of a country packet: the answer a party's focal point gives on one action of a reporting round."""

from django import forms
from django.utils.translation import gettext_lazy as _

from decisions.models import Action, PacketAnswer
from decisions.rules.status import ACTION_TRANSITIONS, ActionStatus


class PacketRowForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done since the last report (Markdown)."),
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, max_length=500, assume_scheme="https")
    # The answer's revision this focal point read (0: there was none); see services.rounds.packet_answer_save.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, action: Action, answer: PacketAnswer | None, **kwargs):
        kwargs.setdefault("prefix", f"a{action.pk}")
        kwargs.setdefault("initial", _initial(answer))
        super().__init__(*args, **kwargs)
        # The service judges the move; the menu offers only those allowed from the status the reader sees.
        keep = [("", _("— status unchanged —"))]
        self.fields["status"].choices = keep + list(ActionStatus.choices)
        allowed = ACTION_TRANSITIONS[ActionStatus(action.status)]
        self.fields["status"].widget.choices = keep + [(v, label) for v, label in ActionStatus.choices if v in allowed]

    def answer_kind(self, *, no_change: bool) -> str:
        """The kind of answer the row's input gives: the "No change" button, a new status, or a note."""
        if no_change:
            return PacketAnswer.Kind.NO_CHANGE
        if self.cleaned_data["status"]:
            return PacketAnswer.Kind.NEW_STATUS
        return PacketAnswer.Kind.NOTE


def _initial(answer: PacketAnswer | None) -> dict:
    if answer is None:
        return {"version": 0}
    return {
        "status": answer.status,
        "note": answer.note,
        "evidence_url": answer.evidence_url,
        "version": answer.revision,
    }
