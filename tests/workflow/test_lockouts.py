"""Lock-outs behind the TLS proxy: keyed on the account and the client address (rcm.clients), so a stranger
cannot lock anyone else out, and the Secretariat sees and clears them in the admin."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
PROXY = "10.0.0.5"
OFFICE = "203.0.113.10"
STRANGER = "198.51.100.66"


@pytest.fixture
def behind_proxy(settings):
    settings.RCM_TRUSTED_PROXIES = ["10.0.0.0/8"]


@pytest.fixture
def officer(db):
    return user_with_role("Secretariat", username="ana", is_staff=True)


def log_in(client, password, *, forwarded):
    return client.post(
        reverse("login"),
        {"username": "ana", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_a_stranger_cannot_lock_the_secretariat_out(client, behind_proxy, officer):
    """Failed before the fix: every request came from the proxy's address, so the stranger's five failures
    locked the account for everyone (429 for the officer's right password)."""
    for _ in range(6):
        log_in(client, "guess", forwarded=STRANGER)
        log_in(client, "guess", forwarded=f"{OFFICE}, {STRANGER}")  # naming the officer's address changes nothing
    assert log_in(client, "guess", forwarded=STRANGER).status_code == 429  # the stranger is locked out
    assert log_in(client, PASSWORD, forwarded=OFFICE).status_code == 302  # the officer is not


def test_the_secretariat_sees_and_clears_a_lock_out(client, behind_proxy, officer):
    """Failed before the fix: the lock-out pages answered 403 to the Secretariat."""
    delegate = user_with_role("Delegate", username="eva")
    for _ in range(5):
        client.post(
            reverse("login"), {"username": "eva", "password": "x"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE
        )
    attempt = AccessAttempt.objects.get(username="eva")
    assert attempt.ip_address == OFFICE
    client.force_login(officer)
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "eva" in listing.content.decode()
    cleared = client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert cleared.status_code == 302 and not AccessAttempt.objects.filter(username="eva").exists()
    client.logout()
    delegate.set_password(PASSWORD)
    delegate.save()
    back = client.post(
        reverse("login"), {"username": "eva", "password": PASSWORD}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE
    )
    assert back.status_code == 302


def test_the_secretariat_sees_and_revokes_tokens_but_never_reads_a_key(client, officer):
    """Failed before the fix: the token pages answered 403 to the Secretariat (and DRF's listed every key)."""
    from members.models import ApiKey
    from tests.factories import api_key_for

    secret = api_key_for(user_with_role("Focal point", username="luis"), name="sync")
    key = ApiKey.objects.get()
    client.force_login(officer)
    pages = [
        client.get(reverse("admin:members_apikey_changelist")),
        client.get(reverse("admin:members_apikey_change", args=[key.pk])),
        client.get(reverse("admin:members_apikey_delete", args=[key.pk])),
        client.get(reverse("admin:members_apikey_history", args=[key.pk])),
    ]
    assert all(page.status_code == 200 for page in pages)
    assert "luis" in pages[0].content.decode() and "sync" in pages[0].content.decode()
    assert not any(secret in page.content.decode() or key.digest in page.content.decode() for page in pages)
    assert client.get(reverse("admin:members_apikey_add")).status_code == 403
    revoked = client.post(reverse("admin:members_apikey_delete", args=[key.pk]), {"post": "yes"})
    assert revoked.status_code == 302 and not ApiKey.objects.exists()
    assert secret not in client.get(reverse("admin:index")).content.decode()  # nor in "recent actions"
