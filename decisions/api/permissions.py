"""Who may change what. Reading is open to everyone: what each reader sees is decided by the querysets of
decisions.selectors.visibility, so a record a reader may not see is a 404 to them, never a 403.

- The Technical Secretariat (members.roles.is_secretariat) may do every write.
- A focal point may record progress only on the actions of the party they speak for; their reports wait
  for the Secretariat's validation.
- Anonymous clients and inactive accounts never write (401: DRF asks them to authenticate).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from members.roles import is_focal_point_for, is_secretariat, party_of


def _signed_in(request) -> bool:
    return bool(request.user and request.user.is_authenticated and request.user.is_active)


class IsSecretariat(BasePermission):
    message = _("Only the Technical Secretariat may do this.")

    def has_permission(self, request, view) -> bool:
        return _signed_in(request) and is_secretariat(user=request.user)


class ReadOnlyOrSecretariat(IsSecretariat):
    """Everyone reads; only the Secretariat writes."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or super().has_permission(request, view)


class ReadOnly(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS


class SignedIn(BasePermission):
    def has_permission(self, request, view) -> bool:
        return _signed_in(request)


class CanRecordProgress(BasePermission):
    """The Secretariat on any action; a focal point on their own party's actions."""

    message = _("You may record progress only on the actions of the party you report for.")

    def has_permission(self, request, view) -> bool:
        return _signed_in(request)

    def has_object_permission(self, request, view, obj) -> bool:
        return is_secretariat(user=request.user) or is_focal_point_for(user=request.user, party=obj.responsible)


def _answers_for_a_party(request) -> bool:
    return _signed_in(request) and is_focal_point_for(user=request.user, party=party_of(user=request.user))


class AnswersPackets(BasePermission):
    """A party's focal point: the one who answers the party's packet in a reporting round."""

    message = _("Only a party's focal points answer its packets.")

    def has_permission(self, request, view) -> bool:
        return _answers_for_a_party(request)


class ReadsRounds(BasePermission):
    """The Secretariat, which runs reporting rounds, and the focal points, who answer them; delegates do not."""

    message = _("Only the Secretariat and the focal points take part in reporting rounds.")

    def has_permission(self, request, view) -> bool:
        return _signed_in(request) and (is_secretariat(user=request.user) or _answers_for_a_party(request))
