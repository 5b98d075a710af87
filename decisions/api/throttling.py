"""Rate limits: 429 with Retry-After when a client asks too often.

Rates come from settings.API_THROTTLE_RATES (set from environment variables, README "API"), read at each
request so tests and deployments can change them; a scope whose rate is None is not limited. Anonymous
clients are counted by address, signed-in ones by account; asking for a token has a stricter limit of its
own, as it is where passwords are tried. Counts live in Django's cache: with several server processes,
configure a shared cache or each process counts on its own.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ConfiguredRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        return getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)

    def wait(self) -> float:
        """Seconds until the oldest counted request leaves the window, so Retry-After is always sent."""
        if not self.history:
            return float(self.duration)
        return max(1.0, self.duration - (self.now - self.history[-1]))


class AnonymousThrottle(ConfiguredRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(ConfiguredRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class TokenRequestThrottle(ConfiguredRateThrottle):
    """Counted by address whoever asks: password guessing must not get the generous limits."""

    scope = "token"

    def get_cache_key(self, request, view) -> str | None:
        if request.method not in ("POST", "DELETE"):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
