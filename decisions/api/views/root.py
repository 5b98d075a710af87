"""The API's front door (`/api/v1/`: links to every collection) and `/api/v1/me/` (who is calling)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers

from decisions.api.permissions import SignedIn
from decisions.api.serializers.auth import MeSerializer
from decisions.api.views.base import ApiView, conditional_response
from members.roles import Audience, Role, audience_for, has_role, is_secretariat, party_of

COLLECTIONS = {
    "meetings": "api:meeting-list",
    "decisions": "api:decision-list",
    "actions": "api:action-list",
    "progress_updates": "api:progress-update-list",
    "parties": "api:party-list",
    "themes": "api:theme-list",
    "documents": "api:document-list",
    "stats": "api:stats",
    "me": "api:me",
    "token": "api:token",
    "problems": "api:problem-type-list",
    "schema": "api:schema",
    "docs": "api:docs",
}

RootSerializer = inline_serializer("ApiRoot", {name: serializers.URLField() for name in COLLECTIONS})


class ApiRootView(ApiView):
    """The RCM Decision Tracker's API: every decision of the Regional Conference on Migration with its
    implementation status. Each link below is a collection; `schema` and `docs` describe them all."""

    @extend_schema(summary="The API's collections", responses=RootSerializer, tags=["root"])
    def get(self, request):
        data = {name: request.build_absolute_uri(reverse(route)) for name, route in COLLECTIONS.items()}
        return conditional_response(request, data)


AUDIENCE_NAMES = {Audience.PUBLIC: "public", Audience.MEMBERS: "members", Audience.SECRETARIAT: "secretariat"}


class MeView(ApiView):
    """Who the API takes you for: your roles, what you read and where you may report progress."""

    permission_classes = [SignedIn]

    @extend_schema(summary="Who am I", responses=MeSerializer, tags=["auth"])
    def get(self, request):
        user = request.user
        party = party_of(user=user)
        roles = [str(role) for role in Role if has_role(user=user, role=role)]
        if is_secretariat(user=user) and Role.SECRETARIAT not in roles:
            roles.append(str(Role.SECRETARIAT))
        if is_secretariat(user=user):
            reports_for = "*"
        elif party is not None and has_role(user=user, role=Role.FOCAL_POINT):
            reports_for = party.code
        else:
            reports_for = None
        data = {
            "username": user.get_username(),
            "name": user.get_full_name() or user.get_username(),
            "roles": roles,
            "audience": AUDIENCE_NAMES[audience_for(user=user)],
            "party": party.code if party else None,
            "can_record_progress_for": reports_for,
        }
        return conditional_response(request, MeSerializer(data).data)
