"""`/grid/`: each mandate addressed to every member state, one column per state, each cell the state's own
follow-up — today or on a past day."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from decisions.reporting.grid import grid_for
from decisions.site.common import as_of_from, status_for
from decisions.site.forms import GridFilterForm


def grid(request: HttpRequest) -> HttpResponse:
    as_of = as_of_from(request)
    form = GridFilterForm(request.GET or None, user=request.user)
    filters = form.active_filters()
    meetings = [filters["meeting"]] if filters.get("meeting") else None
    table = grid_for(request.user, as_of, meetings=meetings)
    context = {"grid": table, "as_of": as_of, "form": form}
    return render(request, "site/grid.html", context, status=status_for(as_of.error, form.errors))
