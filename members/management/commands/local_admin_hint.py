"""Tells whoever runs `make run` how to log in to the admin, creating a local account once in debug mode."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from members.services import password_change_require

LOCAL_ADMIN = "admin"


class Command(BaseCommand):
    help = "Print how to log in to the admin; in debug mode only, create a local admin with a one-time password."

    def handle(self, *args, **options) -> None:
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            self.stdout.write("Admin: log in at /admin/ with your account (`make admin` creates another).")
            return
        if not settings.DEBUG:
            self.stdout.write("No admin account yet: run `make admin` to create one.")
            return
        # Debug only: a random password, shown once, so there is never a known default login.
        password = secrets.token_urlsafe(12)
        password_change_require(user=users.create_superuser(LOCAL_ADMIN, email="", password=password))
        self.stdout.write(
            self.style.WARNING(
                f"Created a local admin for this machine: user '{LOCAL_ADMIN}', password '{password}'.\n"
                "It is shown only this once; a new one is asked for at first login (or run `make admin` for your own)."
            )
        )
