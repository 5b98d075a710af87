"""The Secretariat manages everything in the members app, the users' language preferences included."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label="members", content_type__model="languagepreference")
    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    secretariat.permissions.add(*found)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label="members", content_type__model="languagepreference")
    for group in apps.get_model("auth", "Group").objects.filter(name="Secretariat"):
        group.permissions.remove(*found)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_language_preference"),
        ("members", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
