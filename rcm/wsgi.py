import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rcm.settings")

# Serving without a secret would fail on the first signed cookie; refuse to start instead, saying why.
try:
    settings.SECRET_KEY  # noqa: B018 - Django checks an empty key when it is read
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.") from exc

application = get_wsgi_application()
