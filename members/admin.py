from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from rest_framework.authtoken.models import TokenProxy

from members.models import ApiKey, LanguagePreference, Membership, Party, Representative
from members.services import (
    membership_delete,
    membership_save,
    party_delete,
    party_save,
    representative_delete,
    representative_save,
)
from rcm.admin_mixins import CheckedIdsAdmin, HttpsLinksAdmin
from rcm.admin_versioning import ServiceAdmin, VersionedInline, Writes
from rcm.history_admin import RecordHistoryAdmin


class MembershipInline(VersionedInline, CheckedIdsAdmin, admin.TabularInline):
    model = Membership
    writes = Writes("membership", membership_save, membership_delete)
    extra = 0


@admin.register(Party)
class PartyAdmin(ServiceAdmin, CheckedIdsAdmin, HttpsLinksAdmin, RecordHistoryAdmin, TranslationAdmin):
    writes = Writes("party", party_save, party_delete)
    list_display = ("name", "code", "kind", "acronym", "country")
    list_filter = ("kind", "memberships__role")
    search_fields = ("name_en", "name_es", "code", "acronym_en", "acronym_es", "aliases")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin, CheckedIdsAdmin, RecordHistoryAdmin):
    writes = Writes("membership", membership_save, membership_delete)
    list_display = ("party", "role", "start_date", "start_precision", "end_date")
    list_filter = ("role", "start_precision")
    list_select_related = ("party",)
    search_fields = ("party__name_en", "party__name_es", "party__code")
    autocomplete_fields = ("party",)


@admin.register(Representative)
class RepresentativeAdmin(ServiceAdmin, CheckedIdsAdmin, RecordHistoryAdmin):
    writes = Writes("representative", representative_save, representative_delete)
    list_display = ("user", "party", "job_title")
    list_select_related = ("user", "party")
    list_filter = (("party", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("user__username", "user__email", "party__name_en", "party__code")
    autocomplete_fields = ("party",)
    raw_id_fields = ("user",)


# API keys: whose, named how, for what and until when, never the key (only its digest is stored, and even that
# is not shown). The Secretariat sees and revokes keys; only their owners make them (the API), since a key made
# for someone else would let the officer act as that person. DRF's token admin is gone with DRF's tokens.
admin.site.unregister(TokenProxy)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("owner", "name", "scope", "expires_at", "created", "last_used")
    list_filter = ("scope",)
    list_select_related = ("owner",)
    search_fields = ("owner__username", "owner__email", "name")
    fields = ("owner", "name", "scope", "expires_at", "created", "last_used")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LanguagePreference)
class LanguagePreferenceAdmin(CheckedIdsAdmin, admin.ModelAdmin):
    list_display = ("user", "language")
    list_filter = ("language",)
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)
