"""Who is calling, and their API keys."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from decisions.api.serializers.fields import InputSerializer, Text
from members.models import ApiKeyScope


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    audience = serializers.ChoiceField(
        choices=[("public", "public"), ("members", "members"), ("secretariat", "secretariat")],
        read_only=True,
        help_text=_("What you read: public content, also member-state content, or everything."),
    )
    party = serializers.CharField(read_only=True, allow_null=True, help_text=_("The party you speak for."))
    can_record_progress_for = serializers.CharField(
        read_only=True, allow_null=True, help_text=_('"*" for the Secretariat, else your party\'s code, or null.')
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text=_("Send it as: Authorization: Token <token>."))
    created = serializers.DateTimeField(read_only=True)


class CredentialsSerializer(InputSerializer):
    """A script with no session signs in with its account's name and password (optional when signed in)."""

    username = Text(max_length=150, required=False)
    password = Text(max_length=4096, required=False, style={"input_type": "password"}, write_only=True)

    def validate(self, attrs):
        username, password = attrs.get("username"), attrs.get("password")
        if not username and not password:
            return attrs
        if not (username and password):
            raise serializers.ValidationError(_("Give both a username and a password."), code="credentials")
        user = authenticate(request=self.context.get("request"), username=username, password=password)
        if user is None or not user.is_active:
            raise serializers.ValidationError(_("Unable to sign in with these credentials."), code="credentials")
        attrs["user"] = user
        return attrs


class ApiKeySerializer(serializers.Serializer):
    """One of your API keys as listed: never the key itself, which is shown only when it is made."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    scope = serializers.ChoiceField(choices=ApiKeyScope.choices, read_only=True)
    expires_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created = serializers.DateTimeField(read_only=True)
    last_used = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("To the minute: a key's use is recorded at most once a minute.")
    )


class NewApiKeySerializer(ApiKeySerializer):
    token = serializers.CharField(
        read_only=True, help_text=_("Shown this once. Send it as: Authorization: Token <token>.")
    )


class ApiKeyRequestSerializer(CredentialsSerializer):
    """A new named key; a script with no session also sends its username and password."""

    name = Text(max_length=200, help_text=_("Yours to choose, one per integration; unique among your keys."))
    scope = serializers.ChoiceField(
        choices=ApiKeyScope.choices, default=ApiKeyScope.READ_WRITE, help_text=_("A read-only key is refused writes.")
    )
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text=_("Optional: the key stops working at this moment.")
    )
