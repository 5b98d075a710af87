"""Fixtures of the hostile-input suite: the world (world.py), built once per module; no throttles, no cache."""

import pytest
from django.core.cache import cache

from tests.security.hostile.world import NO_LIMITS, World, build_world, module_transaction


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> World:
    with module_transaction(django_db_blocker, tmp_path_factory):
        yield build_world()


@pytest.fixture(autouse=True)
def _quiet_and_uncached(settings):
    """Throttles off (the suite sends many requests from one address) and no cache: the record version that
    keys cached pages moves on commit, and these tests never commit, so every read comes from the database."""
    settings.API_THROTTLE_RATES = dict(NO_LIMITS)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    cache.clear()
