"""The Secretariat sees and clears login lock-outs (django-axes) and sees and revokes API tokens in the admin.

Deliberately not "add" on tokens: a token made for someone else would let the officer act as that person
(a superuser included); owners make their own (POST /api/v1/auth/token/). Attempts are only made by logins."""

from django.db import migrations

from members.migrations._permissions import ensure_permissions

GRANTS = {
    ("axes", "accessattempt"): ("view", "delete"),
    ("axes", "accessfailurelog"): ("view",),
    ("axes", "accesslog"): ("view",),
    ("authtoken", "tokenproxy"): ("view", "delete"),
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for (app_label, model), actions in GRANTS.items():
        codenames = [f"{action}_{model}" for action in actions]
        yield from Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


def grant(apps, schema_editor):
    ensure_permissions(apps)
    secretariat = apps.get_model("auth", "Group").objects.get(name="Secretariat")
    secretariat.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    secretariat = apps.get_model("auth", "Group").objects.get(name="Secretariat")
    secretariat.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_roles"),
        ("axes", "0010_accessattemptexpiration"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
