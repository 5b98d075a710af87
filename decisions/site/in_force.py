"""`/meetings/<slug>/in-force/`: the decisions in force after a meeting, and its CSV (reporting/in_force.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from decisions.caching import cache_key_build
from decisions.selectors.pages.in_force import InForceList, in_force_list_build
from decisions.site.common import lazy_context, today
from decisions.site.exports import csv_download
from decisions.site.labels import status_label
from decisions.site.meetings import meeting_for


def meeting_in_force(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_for(request, slug)
    context = {"meeting": meeting, "body_key": cache_key_build(request=request, kind="in-force")}
    # Computed only when the page's body is not in the cache (templates/site/meeting_in_force.html).
    context.update(
        lazy_context(lambda: {"view": in_force_list_build(reader=request.user, meeting=meeting, today=today())}, "view")
    )
    return render(request, "site/meeting_in_force.html", context)


def meeting_in_force_export(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_for(request, slug)
    view = in_force_list_build(reader=request.user, meeting=meeting, today=today())
    header = [_("Theme"), _("Meeting"), _("Item"), _("Part of"), _("Text"), _("Status"), _("Due"), _("Lineage")]
    header.append(_("Link"))
    return csv_download(header, in_force_rows(request, view), f"rcm-in-force-after-{meeting.slug}")


def in_force_rows(request: HttpRequest, view: InForceList):
    """One row per item and theme, each sub-item right after its parent, as the page lists them."""
    no_theme = _("No theme")
    for group in view.groups:
        theme = group.theme.name if group.theme else no_theme
        for entry in group.items:
            for listed, parent in [(entry, None), *((sub, entry) for sub in entry.subitems)]:
                item = listed.decision
                yield [
                    theme,
                    item.meeting.short_label,
                    item.reference,
                    parent.decision.reference if parent else "",
                    item.text,
                    status_label(listed.status),
                    item.due_label,
                    "; ".join(mark.text for mark in listed.lineage),
                    request.build_absolute_uri(item.get_absolute_url()),
                ]
