"""API keys: how one is made, recognised, marked used and revoked. One place decides, for the API views, the
authentication class, the password hook and the admin alike."""

import datetime
import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from members.models import ApiKey, ApiKeyScope
from members.roles import AnyUser
from rcm.commits import bookkeeping

# New keys start with this, so that a key pasted somewhere it should not be is recognisable (secret scanners).
KEY_PREFIX = "rcm_"
# `last_used` is written at most this often per key: reading with a key must not write on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)
DEFAULT_NAME = "default"


def api_key_digest(*, key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_create(
    *,
    owner: AbstractBaseUser,
    name: str,
    scope: str = ApiKeyScope.READ_WRITE,
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiKey, str]:
    """Make a key; returns it with its secret, which is never stored and never shown again."""
    if expires_at is not None and expires_at <= timezone.now():
        raise serializers.ValidationError({"expires_at": [_("Give a moment in the future.")]}, code="past")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            key = ApiKey.objects.create(
                owner=owner, name=name, scope=scope, expires_at=expires_at, digest=api_key_digest(key=secret)
            )
    except IntegrityError:
        raise serializers.ValidationError(
            {"name": [_("You already have an API key with this name.")]}, code="unique"
        ) from None
    return key, secret


@transaction.atomic
def api_key_rotate(*, owner: AbstractBaseUser, name: str = DEFAULT_NAME) -> tuple[ApiKey, str]:
    """Replace the owner's key of this name (keeping its scope and expiry) or make it: what
    `POST /api/v1/auth/token/` does for the key named "default"."""
    old = ApiKey.objects.select_for_update().filter(owner=owner, name=name).first()
    scope, expires_at = (old.scope, old.expires_at) if old else (ApiKeyScope.READ_WRITE, None)
    if old is not None:
        old.delete()
    if expires_at is not None and expires_at <= timezone.now():
        expires_at = None
    return api_key_create(owner=owner, name=name, scope=scope, expires_at=expires_at)


def api_key_authenticate(*, key: str) -> ApiKey | None:
    """The live key with this secret (its owner loaded), or None for an unknown, expired or revoked one. The
    lookup is by digest, so no comparison of the secret itself can leak its characters through timing."""
    found = ApiKey.objects.select_related("owner").filter(digest=api_key_digest(key=key)).first()
    now = timezone.now()
    if found is None or (found.expires_at is not None and found.expires_at <= now):
        return None
    if found.last_used is None or now - found.last_used >= LAST_USED_EVERY:
        with bookkeeping():  # not the request's write: a failure after it still stored nothing asked for
            ApiKey.objects.filter(pk=found.pk).update(last_used=now)
        found.last_used = now
    return found


def api_key_revoke(*, owner: AbstractBaseUser, key_id: int) -> bool:
    """Revoke one of the owner's keys; False when they have none with this id (someone else's included)."""
    revoked, _ = ApiKey.objects.filter(owner=owner, pk=key_id).delete()
    return bool(revoked)


def api_key_revoke_named(*, owner: AbstractBaseUser, name: str = DEFAULT_NAME) -> bool:
    """Revoke the owner's key of this name (`DELETE /api/v1/auth/token/` revokes "default"); False when none."""
    revoked, _ = ApiKey.objects.filter(owner=owner, name=name).delete()
    return bool(revoked)


def api_key_list(*, owner: AbstractBaseUser) -> list[ApiKey]:
    """The owner's keys by name, for their own list (the digests stay in the database's hands)."""
    return list(ApiKey.objects.filter(owner=owner).order_by("name"))


def api_keys_revoke_all(*, user: AnyUser) -> int:
    revoked, _ = ApiKey.objects.filter(owner=user).delete()
    return revoked
