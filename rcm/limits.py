"""Rate limits counted in the cache, one counter per client and window, shared by every process that shares
the cache (`CACHE_URL=redis://…`; with the per-process default each process counts on its own, which
`manage.py check --deploy` warns about).

A fixed window: the first request of a window creates its counter, every request increments it atomically
(`cache.incr` is Redis's INCR), so processes racing each other cannot let more through than the limit. The
counts are what the `RateLimit` and `RateLimit-Policy` headers report (IETF draft
draft-ietf-httpapi-ratelimit-headers): `"anon";r=297;t=42` is 297 requests left for 42 seconds.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    name: str
    limit: int
    window: int  # seconds

    @classmethod
    def parse(cls, name: str, text: str) -> "Rate":
        """ "300/minute" (or /second, /hour, /day, or their first letter)."""
        count, _slash, period = text.strip().lower().partition("/")
        return cls(name=name, limit=int(count), window=PERIODS[period[:1]])

    def policy(self) -> str:
        return f'"{self.name}";q={self.limit};w={self.window}'


@dataclass(frozen=True)
class Usage:
    rate: Rate
    count: int
    reset: int  # seconds until the window ends and the count starts again

    @property
    def allowed(self) -> bool:
        return self.count <= self.rate.limit

    @property
    def remaining(self) -> int:
        return max(0, self.rate.limit - self.count)

    def header(self) -> str:
        return f'"{self.rate.name}";r={self.remaining};t={self.reset}'


def hashed(*, value: str) -> str:
    """A key part for a value that should not sit in the cache as written (an email address)."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def hit(*, rate: Rate, ident: str) -> Usage:
    """Count one request of `ident` against `rate`."""
    now = time.time()
    start = int(now // rate.window) * rate.window
    key = f"limit:{rate.name}:{ident}:{start}"
    cache.add(key, 0, timeout=rate.window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, timeout=rate.window + 1)
        count = 1
    # A cache that is away counts nothing (decisions.caching.redis answers None): the request is let through,
    # not refused.
    return Usage(rate=rate, count=count or 0, reset=max(1, math.ceil(start + rate.window - now)))


def headers(*, usages: list[Usage]) -> dict[str, str]:
    """The RateLimit and RateLimit-Policy headers of the limits a request was counted against."""
    if not usages:
        return {}
    return {
        "RateLimit-Policy": ", ".join(usage.rate.policy() for usage in usages),
        "RateLimit": ", ".join(usage.header() for usage in usages),
    }
