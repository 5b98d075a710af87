"""`Authorization: Token <key>` with named API keys (members.ApiKey): the header existing clients send, checked
against stored digests. An unknown, expired or revoked key is a 401; a read-only key is refused every write."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from members.api_keys import api_key_authenticate


class ApiKeyAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        found = api_key_authenticate(key=key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not found.owner.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return found.owner, found


class ReadOnlyKey(exceptions.PermissionDenied):
    default_detail = _("This token is read-only.")
    default_code = "read_only_token"
