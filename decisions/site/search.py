"""`/search/?q=`: decision texts and action titles at once; the full lists keep the same words and filters."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from decisions.selectors.pages.lists import action_list, decision_list
from decisions.site.common import status_for, today
from decisions.site.forms import FilterForm

RESULTS_PER_KIND = 25


def search(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None, user=request.user)
    params = form.filter_params()
    context = {"form": form, "filters": params, "q": params.get("q", "")}
    if params.get("q"):
        decisions = decision_list(user=request.user, params=params, today=today())
        actions = action_list(user=request.user, params=params, today=today())
        context |= {
            "decisions": list(decisions[:RESULTS_PER_KIND]),
            "decision_count": decisions.count(),
            "actions": list(actions[:RESULTS_PER_KIND]),
            "action_count": actions.count(),
        }
        for action in context["actions"]:
            action.shown_overdue = action.is_overdue_on(today())
    return render(request, "site/search.html", context, status=status_for(form.errors))
