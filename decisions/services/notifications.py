"""E-mails about reports: to the Secretariat when one arrives, to its author when it is validated or returned.

Each is queued in the outbox (outbox.services) inside the transaction of the change it reports, rendered in
the recipient's language, and delivered by the worker: the request never waits for the mail server. Plain
text, rendered from templates with autoescaping off (there is no HTML to inject into); every value comes from
the database, and the subject is kept to one line. Links point to RCM_SITE_URL.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse

from decisions.models import Action, ProgressUpdate
from members.roles import Role
from outbox.services import message_queue


def secretariat_user_list() -> QuerySet:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.filter(Q(is_superuser=True) | Q(groups__name=Role.SECRETARIAT)).distinct().order_by("pk")


def url_absolute(*, path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _update_context(update: ProgressUpdate, action: Action) -> dict:
    return {
        "update": update,
        "action": action,
        "review_url": url_absolute(path=reverse("workflow:review-detail", args=[update.pk])),
        "action_url": url_absolute(path=reverse("workflow:report", args=[update.action_id])),
    }


def report_submitted_notify(*, update: ProgressUpdate) -> int:
    context = _update_context(update, update.action)
    queued = [
        message_queue(
            key=f"report-submitted:{update.pk}:{user.pk}",
            template="report_submitted",
            context=context,
            email=user.email,
            user=user,
        )
        for user in secretariat_user_list()
    ]
    return sum(1 for message in queued if message)


def _notify_author(update: ProgressUpdate, action: Action, event: str) -> int:
    author = update.author
    if author is None or not author.email or not author.is_active:
        return 0
    message = message_queue(
        key=f"{event}:{update.pk}",
        template=event.replace("-", "_"),
        context=_update_context(update, action),
        email=author.email,
        user=author,
    )
    return 1 if message else 0


def report_validated_notify(*, update: ProgressUpdate, action: Action) -> int:
    """`action` as the validation left it, so the message states the new status."""
    return _notify_author(update, action, "report-validated")


def report_returned_notify(*, update: ProgressUpdate) -> int:
    return _notify_author(update, update.action, "report-returned")
