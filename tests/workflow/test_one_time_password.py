"""An account made with a one-time password is asked for its own at first login, before anything else."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "my-own-long-passphrase-2026"


def created(role: str, *extra: str) -> tuple[str, str]:
    out = io.StringIO()
    call_command("create_account", "lucia", "--role", role, *extra, stdout=out)
    return "lucia", out.getvalue().rsplit(": ", 1)[1].strip()


def test_first_login_leads_to_the_password_form_until_a_new_one_is_chosen(client, ix_meeting):
    username, one_time = created("focal-point", "--party", "MX")
    response = client.post(reverse("login"), {"username": username, "password": one_time})
    assert response.status_code == 302
    for address in ("/", reverse("workflow:my-actions"), "/admin/", "/meetings/"):
        refused = client.get(address)
        assert refused.status_code == 302 and refused["Location"] == reverse("password_change"), address
    form = client.get(reverse("password_change"))
    assert form.status_code == 200 and "one-time password" in form.content.decode()
    changed = client.post(
        reverse("password_change"),
        {"old_password": one_time, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert client.get(reverse("workflow:my-actions")).status_code == 200
    client.logout()
    client.post(reverse("login"), {"username": username, "password": NEW_PASSWORD})
    assert client.get("/").status_code == 200  # never asked again


def test_a_password_given_by_file_or_set_through_a_reset_link_is_the_owners(client, ix_meeting, tmp_path):
    chosen = tmp_path / "pw"
    chosen.write_text("a-password-the-owner-chose-1")
    call_command("create_account", "marta", "--role", "delegate", "--party", "GT", "--password-file", str(chosen))
    client.post(reverse("login"), {"username": "marta", "password": "a-password-the-owner-chose-1"})
    assert client.get("/").status_code == 200
    client.logout()
    username, _one_time = created("secretariat")
    user = get_user_model().objects.get(username=username)
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post(reverse("login"), {"username": username, "password": NEW_PASSWORD})
    assert client.get("/").status_code == 200
