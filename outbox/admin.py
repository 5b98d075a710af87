"""The Secretariat sees every outgoing e-mail: sent, pending (with the next attempt) and failed (with why),
and can send a failed one again once the mail server is fixed."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.roles import is_secretariat
from outbox.models import OutboxMessage
from outbox.tasks import deliver


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "subject", "state", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("state", "language")
    search_fields = ("recipient", "subject", "key")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    fields = readonly_fields
    actions = ["send_again"]

    def has_module_permission(self, request) -> bool:
        return is_secretariat(user=request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_secretariat(user=request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed e-mails again"))
    def send_again(self, request, queryset) -> None:
        if not is_secretariat(user=request.user):
            return
        failed = list(queryset.filter(state=OutboxMessage.State.FAILED).values_list("pk", flat=True))
        OutboxMessage.objects.filter(pk__in=failed).update(
            state=OutboxMessage.State.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_until=None
        )
        for pk in failed:
            deliver.enqueue(pk)
        count = len(failed)
        self.message_user(
            request, ngettext("%(n)s e-mail queued again.", "%(n)s e-mails queued again.", count) % {"n": count},
            messages.SUCCESS,
        )  # fmt: skip
