"""One deadline field for the admin: people type what the decision says ("fourth quarter of 2002"), the importer's
parser reads it (`decisions.rules.due.deadline_read`), and the date, precision and words are stored from that reading.
As they type, `deadline_preview` (JSON, staff only) says what it understood; a text it cannot read is a form error.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import reverse_lazy
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from decisions.rules.due import DuePrecision, TypedDeadline, deadline_read, due_format

DEADLINE_FIELDS = ("due_date", "due_precision", "due_text")
PREVIEW_URL = reverse_lazy("admin:decisions_deadline_preview")


def unreadable_message(text: str) -> str:
    return gettext(
        "Could not read “%(text)s” as a deadline: write e.g. Q4 2005, May 2005, 31 December 2005 or before the "
        "next meeting."
    ) % {"text": text}


def understood(deadline: TypedDeadline) -> str:
    """ "Q4 2002 → 31 Dec 2002": the period as people say it, then the last day, which decides "overdue"."""
    if deadline.precision == DuePrecision.NONE:
        return gettext("No deadline.")
    if deadline.date is None or deadline.precision == DuePrecision.DAY:
        return deadline.label if deadline.date is None else date_format(deadline.date, "j M Y")
    return f"{deadline.label} → {date_format(deadline.date, 'j M Y')}"


class DeadlineInput(forms.TextInput):
    """A text box followed by the live region where the admin's script writes what the text was read as."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-deadline-preview"] = str(PREVIEW_URL)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        output_id = f"{(attrs or {}).get('id') or 'id_' + name}_understood"
        live = '{}<output id="{}" class="rcm-deadline-understood" aria-live="polite"></output>'
        return format_html(live, box, output_id)


class DeadlineForm(forms.ModelForm):
    """Mixed into a model form whose Meta.fields leave out due_date, due_precision and due_text: they are filled
    from `deadline`, into cleaned_data (for the services that take fields) and onto the instance (for those that
    take the instance)."""

    deadline = forms.CharField(
        label=_("Deadline"),
        required=False,
        max_length=200,
        widget=DeadlineInput(attrs={"size": 40, "autocomplete": "off"}),
        help_text=_(
            "As the decision says it: Q4 2005, first half of 2005, May 2005, 31 December 2005, 2005, "
            "before the next meeting. Empty: no deadline."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.initial.setdefault(
            "deadline", instance.due_text or due_format(date=instance.due_date, precision=instance.due_precision)
        )

    def clean(self):
        data = super().clean()
        if "deadline" in self.changed_data:
            text = data.get("deadline", "")
            deadline = deadline_read(text=text)
            if deadline is None:
                self.add_error("deadline", unreadable_message(text))
                return data
            self.instance.due_date, self.instance.due_precision, self.instance.due_text = (
                deadline.date,
                deadline.precision,
                deadline.text,
            )
        # Unchanged: the stored deadline stays exactly as it is (a next meeting's date, the imported words).
        data.update({name: getattr(self.instance, name) for name in DEADLINE_FIELDS})
        return data


def deadline_preview(request):
    """What the deadline field will store for `?text=`: 200 with the reading, 400 with the reason. Served through
    the admin site (`admin_view`: staff only, others go to its login)."""
    if not (request.user.has_perm("decisions.change_action") or request.user.has_perm("decisions.change_decision")):
        raise PermissionDenied
    text = request.GET.get("text", "")
    deadline = deadline_read(text=text)
    if deadline is None:
        return JsonResponse({"field": "text", "error": unreadable_message(text)}, status=400)
    return JsonResponse(
        {
            "date": deadline.date.isoformat() if deadline.date else None,
            "precision": deadline.precision,
            "label": deadline.label,
            "understood": understood(deadline),
        }
    )
