"""`/grid/`: each mandate addressed to every member state, one column per state, each cell the state's own
follow-up — today or on a past day, a page of mandates at a time."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from decisions.caching import cache_key_build
from decisions.selectors.pages.grid import grid_get, grid_rows_list
from decisions.selectors.visibility import scope_get
from decisions.site.common import as_of_from, lazy_context, paginate, status_for
from decisions.site.forms import GridFilterForm

# Rows per page: each row is a line of cells across every member state, so fewer than a list's.
GRID_PAGE_SIZE = 25


def grid(request: HttpRequest) -> HttpResponse:
    as_of = as_of_from(request)
    form = GridFilterForm(request.GET or None, user=request.user)
    filters = form.active_filters()
    # Statuses (a past day's rebuilt from status changes): a progress note that sets none leaves it warm — but for
    # the readers of reports in review, whose grid marks what a party reported and the Secretariat has not
    # validated yet (round_marks.py), a report with no status included ("Self-reported: no change").
    marks = scope_get(user=request.user).reads_reports_in_review
    key = cache_key_build(request=request, kind="grid", news=marks)
    context = {"as_of": as_of, "form": form, "body_key": key}
    # Computed only when the page's body is not in the cache (templates/site/grid.html).
    context.update(lazy_context(lambda: grid_context(request, as_of, filters), "grid", "page"))
    return render(request, "site/grid.html", context, status=status_for(as_of.error, form.errors))


def grid_context(request: HttpRequest, as_of, filters: dict) -> dict:
    meetings = [filters["meeting"]] if filters.get("meeting") else None
    page = paginate(request, grid_rows_list(user=request.user, as_of=as_of, meetings=meetings), per_page=GRID_PAGE_SIZE)
    return {"grid": grid_get(user=request.user, as_of=as_of, rows=page.object_list), "page": page}
