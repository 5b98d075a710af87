"""Delivering queued e-mail, off the request path: one attempt per task, retried with growing delays.

Each message goes out once: a worker claims it with a conditional UPDATE (only a pending, due, unclaimed
message is claimed, so two workers never send the same one), sends it with the SMTP timeout of the settings,
then marks it sent. A failure keeps it pending with the error and the next attempt's time, and queues that
attempt; after the last attempt (settings.OUTBOX_RETRY) it is marked failed, for the Secretariat to see in
the admin. The only window for a copy is a database that goes away between the SMTP server's acceptance and
the "sent" mark: the mark is retried for a while, and every attempt carries the same Message-ID so a receiver
can tell."""

import datetime
import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, InterfaceError, close_old_connections
from django.db.models import Q
from django.utils import timezone

from outbox.models import OutboxMessage

logger = logging.getLogger("outbox")

MARK_SENT_TRIES = 30
OVERDUE = datetime.timedelta(seconds=30)
State = OutboxMessage.State


def retry_delay_get(*, attempts: int) -> datetime.timedelta:
    """5 s, 10 s, 20 s… up to an hour (settings.OUTBOX_RETRY): a mail server that is away is not hammered,
    and one that is back soon is used soon."""
    first, longest = settings.OUTBOX_RETRY["first_seconds"], settings.OUTBOX_RETRY["max_seconds"]
    return datetime.timedelta(seconds=min(longest, first * 2 ** max(0, attempts - 1)))


def lease() -> datetime.timedelta:
    timeout = settings.EMAIL_TIMEOUT or 30
    return datetime.timedelta(seconds=3 * timeout + 30)  # connect, send and quit each within the timeout


def message_deliver(*, message_id: int) -> str:
    now = timezone.now()
    claimable = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    claimed = OutboxMessage.objects.filter(
        claimable, pk=message_id, state=State.PENDING, next_attempt_at__lte=now
    ).update(claimed_until=now + lease())
    if not claimed:
        return "not due"  # sent already, failed for good, not due yet, or another worker has it
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _send(message)
    except (OSError, smtplib.SMTPException) as exc:  # refused, timed out, rejected: all tried again later
        return _record_failure(message, exc)
    _mark_sent(message)
    return "sent"


def _send(message: OutboxMessage) -> None:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message.message_id},
    )
    with get_connection(fail_silently=False) as connection:  # EMAIL_TIMEOUT bounds every step
        connection.send_messages([email])


def _record_failure(message: OutboxMessage, exc: Exception) -> str:
    from outbox.tasks import deliver

    attempts = message.attempts + 1
    error = f"{exc.__class__.__name__}: {exc}"[:1000]
    final = attempts >= settings.OUTBOX_RETRY["attempts"]
    next_attempt = timezone.now() + retry_delay_get(attempts=attempts)
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=attempts,
        last_error=error,
        state=State.FAILED if final else State.PENDING,
        next_attempt_at=next_attempt,
        claimed_until=None,
    )
    logger.warning("e-mail %s not sent (attempt %s): %s", message.pk, attempts, error)
    if final:
        return "failed"
    deliver.using(run_after=next_attempt).enqueue(message.pk)
    return "retry"


def _mark_sent(message: OutboxMessage) -> None:
    for attempt in range(MARK_SENT_TRIES):
        try:
            OutboxMessage.objects.filter(pk=message.pk).update(
                state=State.SENT, sent_at=timezone.now(), attempts=message.attempts + 1, last_error="",
                claimed_until=None,
            )  # fmt: skip
            return
        except (DatabaseError, InterfaceError):
            if attempt == MARK_SENT_TRIES - 1:
                logger.exception("e-mail %s was sent but could not be marked sent", message.pk)
                raise
            close_old_connections()
            time.sleep(1)


def outbox_requeue_overdue() -> int:
    """Queue again the pending messages whose attempt is over 30 s late: their task was lost (a worker
    killed mid-task, a database restart while it was being marked). The claim keeps a duplicate task harmless."""
    from outbox.tasks import deliver

    now = timezone.now()
    overdue = OutboxMessage.objects.filter(state=State.PENDING, next_attempt_at__lt=now - OVERDUE).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    count = 0
    for pk in overdue.values_list("pk", flat=True)[:500]:
        if OutboxMessage.objects.filter(pk=pk, state=State.PENDING).update(next_attempt_at=now):
            deliver.enqueue(pk)
            count += 1
    return count
