"""The import preview is where the officer corrects what the parser read: the meeting's ordinal, kind, place
and dates, and who attended in which capacity, before anything is written."""

import dataclasses

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.models import Meeting, Participation
from decisions.parsing import DeclarationDraft, Participant
from decisions.parsing.ordinals import int_to_roman
from members.models import Party

CAPACITY_PREFIX = "capacity-"


class MeetingCorrectionsForm(forms.Form):
    """The meeting as the parser read it, editable; `participants` are one select per party of the register."""

    ordinal = forms.IntegerField(label=gettext_lazy("Ordinal"), min_value=1, max_value=999, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Meeting.Kind.choices)
    city = forms.CharField(label=gettext_lazy("City"), max_length=120, required=False)
    host = forms.ModelChoiceField(
        label=gettext_lazy("Host country"), queryset=Party.objects.filter(kind=Party.Kind.STATE), required=False
    )
    start_date = forms.DateField(label=gettext_lazy("Start date"), required=False)
    end_date = forms.DateField(label=gettext_lazy("End date"), required=False)

    def __init__(self, *args, parties: list[Party], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parties = parties
        choices = [("", _("did not attend")), *Participation.Capacity.choices]
        for party in parties:
            self.fields[f"{CAPACITY_PREFIX}{party.code}"] = forms.ChoiceField(
                label=party.name, choices=choices, required=False
            )

    def meeting_fields(self):
        return [self[name] for name in ("ordinal", "kind", "city", "host", "start_date", "end_date")]

    def participant_fields(self):
        return [self[f"{CAPACITY_PREFIX}{party.code}"] for party in self.parties]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("A meeting cannot end before it starts."))
        return data


# Which of the parser's warning groups (`DeclarationDraft.warnings_by_field`) stands next to which field.
FIELD_WARNINGS = {
    "ordinal": "meeting.ordinal",
    "kind": "meeting.kind",
    "city": "meeting.place",
    "start_date": "meeting.dates",
}


def meeting_rows(form: MeetingCorrectionsForm, warnings_by_field: dict[str, list[str]]) -> list:
    """(bound field, the warnings about it) for each of the meeting's fields, in the form's order."""
    return [(field, warnings_by_field.get(FIELD_WARNINGS.get(field.name, ""), [])) for field in form.meeting_fields()]


def corrections_initial(draft: DeclarationDraft, parties: list[Party]) -> dict:
    header = draft.meeting
    by_code = {party.code: party for party in parties}
    initial = {
        "ordinal": header.ordinal,
        "kind": header.kind,
        "city": header.city,
        "host": by_code.get(header.country_code or ""),
        "start_date": header.start_date,
        "end_date": header.end_date,
    }
    for participant in draft.participants:
        key = f"{CAPACITY_PREFIX}{participant.party_code}"
        if participant.party_code in by_code and key not in initial:
            initial[key] = participant.capacity
    return initial


def apply_corrections(draft: DeclarationDraft, data: dict, parties: list[Party]) -> DeclarationDraft:
    """The draft with the officer's corrections: the meeting's fields and the participant list replaced."""
    host = data.get("host")
    header = dataclasses.replace(
        draft.meeting,
        ordinal=data.get("ordinal"),
        ordinal_label="" if data.get("ordinal") is None else draft.meeting.ordinal_label,
        kind=data["kind"],
        city=data.get("city") or "",
        country=host.name if host else "",
        country_code=host.code if host else None,
        start_date=data.get("start_date"),
        end_date=data.get("end_date") or data.get("start_date"),
    )
    if header.ordinal is not None and header.ordinal != draft.meeting.ordinal:
        header.ordinal_label = int_to_roman(header.ordinal)
    participants = [
        Participant(party.name, data[f"{CAPACITY_PREFIX}{party.code}"], party.code)
        for party in parties
        if data.get(f"{CAPACITY_PREFIX}{party.code}")
    ]
    return dataclasses.replace(draft, meeting=header, participants=participants)
