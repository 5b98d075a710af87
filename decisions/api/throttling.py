"""Rate limits: 429 with Retry-After when a client asks too often, and RateLimit headers on every answer.

Rates come from settings.API_THROTTLE_RATES (set from environment variables, README "API"), read at each
request so tests and deployments can change them; a scope whose rate is None is not limited. Anonymous
clients are counted by address (`rcm.clients.client_address`: X-Forwarded-For only as far as a trusted proxy
wrote it), signed-in ones by account; asking for a token has a stricter limit of its own, as it is where
passwords are tried. Counting is `rcm.limits`: atomic, in the shared cache when there is one.
"""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from rcm.clients import client_address
from rcm.limits import Rate, Usage, hit


def usages_of(request) -> list[Usage]:
    """The limits this request was counted against (for its RateLimit headers)."""
    return getattr(request, "rate_limit_usages", [])


class ConfiguredRateThrottle(BaseThrottle):
    scope = ""

    def rate(self) -> Rate | None:
        text = getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)
        return Rate.parse(self.scope, text) if text else None

    def ident(self, request) -> str | None:
        """Who is counted; None: this limit does not apply to this request."""
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        rate = self.rate()
        ident = self.ident(request) if rate else None
        if ident is None:
            return True
        self.usage = hit(rate=rate, ident=ident)
        request.rate_limit_usages = [*usages_of(request), self.usage]
        return self.usage.allowed

    def wait(self) -> float:
        """Seconds until the window ends, so Retry-After is always sent."""
        return float(self.usage.reset)


class AnonymousThrottle(ConfiguredRateThrottle):
    scope = "anon"

    def ident(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return client_address(request=request)


class UserThrottle(ConfiguredRateThrottle):
    scope = "user"

    def ident(self, request) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return str(request.user.pk)


class TokenRequestThrottle(ConfiguredRateThrottle):
    """Counted by address whoever asks: password guessing must not get the generous limits."""

    scope = "token"

    def ident(self, request) -> str | None:
        if request.method not in ("POST", "DELETE"):
            return None
        return client_address(request=request)
