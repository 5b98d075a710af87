""" "Import a declaration" in the admin: text → preview of what the parser found → confirm → a draft meeting."""

import datetime
import uuid
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.admin.import_corrections import (
    MeetingCorrectionsForm,
    apply_corrections,
    corrections_initial,
    meeting_rows,
)
from decisions.models import Meeting
from decisions.models.evidence import private_storage
from decisions.parsing import ParseError, parse_declaration
from decisions.parsing.files import KEPT_SUFFIXES, FileError, read_declaration_file
from decisions.services.meetings import meeting_import, meeting_refuse_duplicate, meeting_slug_make
from members.models import Party

MAX_TEXT_BYTES = 2 * 1024 * 1024
PENDING_SALT = "decisions.admin.importing.pending-file"


# What an unreadable file is, said in the officer's language (the parser's reasons are English).
FILE_ERRORS = {
    "empty": gettext_lazy("The file is empty."),
    "encoding": gettext_lazy("The file is not UTF-8 text; save it as UTF-8 and try again."),
    "docx": gettext_lazy("The file is not a readable Word document (.docx)."),
    "pdf": gettext_lazy("The file is not a readable PDF."),
    "scanned": gettext_lazy(
        "The PDF has no text layer (a scanned image?): export it from the original document or run it through "
        "text recognition first."
    ),
    "suffix": gettext_lazy("Send the declaration as a .txt, .docx or .pdf file."),
}
PENDING_MAX_AGE = 24 * 3600  # seconds a previewed file waits for its confirmation
PENDING_FOLDER = "declarations/pending"


class DeclarationImportForm(forms.Form):
    # An empty file is read like any other, so that it is refused once, saying so, not as "no file sent".
    file = forms.FileField(
        label=gettext_lazy("File (.txt in UTF-8, .docx or .pdf)"), required=False, allow_empty_file=True
    )
    kept_file = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=gettext_lazy("…or paste the text"), widget=forms.Textarea(attrs={"rows": 16, "cols": 100}), required=False
    )
    slug = forms.SlugField(
        label=gettext_lazy("Address of the meeting"),
        required=False,
        max_length=Meeting._meta.get_field("slug").max_length,
        help_text=gettext_lazy("Leave empty to derive it from the ordinal, city and year."),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        data["source_file"] = None
        if upload:
            data["text"], raw = text_of_upload(upload)
            if PurePath(upload.name).suffix.lower() in KEPT_SUFFIXES:
                data["source_file"] = (upload.name, raw)
        elif data.get("kept_file"):
            data["source_file"] = _pending_file(data["kept_file"])
        data["draft"] = draft_of(data.get("text"))
        return data


def text_of_upload(upload) -> tuple[str, bytes]:
    """The text of an uploaded declaration (.txt, .docx, .pdf) and its bytes, or a form error saying why it
    cannot be read (its size is checked before it is read). The import and the second-language forms share it."""
    if upload.size > MAX_TEXT_BYTES:
        raise forms.ValidationError(_("The file is larger than 2 MB; a declaration is much smaller."))
    raw = upload.read()
    try:
        return read_declaration_file(upload.name, raw), raw
    except FileError as exc:
        raise forms.ValidationError(FILE_ERRORS.get(exc.code, str(exc))) from exc


def draft_of(text: str | None):
    """The parsed declaration, or a form error: nothing to read, or a text that is no declaration."""
    if not (text or "").strip():
        raise forms.ValidationError(_("Upload a file or paste the declaration's text."))
    try:
        return parse_declaration(text)
    except ParseError as exc:
        message = _("The text could not be read as a declaration: %(reason)s.") % {"reason": exc}
        raise forms.ValidationError(message) from exc


def import_declaration_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        return HttpResponse(status=403)
    posted = request.method == "POST"  # an empty or unreadable POST is an invalid form, not a blank one
    form = DeclarationImportForm(request.POST if posted else None, request.FILES if posted else None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "form": form,
        "title": _("Import a declaration"),
    }
    if request.method == "POST" and form.is_valid():
        draft = form.cleaned_data["draft"]
        source_file = form.cleaned_data["source_file"]
        parties = list(Party.objects.order_by("kind", "name"))
        corrected = request.POST.get("corrected") == "1"  # the preview's own form was sent back
        corrections = MeetingCorrectionsForm(
            request.POST if corrected else None, initial=corrections_initial(draft, parties), parties=parties
        )
        if corrected and corrections.is_valid():
            draft = apply_corrections(draft, corrections.cleaned_data, parties)
        slug = form.cleaned_data["slug"] or meeting_slug_make(draft=draft)
        try:  # said at the preview already, not only once the officer confirms
            meeting_refuse_duplicate(draft=draft, source_text=form.cleaned_data["text"], slug=slug)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        if request.POST.get("confirm") == "1" and not form.errors and not corrections.errors:
            try:
                meeting, warnings = meeting_import(
                    draft=draft, source_text=form.cleaned_data["text"], slug=slug, source_file=source_file
                )
            except ValidationError as exc:
                form.add_error(None, _meeting_errors(exc))
            else:
                _forget_pending(form.cleaned_data.get("kept_file"))
                messages.success(
                    request,
                    _("Imported “%(meeting)s” as a draft: correct it, add actions, then publish it.")
                    % {"meeting": meeting},
                )
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect(reverse("admin:decisions_meeting_change", args=[meeting.pk]))
        kept = form.cleaned_data.get("kept_file") or ""
        if source_file and not kept and not form.errors:
            kept = _keep_pending(source_file)
        context.update(
            {
                "draft": draft,
                "slug": slug,
                "preview": not form.errors,
                "kept_file": kept,
                "corrections": corrections,
                "meeting_rows": meeting_rows(corrections, draft.warnings_by_field()),
                "participant_warnings": draft.warnings_by_field().get("participants", []),
                "item_warnings": [
                    warning
                    for field, group in draft.warnings_by_field().items()
                    if field != "participants" and not field.startswith("meeting")
                    for warning in group
                ],
            }
        )
        if corrections.errors:
            return TemplateResponse(request, "admin/decisions/meeting/import.html", context, status=400)
    return TemplateResponse(request, "admin/decisions/meeting/import.html", context, status=400 if form.errors else 200)


def _keep_pending(source_file: tuple[str, bytes]) -> str:
    """Keeps a previewed Word or PDF file until the officer confirms; the token names it, signed. Each new one
    first removes those whose preview was abandoned, so the folder holds at most a day of previews."""
    forget_abandoned_previews()
    name, data = source_file
    stored = private_storage().save(
        f"{PENDING_FOLDER}/{uuid.uuid4().hex}{PurePath(name).suffix.lower()}", ContentFile(data)
    )
    return signing.dumps({"stored": stored, "name": name}, salt=PENDING_SALT)


def forget_abandoned_previews() -> int:
    """Delete the previewed files older than their token's life (`PENDING_MAX_AGE`): no confirmation can name
    them any more. Returns how many went."""
    storage = private_storage()
    try:
        _folders, names = storage.listdir(PENDING_FOLDER)
    except FileNotFoundError:
        return 0
    expired = timezone.now() - datetime.timedelta(seconds=PENDING_MAX_AGE)
    removed = 0
    for name in names:
        path = f"{PENDING_FOLDER}/{name}"
        try:
            if storage.get_modified_time(path) < expired:
                storage.delete(path)
                removed += 1
        except FileNotFoundError:  # confirmed or removed by another request meanwhile
            continue
    return removed


def _pending_file(token: str) -> tuple[str, bytes] | None:
    try:
        pending = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    storage = private_storage()
    if not storage.exists(pending["stored"]):
        return None
    with storage.open(pending["stored"], "rb") as handle:
        return pending["name"], handle.read()


def _forget_pending(token: str | None) -> None:
    if not token:
        return
    try:
        pending = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return
    private_storage().delete(pending["stored"])


def _meeting_errors(exc: ValidationError) -> list[str]:
    """The service's errors as messages of this form, naming the meeting's field each is about (the meeting's
    fields are not this form's: a title or city too long for the record is said so, not a server error)."""
    if not hasattr(exc, "error_dict"):
        return exc.messages
    messages = {}
    for name, errors in exc.message_dict.items():
        try:
            label = capfirst(Meeting._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = ""
        for message in errors:
            messages[f"{label}: {message}" if label else message] = None
    return list(messages)
