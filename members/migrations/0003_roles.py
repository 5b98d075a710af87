"""The three roles, as groups with their permissions. Permissions are created here first, because on a
fresh database Django creates them only after all migrations have run."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_ONLY = ("view",)
EVERYTHING = ("view", "add", "change", "delete")
DOMAIN_APPS = ("decisions", "members")


def _ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)

    def perms(actions, models=None):
        found = domain.filter(codename__regex=r"^(%s)_" % "|".join(actions))
        return found.filter(content_type__model__in=models) if models else found

    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    secretariat.permissions.set(perms(EVERYTHING))
    delegate, _ = Group.objects.get_or_create(name="Delegate")
    delegate.permissions.set(perms(READ_ONLY))
    focal, _ = Group.objects.get_or_create(name="Focal point")
    focal.permissions.set(list(perms(READ_ONLY)) + list(perms(("add",), ["progressupdate"])))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Secretariat", "Delegate", "Focal point"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_representative"),
        ("decisions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
