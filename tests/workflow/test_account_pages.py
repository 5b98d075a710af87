"""Password reset by email, password change, and login throttling against brute force."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import user_with_role
from tests.mailbox import deliver_mail

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture
def member(db):
    return user_with_role("Delegate", username="delegate", email="delegate@gt.example")


def log_in(client, password):
    return client.post(reverse("login"), {"username": "delegate", "password": password})


def test_logging_in_works_and_lands_on_the_dashboard(client, member):
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("decisions:home")).context["user"].is_authenticated


def test_password_reset_by_email(client, member):
    response = client.post(reverse("password_reset"), {"email": "delegate@gt.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0  # sent off the request, by the worker
    deliver_mail()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-new-long-passphrase")
    assert client.get(link, follow=True).context["validlink"] is False  # a link works once


def test_an_unknown_address_reveals_nothing(client, member):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and not mail.outbox


def test_login_is_throttled_after_repeated_failures(client, member):
    for _ in range(5):
        assert log_in(client, "wrong-password").status_code in (200, 429)
    locked = log_in(client, PASSWORD)  # even the right password is refused while locked out
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2_in_production(settings):
    """The suite hashes with MD5 for speed; with the production hashers a stored password is an Argon2id hash
    that verifies the right password only, and an older hash is upgraded to it on the next sign-in."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from rcm import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = get_user_model().objects.create_user(username="hashed", password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$")
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD) and not user.check_password(PASSWORD + "x")

    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "somesalt", iterations=1000)  # an older hash
    user.save()
    assert user.check_password(PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
