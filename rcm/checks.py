"""Deployment checks of the project's own (`manage.py check --deploy`): settings that are harmless on one
machine but break a promise in production, where several processes sit behind a TLS proxy."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


@register(Tags.security, deploy=True)
def shared_cache(app_configs, **kwargs):
    if settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            "The cache is each process's own (CACHE_URL=locmem://): rate limits are counted per process, so "
            "each of the server's workers allows the whole limit.",
            hint="Set CACHE_URL=redis://… (docs/deployment.md).",
            id="rcm.W001",
        )
    ]


@register(Tags.security, deploy=True)
def trusted_proxies(app_configs, **kwargs):
    if not settings.SECURE_SSL_REDIRECT or settings.RCM_TRUSTED_PROXIES:
        return []
    return [
        Warning(
            "HTTPS is redirected, so the site sits behind a TLS proxy, but RCM_TRUSTED_PROXIES is empty: every "
            "client has the proxy's address, and shares its rate limits and login lock-outs with everyone.",
            hint="Set RCM_TRUSTED_PROXIES to the proxy's address or network (docs/deployment.md).",
            id="rcm.W002",
        )
    ]
