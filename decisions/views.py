"""Public pages: only published meetings, and only what is public, are shown."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from decisions.models import Action, Decision, Meeting
from decisions.models.actions import Visibility
from decisions.selectors import decision_by_reference, meeting_decisions, with_overdue_flag


def home(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.published().select_related("host")
    return render(request, "decisions/home.html", {"meetings": meetings})


def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.published(), slug=slug)
    items = with_overdue_flag(meeting_decisions(meeting), timezone.localdate())
    participations = meeting.participations.select_related("party").order_by("capacity", "party__name")
    return render(
        request,
        "decisions/meeting_detail.html",
        {"meeting": meeting, "items": items, "participations": participations},
    )


def decision_detail(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.published(), slug=slug)
    try:
        decision = decision_by_reference(meeting=meeting, reference=reference)
    except Decision.DoesNotExist as exc:
        raise Http404(reference) from exc
    actions = decision.actions.filter(visibility=Visibility.PUBLIC).select_related("responsible")
    return render(
        request,
        "decisions/decision_detail.html",
        {"meeting": meeting, "decision": decision, "actions": actions, "today": timezone.localdate()},
    )


def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        Action.objects.filter(decision__meeting__is_published=True, visibility=Visibility.PUBLIC).select_related(
            "decision__meeting", "decision__parent", "responsible"
        ),
        pk=pk,
    )
    updates = action.updates.filter(review_state="validated", visibility=Visibility.PUBLIC).order_by("-date")
    return render(request, "decisions/action_detail.html", {"action": action, "updates": updates})
