"""`/api/v1/auth/token/`: a user creates (or replaces) and revokes their own API token.

Signed in (session or token), POST needs no body; a script with no session sends its username and password
once. The Secretariat sees and revokes tokens in the admin ("API tokens"). One token per account: creating one
replaces the old, so a leaked token is revoked by making a new one."""

from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from decisions.api.permissions import SignedIn
from decisions.api.serializers.auth import CredentialsSerializer, TokenSerializer
from decisions.api.throttling import AnonymousThrottle, TokenRequestThrottle, UserThrottle
from decisions.api.views.base import ApiView


class TokenView(ApiView):
    throttle_classes = [AnonymousThrottle, UserThrottle, TokenRequestThrottle]
    allows_anonymous_reads = False

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [SignedIn()]

    @extend_schema(
        summary="Create or replace your API token",
        request=CredentialsSerializer,
        responses={201: TokenSerializer},
    )
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        user = credentials.validated_data.get("user") or (request.user if request.user.is_authenticated else None)
        if user is None:
            raise NotAuthenticated()
        with transaction.atomic():
            Token.objects.filter(user=user).delete()
            token = Token.objects.create(user=user)
        return Response(TokenSerializer({"token": token.key, "created": token.created}).data, status=201)

    @extend_schema(summary="Revoke your API token", responses={204: OpenApiResponse(description="Revoked.")})
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=204)
