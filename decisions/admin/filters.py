"""List filters the Secretariat asks for that Django does not ship."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DecisionOverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        return queryset.with_overdue_flag(timezone.localdate()).filter(is_overdue=self.value() == "yes")


class ActionOverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue_on(timezone.localdate())
        if self.value() == "no":
            return queryset.not_overdue_on(timezone.localdate())
        return queryset
