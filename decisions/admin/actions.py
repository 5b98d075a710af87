from django.contrib import admin
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from decisions.admin.badges import overdue_badge, status_badge
from decisions.admin.deadline import deadline_preview
from decisions.admin.filters import ActionOverdueFilter
from decisions.admin.forms import ActionAdminForm
from decisions.admin.searching import TextSearchAdmin
from decisions.models import Action, ProgressUpdate
from decisions.selectors.search import action_search
from decisions.services.actions import (
    EDITABLE_ACTION_FIELDS,
    action_create,
    action_delete,
    action_record_progress,
    action_update,
)
from rcm.admin_mixins import CheckedIdsAdmin, HttpsLinksAdmin
from rcm.admin_versioning import SEEN, ServiceAdmin, Writes
from rcm.history_admin import RecordHistoryAdmin


class ProgressUpdateInline(HttpsLinksAdmin, admin.TabularInline):
    """The log, read-only: entries are written by the "record progress" fields above, never edited."""

    model = ProgressUpdate
    extra = 0
    can_delete = False
    fields = ("date", "status_before", "status", "note", "evidence_url", "author_name", "review_state", "visibility")
    readonly_fields = fields
    ordering = ("-date", "-created_at")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(TextSearchAdmin, ServiceAdmin, CheckedIdsAdmin, RecordHistoryAdmin, TranslationAdmin):
    form = ActionAdminForm
    # Saved below: an action's form also records progress. Deleted (view, bulk action) by the service.
    writes = Writes("action", None, action_delete)
    list_display = ("title", "decision", "responsible", "due_label", "status_label", "overdue_label", "visibility")
    list_filter = (
        "status",
        "decision__meeting",
        ("responsible", admin.RelatedOnlyFieldListFilter),
        ActionOverdueFilter,
        "visibility",
        "due_precision",
    )
    list_select_related = ("decision__meeting", "decision__parent", "responsible")
    # The texts are searched as on the site (TextSearchAdmin), "IX D6" finds that item's actions; these as typed.
    text_search = staticmethod(action_search)
    citation_prefix = "decision__"
    search_fields = ("responsible__name_en", "responsible__name_es")
    date_hierarchy = "due_date"
    autocomplete_fields = ("decision", "responsible")
    readonly_fields = ("status_label", "version", "waiting_reports")
    inlines = [ProgressUpdateInline]
    fieldsets = (
        (None, {"fields": ("decision", "title", "description", "responsible", "visibility", "seen_version")}),
        (_("Deadline"), {"fields": ("deadline",)}),
        (_("Status"), {"fields": ("status_label", "version", "waiting_reports")}),
        (
            _("Record progress"),
            {
                "fields": (
                    "progress_status",
                    "progress_date",
                    "progress_note",
                    "progress_evidence_url",
                    "progress_visibility",
                ),
                "description": _("Each save with a note or a new status adds one entry to the log below."),
            },
        ),
    )

    def get_urls(self):
        # One reader of typed deadlines for the action's page, its inline on the decision's, and the decision's.
        preview = path(
            "deadline-preview/", self.admin_site.admin_view(deadline_preview), name="decisions_deadline_preview"
        )
        return [preview, *super().get_urls()]

    @admin.display(description=_("reports awaiting review"))
    def waiting_reports(self, obj: Action) -> str:
        """A focal point's report on this action waits for the Secretariat: say so here, with the way to it."""
        waiting = (
            obj.updates.filter(review_state=ProgressUpdate.Review.SUBMITTED).order_by("created_at") if obj.pk else []
        )
        if not waiting:
            return _("None.")
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (
                    reverse("workflow:review-detail", args=[update.pk]),
                    _("report of %(date)s") % {"date": update.date.isoformat()},
                )
                for update in waiting
            ),
        )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj: Action) -> str:
        return status_badge(obj.status, obj.get_status_display())

    @admin.display(description=_("overdue"))
    def overdue_label(self, obj: Action) -> str:
        return overdue_badge(obj.is_overdue_on(timezone.localdate()), _("Overdue"))

    @admin.display(description=_("due"), ordering="due_date")
    def due_label(self, obj: Action) -> str:
        return obj.due_label

    def save_model(self, request, obj: Action, form: ActionAdminForm, change: bool) -> None:
        if self.nothing_to_save(request, form, change):
            return
        data = form.cleaned_data
        fields = {name: data[name] for name in EDITABLE_ACTION_FIELDS if name in data}
        if change:
            saved = action_update(action=obj, expected_version=data.get(SEEN), by=request.user, **fields)
        else:
            saved = action_create(decision=data["decision"], by=request.user, **fields)
        obj.pk, obj.version, obj.status = saved.pk, saved.version, saved.status
        if form.records_progress:
            action_record_progress(
                action=saved,
                by=request.user,
                date=data["progress_date"],
                status=data["progress_status"],
                note=data["progress_note"],
                evidence_url=data["progress_evidence_url"],
                visibility=data["progress_visibility"],
            )


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(CheckedIdsAdmin, HttpsLinksAdmin, RecordHistoryAdmin):
    """The whole log across actions, to read and search; entries are added from an action's page."""

    list_display = ("date", "action", "status_before", "status", "author_name", "review_state", "visibility")
    list_filter = ("review_state", "visibility", "status", "action__decision__meeting", "action__responsible")
    list_select_related = ("action",)
    search_fields = ("note", "author_name", "action__title_en", "action__title_es")
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
