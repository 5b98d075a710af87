"""Password reset reveals nothing and floods nothing: a known and an unknown address cost the request the
same work (the mail is a task, sent off the request), requests are limited per address and per client, and a
new password revokes the account's API tokens."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import default_task_backend

from members.models import ApiKey
from tests.factories import api_key_for, user_with_role
from tests.mailbox import deliver_mail

pytestmark = pytest.mark.django_db
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def member(db):
    return user_with_role("Delegate", username="delegate", email="delegate@gt.example")


@pytest.fixture
def queued_tasks(settings):
    """Tasks are kept, not run: what the request itself does is what is measured."""
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    yield default_task_backend.results
    default_task_backend.clear()


def ask_reset(client, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("password_reset"), {"email": email})
    return response, len(queries)


def test_known_and_unknown_addresses_do_the_same_work_in_the_request(client, member, queued_tasks):
    """Failed before the fix: the known address's mail was rendered and sent inside the request (one mail in
    the outbox, extra work), the unknown one's was not: the time told them apart."""
    known, known_queries = ask_reset(client, "delegate@gt.example")
    unknown, unknown_queries = ask_reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    assert known_queries == unknown_queries
    assert not mail.outbox  # nothing sent by either request
    assert [result.task.name for result in queued_tasks] == ["password_reset_send"] * 2
    assert [result.task.call(**result.kwargs) for result in queued_tasks] == [1, 0]  # the task tells them apart
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["delegate@gt.example"]
    assert re.search(r"http://127\.0\.0\.1:8000/accounts/password/reset/\S+/", mail.outbox[0].body)


def test_reset_requests_are_limited_per_address_and_per_client(client, settings, member, queued_tasks):
    """Failed before the fix: seven requests sent seven mails in seconds."""
    settings.PASSWORD_RESET_RATES = {"address": "3/hour", "client": "5/hour"}
    answers = [ask_reset(client, "delegate@gt.example")[0].status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429] and len(queued_tasks) == 3
    other_addresses = [ask_reset(client, f"someone{n}@example.org")[0] for n in range(3)]
    assert [response.status_code for response in other_addresses] == [302, 429, 429]  # the client's budget
    assert 1 <= int(other_addresses[-1]["Retry-After"]) <= 3600
    assert len(queued_tasks) == 4


def test_a_password_reset_revokes_the_api_token(client, member):
    """Failed before the fix: the token made with the old password kept working."""
    api_key_for(member, name="sync")
    api_key_for(member, name="dashboard", scope="read")
    client.post(reverse("password_reset"), {"email": "delegate@gt.example"})
    deliver_mail()  # the worker runs the queued reset mail
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"}
    assert client.post(form_page.redirect_chain[-1][0], new).status_code == 302
    assert not ApiKey.objects.filter(owner=member).exists()


def test_a_password_change_revokes_the_api_token_and_a_login_does_not(client, member):
    token = api_key_for(member)
    signed_in = client.post(reverse("login"), {"username": "delegate", "password": "a-long-test-password"})
    assert signed_in.status_code == 302
    assert ApiKey.objects.filter(owner=member).exists()
    changed = client.post(
        reverse("password_change"),
        {
            "old_password": "a-long-test-password",
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )
    assert changed.status_code == 302
    assert not ApiKey.objects.filter(owner=member).exists()
    api = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert api.status_code == 401
