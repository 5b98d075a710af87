"""Parties (states, organisations, networks, RCM bodies) and themes."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from decisions.models import Theme
from decisions.selectors.counting import status_count
from decisions.selectors.pages.parties import party_list, party_page_get, theme_decision_list, theme_list
from decisions.site.charts import ACTION_STATUSES, DECISION_STATUSES, status_bars
from decisions.site.common import today
from members.models import Party


def party_index(request: HttpRequest) -> HttpResponse:
    return render(request, "site/party_list.html", {"groups": party_list(user=request.user)})


def party_detail(request: HttpRequest, code: str) -> HttpResponse:
    party = Party.objects.filter(code=code).first()
    if party is None:
        raise Http404(_("There is no party with the code “%(code)s”.") % {"code": code})
    page = party_page_get(user=request.user, party=party, today=today())
    chart = status_bars(_("Status of its actions"), page.status_counts, ACTION_STATUSES, width=300)
    return render(request, "site/party_detail.html", {"party": party, "page": page, "chart": chart})


def theme_index(request: HttpRequest) -> HttpResponse:
    return render(request, "site/theme_list.html", {"themes": theme_list(user=request.user)})


def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = Theme.objects.filter(slug=slug).first()
    if theme is None:
        raise Http404(_("There is no theme “%(slug)s”.") % {"slug": slug})
    decisions = theme_decision_list(user=request.user, theme=theme, today=today())
    counts = status_count(items=(decision.status for decision in decisions if not decision.parent_id))
    chart = status_bars(_("Status of its decisions"), counts, DECISION_STATUSES, width=300)
    return render(request, "site/theme_detail.html", {"theme": theme, "decisions": decisions, "chart": chart})
