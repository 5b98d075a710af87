"""Who a user is to the tracker: their role (a Django group) and the audience they belong to.

Roles are groups created by a migration: the Secretariat (everything, validates), focal points (linked to
exactly one party; report on that party's actions) and delegates (read internal content). Everyone else —
anonymous visitors, inactive accounts, users with no role — is the public.
"""

import enum
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _


class Role(enum.StrEnum):
    SECRETARIAT = "Secretariat"
    FOCAL_POINT = "Focal point"
    DELEGATE = "Delegate"


if TYPE_CHECKING:  # members.models imports nothing from here, but the roles are read before the models load
    from members.models import Party

# Whoever is asking: a signed-in account, the anonymous visitor, or nobody (a command, a test).
AnyUser = AbstractBaseUser | AnonymousUser | None

ROLE_LABELS = {Role.SECRETARIAT: _("Secretariat"), Role.FOCAL_POINT: _("Focal point"), Role.DELEGATE: _("Delegate")}


class Audience(enum.IntEnum):
    """Ordered: each audience reads everything the ones below it read."""

    PUBLIC = 0
    MEMBERS = 1
    SECRETARIAT = 2


def _group_names(user) -> frozenset[str]:
    # Cached on the user object: permission checks run many times per request.
    if not hasattr(user, "_rcm_groups"):
        user._rcm_groups = frozenset(user.groups.values_list("name", flat=True))
    return user._rcm_groups


def has_role(*, user: AbstractBaseUser | AnonymousUser | None, role: Role) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return role in _group_names(user)


def is_secretariat(*, user: AnyUser) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser) or has_role(
        user=user, role=Role.SECRETARIAT
    )


def audience_for(*, user: AnyUser) -> Audience:
    if is_secretariat(user=user):
        return Audience.SECRETARIAT
    if has_role(user=user, role=Role.FOCAL_POINT) or has_role(user=user, role=Role.DELEGATE):
        return Audience.MEMBERS
    return Audience.PUBLIC


def party_of(*, user: AnyUser) -> "Party | None":
    """The party a user speaks for, or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    representative = getattr(user, "representative", None)
    return representative.party if representative else None


def is_focal_point_for(*, user: AnyUser, party: "Party | None") -> bool:
    """Whether the user reports for this party: a focal point linked to it."""
    own = party_of(user=user)
    return own is not None and party is not None and own.pk == party.pk and has_role(user=user, role=Role.FOCAL_POINT)
