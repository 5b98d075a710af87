""" "Add the Spanish (or English) text" of a meeting in the admin: text or file → the pairs side by side → confirm."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.admin.importing import draft_of, text_of_upload
from decisions.models import Meeting
from decisions.services.meeting_languages import meeting_add_language, meeting_language_pairs


class MeetingLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the text"), choices=[("es", "Español"), ("en", "English")]
    )
    # An empty file is read like any other, so that it is refused once, saying so, not as "no file sent".
    file = forms.FileField(
        label=gettext_lazy("File (.txt in UTF-8, .docx or .pdf)"), required=False, allow_empty_file=True
    )
    text = forms.CharField(
        label=gettext_lazy("…or paste the text"), widget=forms.Textarea(attrs={"rows": 16, "cols": 100}), required=False
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            data["text"], _raw = text_of_upload(upload)
        data["draft"] = draft_of(data.get("text"))
        return data


def meeting_language_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if not model_admin.has_change_permission(request, meeting):
        return HttpResponse(status=403)
    other = "es" if meeting.source_language == "en" else "en"
    posted = request.method == "POST"
    form = MeetingLanguageForm(
        request.POST if posted else None, request.FILES if posted else None, initial={"language": other}
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": meeting,
        "form": form,
        "title": _("Add the other language's text of “%(meeting)s”") % {"meeting": meeting},
    }
    if posted and form.is_valid():
        draft, language = form.cleaned_data["draft"], form.cleaned_data["language"]
        try:
            pairs = meeting_language_pairs(meeting=meeting, draft=draft, language=language)
            if request.POST.get("confirm") == "1":
                filled = meeting_add_language(meeting=meeting, draft=draft, language=language)
                messages.success(
                    request, _("%(count)d items now have their text in this language.") % {"count": filled}
                )
                return redirect(reverse("admin:decisions_meeting_change", args=[meeting.pk]))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            have = meeting.source_language
            context["pairs"] = [(item, getattr(item, f"text_{have}"), parsed.text) for item, parsed in pairs]
    status = 400 if form.errors else 200
    return TemplateResponse(request, "admin/decisions/meeting/add_language.html", context, status=status)
