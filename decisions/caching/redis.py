"""A Redis cache that a Redis outage cannot turn into an outage of the site.

Everything cached here can be computed again from the database, so when Redis is away a read is a miss and a
write is skipped (logged once a minute), the way django-redis's IGNORE_EXCEPTIONS works. Django's own Redis
backend raises instead, which would make every page a 500 while Redis restarts."""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
_QUIET_SECONDS = 60
_last_warning = 0.0


def _tolerant(default):
    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except Exception:  # redis-py raises its own ConnectionError/TimeoutError, and OSError  # noqa: BLE001
                _warn(method.__name__)
                return default() if callable(default) else default

        return call

    return wrap


def _warn(operation: str) -> None:
    global _last_warning  # noqa: PLW0603 - one process-wide rate limit for one log line
    now = time.monotonic()
    if now - _last_warning > _QUIET_SECONDS:
        _last_warning = now
        logger.warning("the cache is unavailable (%s); reading from the database", operation, exc_info=True)


class TolerantRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except Exception:  # noqa: BLE001 - see _tolerant
            _warn("get")
            return default

    set = _tolerant(None)(RedisCache.set)
    add = _tolerant(False)(RedisCache.add)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    get_many = _tolerant(dict)(RedisCache.get_many)
    set_many = _tolerant(list)(RedisCache.set_many)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    incr = _tolerant(None)(RedisCache.incr)
    clear = _tolerant(False)(RedisCache.clear)
