"""Shared by the role migrations: Django creates permissions only after all migrations have run, so a
migration that grants them creates them first."""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps) -> None:
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
