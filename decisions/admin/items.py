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
from decisions.audit import decision_timeline
from decisions.models import Action, Decision, DecisionDocument, DecisionLink, DecisionParty, Document, Theme
from decisions.selectors import with_overdue_flag
from decisions.services.actions import EDITABLE_ACTION_FIELDS, action_create, action_delete, action_update
from decisions.services.decisions import decision_link_create, decision_link_delete, decision_save
from rcm.admin_mixins import CheckedIdsAdmin, HttpsLinksAdmin
from rcm.history_admin import RecordHistoryAdmin


class ActionInline(CheckedIdsAdmin, TranslationTabularInline):
    model = Action
    extra = 0
    fields = ("title", "responsible", "due_date", "due_precision", "visibility", "status_label", "version")
    readonly_fields = ("status_label", "version")
    autocomplete_fields = ("responsible",)
    show_change_link = True

    @admin.display(description=_("status"))
    def status_label(self, obj: Action) -> str:
        return status_badge(obj.status, obj.get_status_display()) if obj.pk else "—"


class DecisionPartyInline(CheckedIdsAdmin, admin.TabularInline):
    model = DecisionParty
    extra = 0
    autocomplete_fields = ("party",)


class DecisionDocumentInline(CheckedIdsAdmin, admin.TabularInline):
    model = DecisionDocument
    extra = 0
    autocomplete_fields = ("document",)


class LinkOutInline(CheckedIdsAdmin, admin.TabularInline):
    model = DecisionLink
    fk_name = "source"
    extra = 0
    autocomplete_fields = ("target",)
    verbose_name = _("link to an earlier decision")
    verbose_name_plural = _("links to earlier decisions (amends, reiterates, supersedes, follows up)")


@admin.register(Decision)
class DecisionAdmin(CheckedIdsAdmin, RecordHistoryAdmin, TranslationAdmin):
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
    search_fields = ("text_en", "text_es", "lead_verb", "number")
    autocomplete_fields = ("meeting", "parent")
    filter_horizontal = ("themes",)
    readonly_fields = ("status_label",)
    inlines = [ActionInline, DecisionPartyInline, DecisionDocumentInline, LinkOutInline]
    fieldsets = (
        (None, {"fields": ("meeting", "section", "number", "parent", "position", "status_label")}),
        (_("Text"), {"fields": ("text", "original_language", "lead_verb", "kind", "themes")}),
        (_("Deadline"), {"fields": ("due_date", "due_precision", "due_text")}),
    )

    def get_queryset(self, request):
        return with_overdue_flag(super().get_queryset(request), timezone.localdate())

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
            "entries": decision_timeline(decision),
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

    def save_model(self, request, obj, form, change):
        decision_save(decision=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is Action:
            save_actions(request, formset)
        elif formset.model is DecisionLink:
            save_links(formset)
        else:
            formset.save()


def list_changes(formset) -> None:
    """Sort the rows into new, changed and deleted without writing anything: the loops below read
    `deleted_objects`, the admin's change message the three lists (they exist only once `save()` has run)."""
    formset.save(commit=False)


def save_actions(request, formset) -> None:
    """Actions edited inline go through the same services as everywhere else."""
    list_changes(formset)
    for obj in formset.deleted_objects:
        action_delete(action=obj, by=request.user)
    for inline_form in formset.forms:
        if inline_form in formset.deleted_forms or not inline_form.has_changed():
            continue
        data = inline_form.cleaned_data
        fields = {name: data[name] for name in EDITABLE_ACTION_FIELDS if name in data}
        action = inline_form.instance
        if action.pk:
            action_update(action=action, expected_version=action.version, by=request.user, **fields)
        else:
            action_create(decision=formset.instance, by=request.user, **fields)


def save_links(formset) -> None:
    list_changes(formset)
    for obj in formset.deleted_objects:
        decision_link_delete(link=obj)
    for inline_form in formset.forms:
        if inline_form in formset.deleted_forms or not inline_form.has_changed():
            continue
        link = inline_form.instance
        if link.pk:  # changing a link is removing it and making the new one, so statuses follow both ends
            decision_link_delete(link=DecisionLink.objects.get(pk=link.pk))
        decision_link_create(source=formset.instance, target=link.target, relation=link.relation, note=link.note)


@admin.register(DecisionLink)
class DecisionLinkAdmin(CheckedIdsAdmin, RecordHistoryAdmin):
    list_display = ("source", "relation", "target", "note")
    list_filter = ("relation",)
    list_select_related = ("source__meeting", "source__parent", "target__meeting", "target__parent")
    autocomplete_fields = ("source", "target")

    def save_model(self, request, obj, form, change):
        if change:
            decision_link_delete(link=DecisionLink.objects.get(pk=obj.pk))
        saved = decision_link_create(source=obj.source, target=obj.target, relation=obj.relation, note=obj.note)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        decision_link_delete(link=obj)


@admin.register(Theme)
class ThemeAdmin(CheckedIdsAdmin, RecordHistoryAdmin, TranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_en", "name_es", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Document)
class DocumentAdmin(CheckedIdsAdmin, HttpsLinksAdmin, RecordHistoryAdmin, TranslationAdmin):
    list_display = ("title", "kind", "language", "version", "approved_at")
    list_filter = ("kind", "language")
    list_select_related = ("approved_at",)
    search_fields = ("title_en", "title_es", "origin_en", "origin_es")
    autocomplete_fields = ("approved_at",)
