from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from decisions.admin.badges import overdue_badge, status_badge
from decisions.admin.filters import DecisionOverdueFilter
from decisions.admin.forms import ActionInlineForm, DecisionAdminForm
from decisions.admin.searching import TextSearchAdmin
from decisions.models import Action, Decision, DecisionDocument, DecisionLink, DecisionParty, Document, Theme
from decisions.selectors.audit import decision_timeline
from decisions.selectors.search import decision_search
from decisions.services.actions import EDITABLE_ACTION_FIELDS, action_create, action_delete, action_update
from decisions.services.decisions import (
    decision_delete,
    decision_document_delete,
    decision_document_save,
    decision_link_delete,
    decision_link_save,
    decision_party_delete,
    decision_party_save,
    decision_save,
)
from decisions.services.register import document_delete, document_save, theme_delete, theme_save
from rcm.admin_mixins import CheckedIdsAdmin, HttpsLinksAdmin
from rcm.admin_versioning import SEEN, ServiceAdmin, VersionedInline, Writes
from rcm.history_admin import RecordHistoryAdmin


class ActionInline(VersionedInline, CheckedIdsAdmin, TranslationTabularInline):
    model = Action
    extra = 0
    form = ActionInlineForm
    fields = ("title", "responsible", "deadline", "visibility", "status_label", "version")
    readonly_fields = ("status_label", "version")
    autocomplete_fields = ("responsible",)
    show_change_link = True

    @admin.display(description=_("status"))
    def status_label(self, obj: Action) -> str:
        return status_badge(obj.status, obj.get_status_display()) if obj.pk else "—"


class DecisionPartyInline(VersionedInline, CheckedIdsAdmin, admin.TabularInline):
    model = DecisionParty
    writes = Writes("decision_party", decision_party_save, decision_party_delete)
    extra = 0
    autocomplete_fields = ("party",)


class DecisionDocumentInline(VersionedInline, CheckedIdsAdmin, admin.TabularInline):
    model = DecisionDocument
    writes = Writes("decision_document", decision_document_save, decision_document_delete)
    extra = 0
    autocomplete_fields = ("document",)


class LinkOutInline(VersionedInline, CheckedIdsAdmin, admin.TabularInline):
    model = DecisionLink
    writes = Writes("link", decision_link_save, decision_link_delete)
    fk_name = "source"
    extra = 0
    autocomplete_fields = ("target",)
    verbose_name = _("link to an earlier decision")
    verbose_name_plural = _("links to earlier decisions (amends, reiterates, supersedes, follows up)")


@admin.register(Decision)
class DecisionAdmin(TextSearchAdmin, ServiceAdmin, CheckedIdsAdmin, RecordHistoryAdmin, TranslationAdmin):
    form = DecisionAdminForm
    writes = Writes("decision", decision_save, decision_delete)
    list_display = (
        "reference_label",
        "meeting_label",
        "short_text",
        "kind",
        "status_label",
        "overdue_label",
        "due_label",
    )
    list_display_links = ("reference_label", "short_text")
    list_filter = (
        "meeting",
        "kind",
        "status",
        "section",
        "themes",
        ("actions__responsible", admin.RelatedOnlyFieldListFilter),
        DecisionOverdueFilter,
    )
    list_select_related = ("meeting", "parent")
    # The texts are searched as on the site (TextSearchAdmin); these as typed.
    text_search = staticmethod(decision_search)
    citation_prefix = ""
    search_fields = ("lead_verb", "number")
    autocomplete_fields = ("meeting", "parent")
    filter_horizontal = ("themes",)
    readonly_fields = ("status_label",)
    inlines = [ActionInline, DecisionPartyInline, DecisionDocumentInline, LinkOutInline]
    fieldsets = (
        (None, {"fields": ("meeting", "section", "number", "parent", "position", "status_label")}),
        (_("Text"), {"fields": ("text", "original_language", "lead_verb", "kind", "themes")}),
        (_("Deadline"), {"fields": ("deadline",)}),
    )

    def get_queryset(self, request):
        decisions = super().get_queryset(request).select_related("meeting", "parent")  # what __str__ cites
        return decisions.with_overdue_flag(timezone.localdate())

    def get_urls(self):
        timeline = path(
            "<int:pk>/timeline/", self.admin_site.admin_view(self.timeline_view), name="decisions_decision_timeline"
        )
        return [timeline, *super().get_urls()]

    def timeline_view(self, request, pk: int):
        decision = get_object_or_404(Decision, pk=pk)
        if not self.has_view_permission(request, decision):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "decision": decision,
            "entries": decision_timeline(decision=decision),
            "title": _("Timeline of %(decision)s") % {"decision": decision},
        }
        return TemplateResponse(request, "admin/decisions/decision/timeline.html", context)

    @admin.display(description=_("reference"), ordering="position")
    def reference_label(self, obj: Decision) -> str:
        return obj.reference

    @admin.display(description=_("meeting"), ordering="meeting__start_date")
    def meeting_label(self, obj: Decision) -> str:
        return obj.meeting.short_label

    @admin.display(description=_("text"))
    def short_text(self, obj: Decision) -> str:
        text = obj.text or ""
        return text if len(text) <= 90 else text[:89] + "…"

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj: Decision) -> str:
        return status_badge(obj.status, obj.get_status_display())

    @admin.display(description=_("overdue"), boolean=False)
    def overdue_label(self, obj: Decision) -> str:
        return overdue_badge(getattr(obj, "is_overdue", False), _("Overdue"))

    @admin.display(description=_("due"), ordering="due_date")
    def due_label(self, obj: Decision) -> str:
        return obj.due_label

    def save_formset(self, request, form, formset, change):
        if formset.model is Action:
            save_actions(request, formset)
        else:
            super().save_formset(request, form, formset, change)


def save_actions(request, formset) -> None:
    """Actions edited inline go through the same services as everywhere else, with the version each row showed."""
    formset.save(commit=False)  # sorts rows into new, changed and deleted; the change message reads them
    for inline_form in formset.deleted_forms:
        if inline_form.instance.pk:
            action_delete(
                action=inline_form.instance, expected_version=inline_form.cleaned_data.get(SEEN), by=request.user
            )
    for inline_form in formset.forms:
        if inline_form in formset.deleted_forms or not inline_form.has_changed():
            continue
        data = inline_form.cleaned_data
        fields = {name: data[name] for name in EDITABLE_ACTION_FIELDS if name in data}
        action = inline_form.instance
        if action.pk:
            action_update(action=action, expected_version=data.get(SEEN), by=request.user, **fields)
        else:
            action_create(decision=formset.instance, by=request.user, **fields)


@admin.register(DecisionLink)
class DecisionLinkAdmin(ServiceAdmin, CheckedIdsAdmin, RecordHistoryAdmin):
    writes = Writes("link", decision_link_save, decision_link_delete)
    list_display = ("source", "relation", "target", "note")
    list_filter = ("relation",)
    list_select_related = ("source__meeting", "source__parent", "target__meeting", "target__parent")
    autocomplete_fields = ("source", "target")


@admin.register(Theme)
class ThemeAdmin(ServiceAdmin, CheckedIdsAdmin, RecordHistoryAdmin, TranslationAdmin):
    writes = Writes("theme", theme_save, theme_delete)
    list_display = ("name", "slug")
    search_fields = ("name_en", "name_es", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Document)
class DocumentAdmin(ServiceAdmin, CheckedIdsAdmin, HttpsLinksAdmin, RecordHistoryAdmin, TranslationAdmin):
    writes = Writes("document", document_save, document_delete)
    list_display = ("title", "kind", "language", "version", "approved_at")
    list_filter = ("kind", "language")
    list_select_related = ("approved_at",)
    search_fields = ("title_en", "title_es", "origin_en", "origin_es")
    autocomplete_fields = ("approved_at",)
