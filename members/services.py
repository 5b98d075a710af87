"""Writes to the register of parties and their membership."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from members.models import LanguagePreference, Membership, Party, PasswordChangeRequired, Representative
from members.roles import AnyUser
from rcm.records import upsert
from rcm.versioning import versioned_delete, versioned_save


@transaction.atomic
def party_upsert(
    *,
    code: str,
    kind: str,
    name_en: str,
    name_es: str = "",
    acronym_en: str = "",
    acronym_es: str = "",
    country: str = "",
    aliases: list[str] | None = None,
) -> tuple[Party, bool]:
    """Create or bring up to date the party with this code; returns it and whether anything was written."""
    return upsert(
        model=Party,
        lookup={"code": code},
        values={
            "kind": kind,
            "name_en": name_en,
            "name_es": name_es or None,
            "acronym_en": acronym_en or None,
            "acronym_es": acronym_es or None,
            "country": country,
            "aliases": "\n".join(aliases or []),
        },
    )


@transaction.atomic
def membership_ensure(
    *, party: Party, role: str, start_date: datetime.date, start_precision: str, start_note: str = ""
) -> tuple[Membership, bool]:
    return upsert(
        model=Membership,
        lookup={"party": party, "role": role, "start_date": start_date},
        values={"start_precision": start_precision, "start_note": start_note},
    )


ROLE_BY_OPTION = {"secretariat": "Secretariat", "focal-point": "Focal point", "delegate": "Delegate"}


@transaction.atomic
def account_create(
    *,
    username: str,
    email: str,
    role: str,
    password: str,
    party: Party | None = None,
    full_name: str = "",
    one_time_password: bool = False,
) -> AbstractBaseUser:
    """A user in one role group; focal points and delegates are linked to the party they speak for. With a
    one-time password (chosen by whoever creates the account), its owner must choose their own at first login."""
    users = get_user_model().objects
    if users.filter(username=username).exists():
        raise ValidationError(f"a user named {username!r} already exists", code="duplicate")
    if role in ("Focal point", "Delegate") and party is None:
        raise ValidationError("focal points and delegates speak for a party: give --party", code="party")
    first, _, last = full_name.partition(" ")
    user = users.model(username=username, email=email, first_name=first, last_name=last, is_staff=role == "Secretariat")
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    if party is not None:
        Representative.objects.create(user=user, party=party)
    if one_time_password:
        password_change_require(user=user)
    return user


def password_change_require(*, user: AnyUser) -> None:
    """Ask the owner of this account to choose their own password at their next request."""
    PasswordChangeRequired.objects.get_or_create(user=user)


def password_change_done(*, user: AnyUser) -> None:
    """The owner chose their own password (changed it, or set it through a reset link)."""
    PasswordChangeRequired.objects.filter(user=user).delete()


def password_change_pending(*, user: AnyUser) -> bool:
    return PasswordChangeRequired.objects.filter(user=user).exists()


def credentials_revoke(*, user: AnyUser) -> int:
    """Revoke every API key of a user: a password change or reset ends what the old password let anyone make.
    Returns how many were revoked."""
    from members.api_keys import api_keys_revoke_all

    return api_keys_revoke_all(user=user)


def language_remember(*, user: AnyUser, language: str) -> None:
    """Keep the language a signed-in user reads the site in (a no-op when it is already the one kept)."""
    if not getattr(user, "pk", None) or language not in dict(settings.LANGUAGES):
        return
    if not LanguagePreference.objects.filter(user=user, language=language).exists():
        LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})


@transaction.atomic
def party_save(*, party: Party, expected_version: int | None = None, by: AbstractBaseUser | None = None) -> Party:
    return versioned_save(obj=party, expected_version=expected_version, by=by)


@transaction.atomic
def party_delete(*, party: Party, expected_version: int | None = None, by: AbstractBaseUser | None = None) -> None:
    """Delete a party; refused while a meeting, a decision, an action or a representative still names it."""
    versioned_delete(obj=party, expected_version=expected_version, by=by)


@transaction.atomic
def membership_save(
    *, membership: Membership, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> Membership:
    return versioned_save(obj=membership, expected_version=expected_version, by=by)


@transaction.atomic
def membership_delete(
    *, membership: Membership, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    versioned_delete(obj=membership, expected_version=expected_version, by=by)


@transaction.atomic
def representative_save(
    *, representative: Representative, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> Representative:
    """Say which party a user speaks for (their role comes from their groups)."""
    return versioned_save(obj=representative, expected_version=expected_version, by=by)


@transaction.atomic
def representative_delete(
    *, representative: Representative, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    versioned_delete(obj=representative, expected_version=expected_version, by=by)
