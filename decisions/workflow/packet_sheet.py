"""The packet as a spreadsheet, for a party's focal points: download it, upload it filled, see row by row what
would be recorded, confirm. The workbook and its judgement are decisions/services/packet_sheet.py.

Between the preview and the confirmation the uploaded file waits in private storage, named by a signed token
that also names the round, the party and the person (the admin's declaration import keeps its previewed file
the same way), so the confirmation judges and records exactly the file that was previewed.
"""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from decisions.models.evidence import private_storage
from decisions.selectors.rounds import party_round_list
from decisions.services.packet_sheet import packet_sheet_export, packet_sheet_preview, packet_sheet_record
from decisions.workflow.rounds import focal_point_party_require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING_SALT = "decisions.workflow.packet-sheet.pending"
PENDING_FOLDER = "packets/pending"
PENDING_MAX_AGE = 24 * 3600  # seconds a previewed file waits for its confirmation


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The filled spreadsheet (.xlsx)"),
        allow_empty_file=True,  # an empty file is refused as "not XLSX", saying so
        error_messages={"required": gettext_lazy("Choose the spreadsheet to upload.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.PACKET_SHEET_MAX_BYTES
        if upload.size > limit:  # said before a byte of it is read: Django kept it on disk, not in memory
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; a packet is much smaller. Upload the packet's spreadsheet.")
                % {"mb": round(limit / 1024 / 1024, 1)}
            )
        return upload


def _round_and_party(request: HttpRequest, pk: int):
    party = focal_point_party_require(request)
    return get_object_or_404(party_round_list(party=party), pk=pk), party


@login_required
@require_GET
def sheet_download(request: HttpRequest, pk: int) -> HttpResponse:
    round, party = _round_and_party(request, pk)
    body = packet_sheet_export(round=round, party=party)
    name = slugify(f"packet {party.code} {round.title}")[:80] or "packet"
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def sheet_upload(request: HttpRequest, pk: int) -> HttpResponse:
    round, party = _round_and_party(request, pk)
    posted = request.method == "POST"  # a POST without a file is a form missing its file, not a blank form
    form = SheetUploadForm(request.POST if posted else None, request.FILES if posted else None)
    context = {"round": round, "party": party, "form": form}
    if not posted:
        return render(request, "workflow/packet_sheet_upload.html", context)
    if not form.is_valid():
        return render(request, "workflow/packet_sheet_upload.html", context, status=400)
    data = form.cleaned_data["file"].read()
    try:
        preview = packet_sheet_preview(round=round, party=party, data=data)
    except ValidationError as exc:
        form.add_error("file", exc.messages)
        return render(request, "workflow/packet_sheet_upload.html", context, status=400)
    token = _keep(data, round, party, request) if preview.to_record and not preview.refused else ""
    status = 400 if preview.refused else 200
    return _preview_page(request, context | {"preview": preview, "token": token}, status=status)


@login_required
@require_POST
def sheet_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    round, party = _round_and_party(request, pk)
    token = request.POST.get("token", "")
    data = _pending(token, round, party, request)
    context = {"round": round, "party": party, "form": SheetUploadForm()}
    if data is None:
        context["page_errors"] = [_("The previewed file has expired or is unknown: upload it again.")]
        return render(request, "workflow/packet_sheet_upload.html", context, status=400)
    try:
        preview = packet_sheet_record(round=round, party=party, by=request.user, data=data)
    except ValidationError as exc:
        try:
            preview = packet_sheet_preview(round=round, party=party, data=data)
        except ValidationError:
            preview = None
        page = context | {"preview": preview, "token": "", "page_errors": exc.messages}
        return _preview_page(request, page, status=400)
    _forget(token)
    messages.success(
        request,
        _("Recorded %(n)s answers as drafts (%(same)s unchanged). Submit the packet when it is complete.")
        % {"n": len(preview.to_record), "same": len(preview.unchanged)},
    )
    return redirect("workflow:packet", pk=round.pk)


def _preview_page(request: HttpRequest, context: dict, *, status: int) -> HttpResponse:
    return render(request, "workflow/packet_sheet_preview.html", context, status=status)


def _keep(data: bytes, round, party, request: HttpRequest) -> str:
    """Keep the previewed file until it is confirmed; each new one first removes those abandoned for a day."""
    _forget_abandoned()
    stored = private_storage().save(f"{PENDING_FOLDER}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    payload = {"stored": stored, "round": round.pk, "party": party.pk, "user": request.user.pk}
    return signing.dumps(payload, salt=PENDING_SALT)


def _pending(token: str, round, party, request: HttpRequest) -> bytes | None:
    try:
        pending = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    if [pending.get("round"), pending.get("party"), pending.get("user")] != [round.pk, party.pk, request.user.pk]:
        return None
    storage = private_storage()
    if not storage.exists(pending["stored"]):
        return None
    with storage.open(pending["stored"], "rb") as handle:
        return handle.read()


def _forget(token: str) -> None:
    try:
        pending = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return
    private_storage().delete(pending["stored"])


def _forget_abandoned() -> None:
    storage = private_storage()
    try:
        _folders, names = storage.listdir(PENDING_FOLDER)
    except FileNotFoundError:
        return
    expired = timezone.now() - datetime.timedelta(seconds=PENDING_MAX_AGE)
    for name in names:
        path = f"{PENDING_FOLDER}/{name}"
        try:
            if storage.get_modified_time(path) < expired:
                storage.delete(path)
        except FileNotFoundError:  # confirmed or removed by another request meanwhile
            continue
