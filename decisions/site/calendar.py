"""iCalendar feeds of action deadlines (all, or one party's): one all-day event on each due date."""

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from decisions.rules.status import OPEN_ACTION_STATUSES
from decisions.selectors.visibility import action_list_visible
from decisions.site.labels import status_label
from members.models import Party


def deadlines(request: HttpRequest, code: str | None = None) -> HttpResponse:
    # A calendar of what is still to be done: a completed or cancelled action has no deadline left to meet.
    actions = action_list_visible(reader=request.user).filter(due_date__isnull=False, status__in=OPEN_ACTION_STATUSES)
    name = _("RCM decisions: deadlines of follow-up actions")
    if code is not None:
        party = Party.objects.filter(code=code).first()
        if party is None:
            raise Http404(_("There is no party with the code “%(code)s”.") % {"code": code})
        actions = actions.filter(responsible=party)
        name = _("RCM decisions: deadlines of %(party)s") % {"party": party.short_label}
    actions = actions.select_related("decision__meeting", "decision__parent", "responsible").order_by("due_date", "pk")
    calendar = Calendar()
    calendar.add("prodid", "-//RCM Decision Tracker//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    host = request.get_host().split(":")[0] or "rcm-tracker"
    for action in actions:
        calendar.add_component(_event(request, action, host))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rcm-deadlines.ics"'
    return response


def _event(request: HttpRequest, action, host: str) -> Event:
    decision = action.decision
    event = Event()
    event.add("uid", f"action-{action.pk}@{host}")
    event.add("dtstamp", action.updated_at)
    event.add("dtstart", action.due_date)
    event.add("dtend", action.due_date + datetime.timedelta(days=1))
    event.add("summary", f"{action.responsible.short_label}: {action.title}")
    lines = [
        decision.citation,
        _("Due: %(due)s") % {"due": action.due_label},
        _("Status: %(status)s") % {"status": status_label(action.status)},
    ]
    event.add("description", "\n".join(str(line) for line in lines))
    event.add("url", request.build_absolute_uri(action.get_absolute_url()))
    event.add("transp", "TRANSPARENT")
    event.add("status", "CONFIRMED")
    return event
