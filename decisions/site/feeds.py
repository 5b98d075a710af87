"""Atom feeds of published progress updates: all of them, one meeting's, one party's."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from decisions.models import ProgressUpdate
from decisions.rules.markdown import markdown_render
from decisions.selectors.visibility import meeting_list_visible, update_list_visible
from decisions.site.labels import status_label, without_control_characters
from members.models import Party

FEED_LENGTH = 50


class UpdatesFeed(Feed):
    feed_type = Atom1Feed
    author_name = _lazy("RCM Technical Secretariat")

    def get_object(self, request, slug: str | None = None, code: str | None = None):
        scope = {"user": request.user, "meeting": None, "party": None}
        if slug is not None:
            scope["meeting"] = meeting_list_visible(reader=request.user).filter(slug=slug).first()
            if scope["meeting"] is None:
                raise Http404(_("There is no published meeting at this address."))
        if code is not None:
            scope["party"] = Party.objects.filter(code=code).first()
            if scope["party"] is None:
                raise Http404(_("There is no party with the code “%(code)s”.") % {"code": code})
        return scope

    def title(self, scope) -> str:
        return without_control_characters(self._title(scope))

    def _title(self, scope) -> str:
        if scope["meeting"]:
            return _("Progress on the decisions of the %(meeting)s") % {"meeting": scope["meeting"].title}
        if scope["party"]:
            return _("Progress reported by %(party)s") % {"party": scope["party"].name}
        return _("RCM Decision Tracker: progress on the decisions")

    def link(self, scope) -> str:
        if scope["meeting"]:
            return scope["meeting"].get_absolute_url()
        if scope["party"]:
            return reverse("decisions:party-detail", kwargs={"code": scope["party"].code})
        return "/"

    def subtitle(self, scope) -> str:
        return _("Validated progress updates on the follow-up of the Regional Conference on Migration's decisions.")

    def items(self, scope):
        updates = update_list_visible(reader=scope["user"]).filter(review_state=ProgressUpdate.Review.VALIDATED)
        if scope["meeting"]:
            updates = updates.filter(action__decision__meeting=scope["meeting"])
        if scope["party"]:
            updates = updates.filter(action__responsible=scope["party"])
        updates = updates.select_related("action__decision__meeting", "action__decision__parent", "action__responsible")
        return updates.order_by("-date", "-created_at", "-pk")[:FEED_LENGTH]

    def item_title(self, update: ProgressUpdate) -> str:
        action = update.action
        change = f" — {status_label(update.status_before)} → {status_label(update.status)}" if update.status else ""
        return without_control_characters(f"{action.responsible.short_label}: {action.title}{change}")

    def item_description(self, update: ProgressUpdate) -> str:
        decision = update.action.decision
        html = format_html("<p>{}</p>{}", decision.citation, markdown_render(text=update.note))
        return without_control_characters(html)

    def item_link(self, update: ProgressUpdate) -> str:
        return f"{update.action.get_absolute_url()}#update-{update.pk}"

    def item_guid(self, update: ProgressUpdate) -> str:
        # RFC 4287 wants an IRI that never changes: a tag: URI (RFC 4151) minted under the site's own host,
        # dated the day the update was recorded, so it survives a change of path or of the serving host.
        authority = urlsplit(settings.SITE_URL).hostname or "rcm-decision-tracker"
        return f"tag:{authority},{update.created_at.date().isoformat()}:progress-update/{update.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, update: ProgressUpdate) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(update.date, datetime.time(12)))

    def item_updateddate(self, update: ProgressUpdate) -> datetime.datetime:
        return update.updated_at
