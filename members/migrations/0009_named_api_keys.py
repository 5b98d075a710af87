"""Named API keys replace DRF's one token per user. Every existing token becomes its owner's read-write key
named "default" (its key hashed, so current integrations keep working) and the plaintext tokens are deleted.
The Secretariat sees and revokes keys in the admin, as it did tokens; it makes none (see 0004)."""

import hashlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from members.migrations._permissions import ensure_permissions


def import_drf_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiKey = apps.get_model("members", "ApiKey")
    for token in Token.objects.all():
        key = ApiKey.objects.create(
            owner_id=token.user_id,
            name="default",
            scope="read_write",
            digest=hashlib.sha256(token.key.encode()).hexdigest(),
        )
        ApiKey.objects.filter(pk=key.pk).update(created=token.created)  # made then, not now
    Token.objects.all().delete()


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    keys = Permission.objects.filter(content_type__app_label="members", content_type__model="apikey")
    secretariat = Group.objects.filter(name="Secretariat").first()
    if secretariat is not None:
        secretariat.permissions.add(*keys.filter(codename__in=["view_apikey", "delete_apikey"]))
        secretariat.permissions.remove(*keys.filter(codename__in=["add_apikey", "change_apikey"]))
    for group in Group.objects.exclude(name="Secretariat"):
        group.permissions.remove(*keys)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_revision_for_optimistic_locking"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "scope",
                    models.CharField(
                        choices=[("read", "Read only"), ("read_write", "Read and write")],
                        default="read_write",
                        max_length=10,
                        verbose_name="scope",
                    ),
                ),
                ("digest", models.CharField(editable=False, max_length=64, unique=True, verbose_name="digest")),
                ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="expires at")),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("last_used", models.DateTimeField(blank=True, editable=False, null=True, verbose_name="last used")),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_keys",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
            ],
            options={
                "verbose_name": "API key",
                "verbose_name_plural": "API keys",
                "ordering": ("owner_id", "name"),
            },
        ),
        migrations.DeleteModel(
            name="ApiToken",
        ),
        migrations.AddConstraint(
            model_name="apikey",
            constraint=models.UniqueConstraint(fields=("owner", "name"), name="api_key_name_unique_per_owner"),
        ),
        migrations.RunPython(import_drf_tokens, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
