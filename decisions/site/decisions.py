"""A decision's page and the filterable list of decisions."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from decisions.caching import cache_key_build
from decisions.models import Decision
from decisions.selectors.pages.decision_page import decision_page_get
from decisions.selectors.pages.lists import decision_list
from decisions.site.common import lazy_context, paginate, status_for, today
from decisions.site.forms import DecisionFilterForm
from decisions.site.meetings import meeting_for


def decision_detail(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    meeting = meeting_for(request, slug)
    try:
        page = decision_page_get(user=request.user, meeting=meeting, reference=reference, today=today())
    except Decision.DoesNotExist as exc:
        raise Http404(
            _("The %(meeting)s meeting has no item “%(reference)s”.")
            % {"meeting": meeting.short_label, "reference": reference}
        ) from exc
    return render(request, "site/decision_detail.html", {"meeting": meeting, "page": page, "decision": page.decision})


def decision_filters(request: HttpRequest) -> tuple[DecisionFilterForm, dict]:
    """The form that shows the filters, and the valid ones as the shared filters' parameters."""
    form = DecisionFilterForm(request.GET or None, user=request.user)
    return form, form.filter_params()


def decision_index(request: HttpRequest) -> HttpResponse:
    form, filters = decision_filters(request)
    # Statuses and deadlines, no progress note: a note that sets no status leaves it warm.
    key = cache_key_build(request=request, kind="decisions", news=False)
    context = {"form": form, "filters": filters, "body_key": key}
    # Computed only when the page's body is not in the cache (templates/site/decision_list.html).
    context.update(lazy_context(lambda: {"page": decision_list_page(request, filters)}, "page"))
    return render(request, "site/decision_list.html", context, status=status_for(form.errors))


def decision_list_page(request: HttpRequest, params: dict):
    return paginate(request, decision_list(user=request.user, params=params, today=today()))
