"""Focal points report on their party's actions; the Secretariat reviews; evidence is served to those allowed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from decisions.models import Evidence, ProgressUpdate
from decisions.rules.status import ActionStatus
from decisions.selectors import review_queue
from decisions.selectors.visibility import action_list_visible, scope_get, update_list_visible
from decisions.selectors.workflow import party_action_list, report_list_own
from decisions.services.reports import report_is_allowed, report_submit, update_return, update_validate
from decisions.workflow.forms import ReportForm, ReviewForm
from members.roles import is_secretariat, party_of
from rcm.numbers import id_read


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    party = party_of(user=request.user)
    status = request.GET.get("status", "")
    if status and status not in ActionStatus.values:
        status = ""
    overdue = request.GET.get("overdue") == "1"
    actions = (
        list(
            party_action_list(
                user=request.user, party=party, today=timezone.localdate(), status=status, overdue=overdue
            )
        )
        if party
        else []
    )
    for action in actions:  # offer only what this reader may do: a delegate reads, a focal point reports
        action.may_report = report_is_allowed(user=request.user, action=action)
    context = {"party": party, "actions": actions, "status": status, "overdue": overdue, "statuses": ActionStatus}
    return render(request, "workflow/my_actions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        action_list_visible(reader=request.user).select_related("decision__meeting", "responsible"), pk=pk
    )
    if not report_is_allowed(user=request.user, action=action):
        raise PermissionDenied
    returned = _returned_report(request, action)
    posted = request.method == "POST"  # an empty or unreadable POST is an invalid form, not a blank page
    form = ReportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        action=action,
        visibilities=scope_get(user=request.user).visibilities,
    )
    if request.method == "GET" and returned:
        form.initial.update({"note": returned.note, "status": returned.status, "resubmission_of": returned.pk})
    if request.method == "POST" and form.is_valid():
        try:
            update = _submit(request, action, form, returned)
        except ValidationError as exc:
            _errors_to_form(form, exc, action)
        else:
            if update.review_state == ProgressUpdate.Review.VALIDATED:
                messages.success(request, _("Progress recorded and published."))
            else:
                messages.success(request, _("Report submitted. The Secretariat will review it before it is published."))
            return redirect("workflow:report", pk=action.pk)
    context = {
        "action": action,
        "form": form,
        "reports": report_list_own(action=action, scope=scope_get(user=request.user)),
        "returned": returned,
        # A refused form cannot give the files back (browsers never refill a file input): name them instead.
        "chosen_files": [upload.name for upload in request.FILES.getlist("files")] if form.errors else [],
    }
    return render(request, "workflow/report_form.html", context, status=400 if form.errors else 200)


def _returned_report(request: HttpRequest, action) -> ProgressUpdate | None:
    raw = request.POST.get("resubmission_of") or request.GET.get("resubmit")
    pk = id_read(raw=raw)
    if pk is None:
        return None
    return action.updates.filter(pk=pk, review_state=ProgressUpdate.Review.RETURNED).first()


def _submit(request: HttpRequest, action, form: ReportForm, returned) -> ProgressUpdate:
    data = form.cleaned_data
    return report_submit(
        action=action,
        by=request.user,
        date=data["date"],
        note=data["note"],
        status=data["status"],
        visibility=data["visibility"],
        links=data["links"],
        files=data["files"],
        expected_version=data["version"],
        resubmission_of=returned,
    )


def _errors_to_form(form: ReportForm, exc: ValidationError, action) -> None:
    """Service errors land on the form, which keeps what the user typed. A stale version says what changed."""
    if getattr(exc, "code", None) == "stale":
        action.refresh_from_db()
        latest = action.updates.order_by("-created_at").first()
        change = _("It is now “%(status)s” (version %(version)s)") % {
            "status": action.get_status_display(),
            "version": action.version,
        }
        if latest:
            change += _("; last update on %(date)s by %(author)s: %(note)s") % {
                "date": latest.date.isoformat(),
                "author": latest.author_name or _("the Secretariat"),
                "note": latest.note[:200],
            }
        form.add_error(None, _("Someone else changed this action while you were writing. ") + change + ".")
        form.data = form.data.copy()
        form.data["version"] = action.version
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    if not is_secretariat(user=request.user):
        raise PermissionDenied
    return render(request, "workflow/review_queue.html", {"reports": review_queue()})


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_secretariat(user=request.user):
        raise PermissionDenied
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("action__responsible", "action__decision__meeting", "resubmission_of"),
        pk=pk,
    )
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "validate":
                update_validate(update=update, by=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("Report validated and published."))
            else:
                update_return(update=update, by=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("Report returned to the focal point."))
            return redirect("workflow:review-list")
        except ValidationError as exc:
            errors_by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
            for field, errors in errors_by_field.items():
                form.add_error(field if field in form.fields else None, errors)
    context = {
        "update": update,
        "form": form,
        "history": report_list_own(action=update.action, scope=scope_get(user=request.user)).exclude(pk=update.pk),
    }
    return render(request, "workflow/review_detail.html", context, status=400 if form.errors else 200)


def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """A private evidence file, to whoever may read the report it belongs to; 404 to everyone else."""
    evidence = get_object_or_404(Evidence.objects.exclude(file=""), pk=pk)
    if not update_list_visible(reader=request.user).filter(pk=evidence.update_id).exists():
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
