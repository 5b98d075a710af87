"""Emails about reports: to the Secretariat when one arrives, to its author when it is validated or returned.

Plain text, rendered from templates with autoescaping off (there is no HTML to inject into); every value
comes from the database, and the subject is kept to one line.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from decisions.models import ProgressUpdate
from members.roles import Role


def secretariat_users() -> QuerySet:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.filter(Q(is_superuser=True) | Q(groups__name=Role.SECRETARIAT)).distinct().order_by("pk")


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_templated(*, template: str, recipients: list[str], context: dict) -> int:
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def _update_context(update: ProgressUpdate) -> dict:
    return {
        "update": update,
        "action": update.action,
        "review_url": absolute(reverse("workflow:review-detail", args=[update.pk])),
        "action_url": absolute(reverse("workflow:report", args=[update.action_id])),
    }


def notify_report_submitted(update: ProgressUpdate) -> int:
    recipients = list(secretariat_users().values_list("email", flat=True))
    return send_templated(template="report_submitted", recipients=recipients, context=_update_context(update))


def _notify_author(update: ProgressUpdate, template: str) -> int:
    author = update.author
    if author is None or not author.email or not author.is_active:
        return 0
    return send_templated(template=template, recipients=[author.email], context=_update_context(update))


def notify_report_validated(update: ProgressUpdate) -> int:
    return _notify_author(update, "report_validated")


def notify_report_returned(update: ProgressUpdate) -> int:
    return _notify_author(update, "report_returned")
