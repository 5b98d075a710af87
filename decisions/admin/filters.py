"""List filters the Secretariat asks for that Django does not ship."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.selectors import with_overdue_flag
from decisions.status import OPEN_ACTION_STATUSES


class DecisionOverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        return with_overdue_flag(queryset, timezone.localdate()).filter(is_overdue=self.value() == "yes")


class ActionOverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue(timezone.localdate())
        if self.value() == "no":
            return queryset.exclude(due_date__lt=timezone.localdate(), status__in=OPEN_ACTION_STATUSES)
        return queryset
