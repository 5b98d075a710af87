"""Settings for the test suite: the real settings, with a throwaway key and a fast password hasher."""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

from rcm.settings import *  # noqa: E402,F403

# Hashing strength is not under test; speed of creating users is.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
