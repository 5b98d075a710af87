"""Notifications never hold up or fail a write: they are queued with it and delivered by the worker, once
each, in the recipient's language, retried while the mail server is away."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from decisions.models import Action, ProgressUpdate
from decisions.services.reports import report_submit, update_validate
from members.models import LanguagePreference, Party
from outbox.delivery import message_deliver
from outbox.models import OutboxMessage
from tests.factories import api_key_for, user_with_role
from tests.mailbox import deliver_mail

Pending, Sent, Failed = OutboxMessage.State.PENDING, OutboxMessage.State.SENT, OutboxMessage.State.FAILED


@pytest.fixture
def mx_action(ix_meeting):
    return Action.objects.filter(responsible__code="MX", decision__number="8").get()


@pytest.fixture
def focal_mx(ix_meeting):
    return user_with_role("Focal point", party=Party.objects.get(code="MX"), username="focal-mx", email="f@mx.example")


@pytest.fixture
def ts(ix_meeting):
    return user_with_role("Secretariat", username="ts-officer", email="ts@rcm.example", is_staff=True)


def submit(action, by, **kwargs):
    return report_submit(action=action, by=by, date=action.decision.meeting.end_date, note="Law sent.", **kwargs)


@pytest.mark.django_db(transaction=True)
def test_a_refusing_mail_server_does_not_turn_a_stored_report_into_an_error(refusing_smtp, mx_action, focal_mx, ts):
    client_token = api_key_for(focal_mx)
    from django.test import Client

    response = Client().post(
        f"/api/v1/actions/{mx_action.pk}/progress/",
        {"note": "Stored whatever the mail server says.", "status": ""},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {client_token}",
    )
    assert response.status_code == 201, response.content
    assert ProgressUpdate.objects.filter(note="Stored whatever the mail server says.").count() == 1
    [message] = OutboxMessage.objects.all()
    assert (message.state, message.recipient) == (Pending, "ts@rcm.example")

    deliver_mail()  # the server still refuses: the error is kept and a later attempt is queued
    message.refresh_from_db()
    assert (message.state, message.attempts) == (Pending, 1)
    assert "ConnectionRefused" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert DBTaskResult.objects.ready().count() == 0  # the retry waits for its time (backoff)
    assert DBTaskResult.objects.filter(status="READY").count() == 1


@pytest.mark.django_db
def test_a_hanging_mail_server_costs_the_worker_one_timeout_not_the_request(hanging_smtp, mx_action, focal_mx, ts):
    submit(mx_action, focal_mx)  # returns without touching the mail server
    assert not hanging_smtp
    deliver_mail()
    [message] = OutboxMessage.objects.all()
    assert hanging_smtp, "the worker did try the server"
    assert (message.state, message.attempts) == (Pending, 1)
    assert "timed out" in message.last_error.lower() or "Timeout" in message.last_error


@pytest.mark.django_db
def test_each_message_is_sent_once_whatever_the_number_of_tasks(mx_action, focal_mx, ts):
    from outbox.tasks import deliver

    submit(mx_action, focal_mx)
    [message] = OutboxMessage.objects.all()
    deliver.enqueue(message.pk)  # a duplicate task (a retry, a sweep): harmless
    deliver_mail()
    deliver_mail()
    assert [m.to for m in mail.outbox] == [["ts@rcm.example"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id
    message.refresh_from_db()
    assert (message.state, message.attempts) == (Sent, 1) and message.sent_at


@pytest.mark.django_db
def test_retries_back_off_and_stop_as_failed(refusing_smtp, settings, mx_action, focal_mx, ts):
    attempts = settings.OUTBOX_RETRY["attempts"]
    submit(mx_action, focal_mx)
    [message] = OutboxMessage.objects.all()
    delays = []
    for _attempt in range(attempts):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        message_deliver(message_id=message.pk)
        message.refresh_from_db()
        delays.append((message.next_attempt_at - before).total_seconds())
    assert delays == sorted(delays) and delays[1] >= 2 * delays[0] * 0.9
    assert (message.state, message.attempts) == (Failed, attempts)
    assert not mail.outbox


@pytest.mark.django_db
def test_the_validation_mail_is_in_the_authors_language_states_the_new_status_and_links_to_the_site(
    settings, mx_action, focal_mx, ts
):
    settings.SITE_URL = "https://tracker.example.org"
    LanguagePreference.objects.create(user=focal_mx, language="es")
    report = submit(mx_action, focal_mx, status="in_progress")
    update_validate(update=report, by=ts)
    deliver_mail()
    [to_author] = [m for m in mail.outbox if m.to == ["f@mx.example"]]
    [to_secretariat] = [m for m in mail.outbox if m.to == ["ts@rcm.example"]]
    assert "Estado: En curso" in to_author.body  # the new status, in Spanish
    assert "https://tracker.example.org/" in to_author.body
    assert "New report from Mexico" in to_secretariat.subject  # the Secretariat officer reads English


@pytest.mark.django_db
def test_send_reminders_without_a_mail_server_exits_cleanly(refusing_smtp, mx_action, focal_mx):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2005-06-15", stdout=out)
    assert "1 digests queued." in out.getvalue()
    assert OutboxMessage.objects.get().state == Pending


@pytest.mark.django_db
def test_a_rolled_back_write_sends_nothing(mx_action, focal_mx, ts):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        submit(mx_action, focal_mx)
        raise RuntimeError
    deliver_mail()
    assert not OutboxMessage.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_the_secretariat_sees_the_outbox_with_the_errors(client, refusing_smtp, mx_action, focal_mx, ts):
    submit(mx_action, focal_mx)
    deliver_mail()
    client.force_login(ts)
    response = client.get(reverse("admin:outbox_outboxmessage_changelist") + "?state=pending")
    assert response.status_code == 200
    assert "ts@rcm.example" in response.text
    detail = client.get(reverse("admin:outbox_outboxmessage_change", args=[OutboxMessage.objects.get().pk]))
    assert "ConnectionRefused" in detail.text
    client.force_login(focal_mx)
    assert client.get(reverse("admin:outbox_outboxmessage_changelist")).status_code in (302, 403)


@pytest.mark.django_db
def test_switching_the_site_language_is_remembered_for_mail(client, focal_mx):
    client.force_login(focal_mx)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert LanguagePreference.objects.get(user=focal_mx).language == "es"


def test_backoff_grows():
    from outbox.delivery import retry_delay_get

    assert [retry_delay_get(attempts=n) for n in (1, 2, 3)] == [datetime.timedelta(seconds=s) for s in (5, 10, 20)]
