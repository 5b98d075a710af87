from functools import partial

from django.contrib import admin
from django.db.models import Count
from django.urls import path
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from decisions.admin.badges import status_badge
from decisions.admin.importing import import_declaration_view
from decisions.admin.meeting_language import meeting_language_view
from decisions.admin.searching import TextSearchAdmin
from decisions.models import Decision, Meeting, Participation
from decisions.selectors.search import meeting_search
from decisions.services.decisions import decision_delete, decision_save
from decisions.services.meeting_edits import meeting_delete, meeting_save, participation_delete, participation_save
from rcm.admin_mixins import CheckedIdsAdmin
from rcm.admin_versioning import ServiceAdmin, VersionedInline, Writes
from rcm.history_admin import RecordHistoryAdmin


class ParticipationInline(VersionedInline, CheckedIdsAdmin, TranslationTabularInline):
    model = Participation
    writes = Writes("participation", participation_save, participation_delete)
    extra = 0
    autocomplete_fields = ("party",)


class DecisionInline(VersionedInline, CheckedIdsAdmin, TranslationStackedInline):
    model = Decision
    writes = Writes("decision", decision_save, decision_delete)
    extra = 0
    fields = (("section", "number", "position", "parent"), ("kind", "lead_verb", "status_label"), "text")
    readonly_fields = ("status_label",)
    autocomplete_fields = ("parent",)  # a select of every decision per form would cost a query each
    show_change_link = True
    ordering = ("position",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "parent")

    @admin.display(description=_("status"))
    def status_label(self, obj: Decision) -> str:
        return status_badge(obj.status, obj.get_status_display()) if obj.pk else "—"


@admin.register(Meeting)
class MeetingAdmin(TextSearchAdmin, ServiceAdmin, CheckedIdsAdmin, RecordHistoryAdmin, TranslationAdmin):
    writes = Writes("meeting", meeting_save, meeting_delete)
    list_display = ("title", "kind", "ordinal", "city", "start_date", "is_published", "decision_count")
    list_filter = ("kind", "is_published", "host")
    list_select_related = ("host",)
    # Titles and cities are searched as on the site (TextSearchAdmin); the address as typed.
    text_search = staticmethod(meeting_search)
    search_fields = ("slug",)
    date_hierarchy = "start_date"
    autocomplete_fields = ("host",)
    readonly_fields = ("source_text", "created_at", "updated_at")
    inlines = [ParticipationInline, DecisionInline]
    fieldsets = (
        (None, {"fields": ("title", "kind", "ordinal", "slug", "is_published")}),
        (_("Where and when"), {"fields": ("city", "host", "start_date", "end_date")}),
        (
            _("Source"),
            {"classes": ["collapse"], "fields": ("source_language", "source_text", "created_at", "updated_at")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(decision_total=Count("decisions"))

    def get_urls(self):
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(partial(import_declaration_view, self)),
                name="decisions_meeting_import",
            ),
            path(
                "<int:pk>/add-language/",
                self.admin_site.admin_view(partial(meeting_language_view, self)),
                name="decisions_meeting_add_language",
            ),
        ]
        return custom + super().get_urls()

    @admin.display(description=_("items"), ordering="decision_total")
    def decision_count(self, obj: Meeting) -> int:
        return obj.decision_total
