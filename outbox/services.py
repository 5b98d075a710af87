"""Queueing an e-mail: rendered now, in the recipient's language, and stored with the change it reports.

`message_queue` is called inside the writing transaction: the message row and the worker's task are written
with the change and become visible with its commit; a rolled-back change sends nothing. Rendering now keeps
what the message says equal to what the change was (a validation's new status, not a later one)."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from members.selectors import language_get
from outbox.models import OutboxMessage


def message_render(*, template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}.txt", context)
    return subject[:300], body


def message_queue(
    *, key: str, template: str, context: dict, email: str, user: AbstractBaseUser | None = None
) -> OutboxMessage | None:
    """Queue one message to `email` (in `user`'s language), once per key: None if that key was queued before."""
    if not email:
        return None
    language = language_get(user=user) if user is not None else settings.LANGUAGE_CODE
    subject, body = message_render(template=template, context=context, language=language)
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            key=key[:200], defaults={"recipient": email, "language": language, "subject": subject, "body": body}
        )
        if not created:
            return None
        from outbox.tasks import deliver

        deliver.enqueue(message.pk)  # same database, same transaction: the worker sees it on commit
    return message
