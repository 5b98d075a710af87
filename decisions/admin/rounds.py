"""The Secretariat's reporting rounds: prepared here (title in each language, dates, meetings covered, parties
that must answer), opened with "Open the round", followed on the round's completeness page (workflow)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from decisions.models import ReportingRound
from decisions.services.rounds import round_delete, round_open, round_save
from rcm.admin_mixins import CheckedIdsAdmin
from rcm.admin_versioning import ServiceAdmin, Writes
from rcm.history_admin import RecordHistoryAdmin
from rcm.numbers import id_read


@admin.register(ReportingRound)
class ReportingRoundAdmin(ServiceAdmin, CheckedIdsAdmin, RecordHistoryAdmin, TranslationAdmin):
    writes = Writes("round", round_save, round_delete)
    list_display = ("title", "opens_on", "closes_on", "opened_at", "party_count")
    list_filter = ("opens_on", "closes_on")
    search_fields = ("title_en", "title_es")
    date_hierarchy = "closes_on"
    autocomplete_fields = ("meetings", "parties")
    readonly_fields = ("opened_at", "opened_by", "reminder_before_sent_at", "reminder_after_sent_at", "frozen_at")
    fieldsets = (
        (None, {"fields": ("title", "opens_on", "closes_on", "meetings", "parties")}),
        (
            _("Opening and reminders"),
            {"fields": ("opened_at", "opened_by", "reminder_before_sent_at", "reminder_after_sent_at", "frozen_at")},
        ),
    )
    actions = ["open_rounds"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("opened_by").prefetch_related("parties")

    @admin.display(description=_("parties"))
    def party_count(self, obj: ReportingRound) -> int:
        return len(obj.parties.all())

    @admin.action(description=_("Open the selected rounds (tells every focal point)"), permissions=["change"])
    def open_rounds(self, request: HttpRequest, queryset) -> None:
        for round in queryset:
            self._open(request, round, None)

    def _open(self, request: HttpRequest, round: ReportingRound, seen: int | None) -> None:
        try:
            round_open(round=round, by=request.user, expected_version=seen)
        except ValidationError as exc:
            self.message_user(request, f"{round}: {' '.join(exc.messages)}", messages.ERROR)
        except PermissionDenied:
            self.message_user(request, _("Only the Secretariat opens rounds."), messages.ERROR)
        else:
            self.message_user(request, _("“%(round)s” is open; its focal points are told.") % {"round": round})

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/open/",
                self.admin_site.admin_view(require_POST(self.open_view)),
                name="decisions_reportinground_open",
            )
        ]
        return custom + super().get_urls()

    def open_view(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        round = get_object_or_404(ReportingRound, pk=pk)
        if not self.has_change_permission(request, round):
            raise PermissionDenied
        raw = request.POST.get("seen_version", "")
        self._open(request, round, id_read(raw=raw))
        return HttpResponseRedirect(reverse("admin:decisions_reportinground_change", args=[pk]))
