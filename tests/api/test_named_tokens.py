"""Named API keys (issue 17, item 15): one per integration, read-only or read-write, optionally expiring, listed
and revoked by their owner and the Secretariat; only their digests are stored."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from decisions.models import Action
from members.api_keys import LAST_USED_EVERY
from members.models import ApiKey
from tests.api.test_protocol import assert_problem
from tests.factories import api_key_for

PASSWORD = "a-long-test-password"


def with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_two_named_keys_work_independently(api, focal_mx_user):
    """Failed before: one token per user, so a second integration's token replaced the first one's."""
    made = [
        api.post("/api/v1/auth/tokens/", {"username": "focal-mx", "password": PASSWORD, "name": name}, format="json")
        for name in ("sync", "dashboard")
    ]
    assert [response.status_code for response in made] == [201, 201], made[0].content
    sync, dashboard = (with_key(response.json()["token"]) for response in made)
    assert sync.get("/api/v1/me/").json()["username"] == dashboard.get("/api/v1/me/").json()["username"] == "focal-mx"
    dashboard_id = made[1].json()["id"]
    assert sync.delete(f"/api/v1/auth/tokens/{dashboard_id}/").status_code == 204
    assert dashboard.get("/api/v1/me/").status_code == 401
    assert sync.get("/api/v1/me/").status_code == 200  # revoking one leaves the other working
    # The single-token endpoint rotates the key named "default" and no other.
    default = with_key(sync.post("/api/v1/auth/token/", {}, format="json").json()["token"])
    rotated = default.post("/api/v1/auth/token/", {}, format="json")
    assert rotated.status_code == 201 and default.get("/api/v1/me/").status_code == 401
    assert sync.get("/api/v1/me/").status_code == 200
    assert sorted(ApiKey.objects.filter(owner=focal_mx_user).values_list("name", flat=True)) == ["default", "sync"]


def test_a_name_is_unique_among_a_users_keys(focal_mx, focal_cr):
    assert focal_mx.post("/api/v1/auth/tokens/", {"name": "sync"}, format="json").status_code == 201
    again = focal_mx.post("/api/v1/auth/tokens/", {"name": "sync"}, format="json")
    assert again.status_code == 400 and again.json()["errors"][0]["field"] == "name"
    assert focal_cr.post("/api/v1/auth/tokens/", {"name": "sync"}, format="json").status_code == 201


def test_a_read_only_key_reads_but_every_write_is_403(ts_user, ix_meeting):
    reader = with_key(api_key_for(ts_user, name="reader", scope="read"))
    action = Action.objects.filter(responsible__code="MX").first()
    assert reader.get(f"/api/v1/actions/{action.pk}/").status_code == 200
    assert reader.get("/api/v1/auth/tokens/").status_code == 200
    writes = [
        reader.post(f"/api/v1/actions/{action.pk}/progress/", {"status": "in_progress"}, format="json"),
        reader.patch(f"/api/v1/actions/{action.pk}/", {"title_en": "x"}, format="json"),
        reader.delete(f"/api/v1/actions/{action.pk}/"),
        reader.post("/api/v1/auth/tokens/", {"name": "escalate"}, format="json"),
        reader.post("/api/v1/auth/token/", {}, format="json"),
        reader.delete(f"/api/v1/auth/tokens/{ApiKey.objects.get().pk}/"),
    ]
    for response in writes:
        body = assert_problem(response, 403, "permission-denied")
        assert body["detail"] == "This token is read-only."
    assert ApiKey.objects.count() == 1 and Action.objects.filter(pk=action.pk).exists()


def test_an_expired_key_is_a_401(ts, ts_user):
    made = ts.post(
        "/api/v1/auth/tokens/",
        {"name": "short", "expires_at": (timezone.now() + datetime.timedelta(hours=1)).isoformat()},
        format="json",
    )
    assert made.status_code == 201
    short = with_key(made.json()["token"])
    assert short.get("/api/v1/me/").status_code == 200
    ApiKey.objects.filter(name="short").update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    body = assert_problem(short.get("/api/v1/me/"), 401, "not-authenticated")
    assert body["detail"] == "Invalid token."
    past = ts.post("/api/v1/auth/tokens/", {"name": "past", "expires_at": "2001-01-01T00:00:00Z"}, format="json")
    assert past.status_code == 400 and past.json()["errors"][0]["field"] == "expires_at"


def test_the_key_is_shown_once_and_only_its_digest_is_stored(ts, staff_client, ts_user):
    made = ts.post("/api/v1/auth/tokens/", {"name": "sync", "scope": "read"}, format="json").json()
    secret = made["token"]
    assert secret.startswith("rcm_") and made["name"] == "sync" and made["scope"] == "read"
    listed = ts.get("/api/v1/auth/tokens/")
    assert secret not in listed.content.decode()
    assert {"id", "name", "scope", "expires_at", "created", "last_used"} == set(listed.json()[0])
    assert "sync" in [key["name"] for key in listed.json()]
    stored = ApiKey.objects.get(name="sync")
    assert secret not in {stored.digest, stored.name}
    admin_pages = [
        staff_client.get("/admin/members/apikey/"),
        staff_client.get(f"/admin/members/apikey/{stored.pk}/change/"),
    ]
    assert all(page.status_code == 200 and secret not in page.content.decode() for page in admin_pages)


def test_last_used_is_written_at_most_once_a_minute(ts_user, django_assert_max_num_queries):
    client = with_key(api_key_for(ts_user, name="sync"))
    client.get("/api/v1/me/")
    first = ApiKey.objects.get(name="sync").last_used
    assert first is not None
    with django_assert_max_num_queries(3):  # the key and its owner (1), groups (1), party (1): no write
        client.get("/api/v1/me/")
    assert ApiKey.objects.get(name="sync").last_used == first
    ApiKey.objects.filter(name="sync").update(last_used=first - LAST_USED_EVERY)
    client.get("/api/v1/me/")
    assert ApiKey.objects.get(name="sync").last_used > first - LAST_USED_EVERY


@pytest.mark.django_db
def test_a_migrated_drf_token_still_authenticates(ts_user):
    token = Token.objects.create(user=ts_user)
    importlib.import_module("members.migrations.0009_named_api_keys").import_drf_tokens(apps, None)
    assert not Token.objects.exists()  # no key is kept in the clear
    migrated = ApiKey.objects.get(owner=ts_user)
    assert (migrated.name, migrated.scope, migrated.created) == ("default", "read_write", token.created)
    assert with_key(token.key).get("/api/v1/me/").json()["username"] == ts_user.username


def test_a_password_change_revokes_every_key(ts_user):
    keys = [api_key_for(ts_user, name="sync"), api_key_for(ts_user, name="reader", scope="read")]
    ts_user.set_password("a-new-long-passphrase-2")
    ts_user.save()  # set_password + save runs the password_changed hooks
    assert all(with_key(key).get("/api/v1/me/").status_code == 401 for key in keys)
    assert not ApiKey.objects.filter(owner=ts_user).exists()


def test_an_owner_cannot_list_or_revoke_another_users_keys(focal_mx, focal_cr_user, api):
    api_key_for(focal_cr_user, name="theirs")
    theirs = ApiKey.objects.get(owner=focal_cr_user)
    assert "theirs" not in [key["name"] for key in focal_mx.get("/api/v1/auth/tokens/").json()]
    assert_problem(focal_mx.delete(f"/api/v1/auth/tokens/{theirs.pk}/"), 404, "not-found")
    assert ApiKey.objects.filter(pk=theirs.pk).exists()
    assert api.get("/api/v1/auth/tokens/").status_code == 401


def test_the_secretariat_revokes_anyones_key_in_the_admin(client, focal_mx_user):
    from tests.factories import user_with_role

    officer = user_with_role("Secretariat", username="officer", is_staff=True)
    secret = api_key_for(focal_mx_user, name="sync")
    key = ApiKey.objects.get(owner=focal_mx_user)
    client.force_login(officer)
    assert client.post(f"/admin/members/apikey/{key.pk}/delete/", {"post": "yes"}).status_code == 302
    assert with_key(secret).get("/api/v1/me/").status_code == 401
