"""`/api/v1/auth/`: a user makes, lists and revokes their own API keys.

Keys are named, one per integration, so rotating or revoking one leaves the others working; each is read-only
or read-write and may expire. A key is shown once, when it is made (only its digest is stored). Signed in
(session, or a read-write key), a POST needs no credentials; a script with no session sends its username and
password once. `/auth/token/` is the original single-token endpoint: it makes (or replaces) the key named
"default". The Secretariat sees and revokes anyone's keys in the admin ("API keys") but makes none."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from decisions.api.permissions import SignedIn
from decisions.api.serializers.auth import (
    ApiKeyRequestSerializer,
    ApiKeySerializer,
    CredentialsSerializer,
    NewApiKeySerializer,
    TokenSerializer,
)
from decisions.api.throttling import AnonymousThrottle, TokenRequestThrottle, UserThrottle
from decisions.api.views.base import ApiView
from members.api_keys import api_key_create, api_key_list, api_key_revoke, api_key_revoke_named, api_key_rotate


def _caller(request, credentials) -> object:
    """Whose key is made: the account named by username and password, else the signed-in caller."""
    user = credentials.validated_data.get("user") or (request.user if request.user.is_authenticated else None)
    if user is None:
        raise NotAuthenticated()
    return user


class KeyRequestView(ApiView):
    """POST may sign in with a password (throttled as token requests); every other method needs a caller."""

    throttle_classes = [AnonymousThrottle, UserThrottle, TokenRequestThrottle]
    allows_anonymous_reads = False

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [SignedIn()]


class TokenView(KeyRequestView):
    @extend_schema(
        summary='Create or replace your API key named "default"',
        request=CredentialsSerializer,
        responses={201: TokenSerializer},
    )
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        key, secret = api_key_rotate(owner=_caller(request, credentials))
        return Response(TokenSerializer({"token": secret, "created": key.created}).data, status=201)

    @extend_schema(
        summary='Revoke your API key named "default"', responses={204: OpenApiResponse(description="Revoked.")}
    )
    def delete(self, request):
        api_key_revoke_named(owner=request.user)
        return Response(status=204)


class ApiKeyListView(KeyRequestView):
    @extend_schema(
        summary="List your API keys (never the keys themselves)", responses={200: ApiKeySerializer(many=True)}
    )
    def get(self, request):
        return Response(ApiKeySerializer(api_key_list(owner=request.user), many=True).data)

    @extend_schema(
        summary="Make a named API key (shown once)",
        request=ApiKeyRequestSerializer,
        responses={201: NewApiKeySerializer},
    )
    def post(self, request):
        wanted = ApiKeyRequestSerializer(data=request.data, context={"request": request})
        wanted.is_valid(raise_exception=True)
        owner = _caller(request, wanted)
        key, secret = api_key_create(
            owner=owner,
            name=wanted.validated_data["name"],
            scope=wanted.validated_data["scope"],
            expires_at=wanted.validated_data.get("expires_at"),
        )
        key.token = secret
        return Response(NewApiKeySerializer(key).data, status=201)


class ApiKeyView(KeyRequestView):
    @extend_schema(summary="Revoke one of your API keys", responses={204: OpenApiResponse(description="Revoked.")})
    def delete(self, request, key_id: int):
        if not api_key_revoke(owner=request.user, key_id=key_id):
            raise NotFound()  # someone else's key is as unknown as one that never existed
        return Response(status=204)
