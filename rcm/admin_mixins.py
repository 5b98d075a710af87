from django.db import models


class HttpsLinksAdmin:
    """Links typed without a scheme are taken as https:// (Django 6's default, chosen now)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
