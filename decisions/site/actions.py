"""The filterable list of follow-up actions and an action's page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from decisions.caching import cache_key_build
from decisions.filters import ActionFilter
from decisions.models import Decision, ProgressUpdate
from decisions.selectors import decision_get_by_reference
from decisions.selectors.pages.lists import action_list
from decisions.selectors.visibility import action_list_visible, update_list_visible
from decisions.site.common import lazy_context, paginate, status_for, today
from decisions.site.forms import ActionFilterForm


def action_filters(request: HttpRequest) -> tuple[ActionFilterForm, dict]:
    """The form that shows the filters, and the valid ones as the shared filters' parameters."""
    form = ActionFilterForm(request.GET or None, user=request.user)
    params = form.filter_params()
    # `decision=D8` narrows a meeting's actions to one item (links from a decision's page use it): the item as
    # people cite it in the meeting, handed to the filters by its id.
    reference = request.GET.get("decision")
    meeting = form.active_filters().get("meeting")
    if reference and meeting:
        try:
            params["decision"] = str(decision_get_by_reference(meeting=meeting, reference=reference).pk)
        except Decision.DoesNotExist:
            form.add_error(None, _("The meeting has no item “%(reference)s”.") % {"reference": reference})
    return form, params


def action_index(request: HttpRequest) -> HttpResponse:
    form, filters = action_filters(request)
    # The list shows no progress note: only its "no news" filter reads them.
    key = cache_key_build(request=request, kind="actions", news=ActionFilter.reads_notes(request.GET))
    context = {"form": form, "filters": filters, "body_key": key}
    # Computed only when the page's body is not in the cache (templates/site/action_list.html).
    context.update(lazy_context(lambda: {"page": action_page(request, filters)}, "page"))
    return render(request, "site/action_list.html", context, status=status_for(form.errors))


def action_page(request: HttpRequest, params: dict):
    page = paginate(request, action_list(user=request.user, params=params, today=today()))
    for action in page.object_list:
        action.shown_overdue = action.is_overdue_on(today())
    return page


def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = (
        action_list_visible(reader=request.user)
        .select_related("decision__meeting", "decision__parent", "responsible")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404(_("There is no published action at this address."))
    action.shown_overdue = action.is_overdue_on(today())
    updates = (
        update_list_visible(reader=request.user)
        .filter(action=action, review_state=ProgressUpdate.Review.VALIDATED)
        .prefetch_related("evidence")
        .order_by("-date", "-created_at", "-pk")
    )
    return render(request, "site/action_detail.html", {"action": action, "updates": list(updates)})
