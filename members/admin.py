from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from members.models import Membership, Party, Representative
from rcm.admin_mixins import CheckedIdsAdmin, HttpsLinksAdmin
from rcm.history_admin import RecordHistoryAdmin


class MembershipInline(CheckedIdsAdmin, admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Party)
class PartyAdmin(CheckedIdsAdmin, HttpsLinksAdmin, RecordHistoryAdmin, TranslationAdmin):
    list_display = ("name", "code", "kind", "acronym", "country")
    list_filter = ("kind", "memberships__role")
    search_fields = ("name_en", "name_es", "code", "acronym_en", "acronym_es", "aliases")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(CheckedIdsAdmin, RecordHistoryAdmin):
    list_display = ("party", "role", "start_date", "start_precision", "end_date")
    list_filter = ("role", "start_precision")
    list_select_related = ("party",)
    search_fields = ("party__name_en", "party__name_es", "party__code")
    autocomplete_fields = ("party",)


@admin.register(Representative)
class RepresentativeAdmin(CheckedIdsAdmin, RecordHistoryAdmin):
    list_display = ("user", "party", "job_title")
    list_select_related = ("user", "party")
    list_filter = (("party", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("user__username", "user__email", "party__name_en", "party__code")
    autocomplete_fields = ("party",)
    raw_id_fields = ("user",)
