"""The Secretariat sees and clears login lock-outs (django-axes) and sees and revokes API tokens in the admin.

Tokens through ApiToken, a proxy whose admin never shows a key (DRF's lists them all). Deliberately not
"add": a token made for someone else would let the officer act as that person (a superuser included); owners
make their own (POST /api/v1/auth/token/). Attempts are only made by logins; the logs stay read-only."""

from django.db import migrations

from members.migrations._permissions import ensure_permissions

GRANTS = {
    ("axes", "accessattempt"): ("view", "delete"),
    ("axes", "accessfailurelog"): ("view",),
    ("axes", "accesslog"): ("view",),
    ("members", "apitoken"): ("view", "delete"),
}
# 0003 grants every members permission that exists when it runs (view to the other roles), which on a new
# database includes these.
DENIED = {("members", "apitoken"): ("add", "change")}
NOT_FOR_MEMBERS = {("members", "apitoken"): ("view", "add", "change", "delete")}


def _permissions(apps, table=GRANTS):
    Permission = apps.get_model("auth", "Permission")
    for (app_label, model), actions in table.items():
        codenames = [f"{action}_{model}" for action in actions]
        yield from Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


def grant(apps, schema_editor):
    ensure_permissions(apps)
    secretariat = apps.get_model("auth", "Group").objects.get(name="Secretariat")
    secretariat.permissions.add(*_permissions(apps))
    secretariat.permissions.remove(*_permissions(apps, DENIED))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Delegate", "Focal point"]):
        group.permissions.remove(*_permissions(apps, NOT_FOR_MEMBERS))


def revoke(apps, schema_editor):
    secretariat = apps.get_model("auth", "Group").objects.get(name="Secretariat")
    secretariat.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_roles"),
        ("axes", "0010_accessattemptexpiration"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[],
            options={"verbose_name": "API token", "verbose_name_plural": "API tokens", "proxy": True},
            bases=("authtoken.tokenproxy",),
        ),
        migrations.RunPython(grant, revoke),
    ]
