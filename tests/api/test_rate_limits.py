"""Rate limits hold per client: the address comes from rcm.clients (X-Forwarded-For only as a trusted proxy
wrote it), counts are atomic in the cache, and every answer says where the client stands (RateLimit headers)."""

import os
import re
import uuid

import pytest
from django.test import RequestFactory

from rcm.clients import UNKNOWN, client_address
from rcm.limits import Rate, hit

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"
# Database 5 of the local Redis: the suite's other Redis tests use 0.
REDIS_URL = os.environ.get("TEST_LIMITS_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "client"),
    [
        ([], "198.51.100.9", "203.0.113.1", "198.51.100.9"),  # no trusted proxy: the header is ignored
        (["10.0.0.0/8"], "198.51.100.9", "203.0.113.1", "198.51.100.9"),  # not from the proxy: ignored
        (["10.0.0.0/8"], PROXY, "203.0.113.7", "203.0.113.7"),
        (["10.0.0.0/8"], PROXY, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # what the client wrote is skipped
        (["10.0.0.0/8"], PROXY, "6.6.6.6, 203.0.113.7, 10.1.2.3", "203.0.113.7"),  # two trusted hops
        (["10.0.0.0/8"], PROXY, "", PROXY),  # the proxy asking for itself
        (["10.0.0.0/8"], PROXY, "not-an-address", PROXY),
        (["10.0.0.0/8", "2001:db8::/32"], "2001:db8::1", "[2001:db8:1::5]:443, 203.0.113.8:5000", "203.0.113.8"),
        ([], "", "", UNKNOWN),
    ],
)
def test_the_client_address_believes_only_trusted_proxies(settings, trusted, remote, forwarded, client):
    settings.RCM_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request=request) == client


def test_a_random_x_forwarded_for_does_not_escape_the_limit(settings, api, ix_meeting):
    """Failed before the fix: DRF read X-Forwarded-For from anyone, so each invented address had a new budget."""
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "user": None, "token": None}
    answers = [api.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(settings, api, ix_meeting):
    settings.RCM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "user": None, "token": None}

    def get(client, spoof="6.6.6.6"):
        forwarded = f"{spoof}, {client}"
        return api.get("/api/v1/themes/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [get("203.0.113.1", spoof=f"6.6.6.{n}") for n in range(3)] == [200, 200, 429]
    assert [get("203.0.113.2") for _ in range(3)] == [200, 200, 429]  # not locked out by the first client


def test_the_token_endpoint_allows_its_documented_rate_and_no_more(settings, api, ix_meeting):
    """Failed before the fix: with a new X-Forwarded-For per try, every password guess was let through."""
    settings.API_THROTTLE_RATES = {"anon": None, "user": None, "token": "10/minute"}
    guess = {"username": "x", "password": "y"}
    answers = [
        api.post("/api/v1/auth/token/", guess, format="json", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(12)
    ]
    assert answers.count(429) == 2 and 429 not in answers[:10]


def test_every_answer_carries_ratelimit_headers_and_a_429_retry_after(settings, api, ix_meeting):
    """Failed before the fix: no RateLimit headers were sent."""
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "user": None, "token": None}
    first = api.get("/api/v1/themes/")
    assert first["RateLimit-Policy"] == '"anon";q=2;w=60'
    assert re.fullmatch(r'"anon";r=1;t=\d+', first["RateLimit"])
    api.get("/api/v1/themes/")
    limited = api.get("/api/v1/themes/")
    assert limited.status_code == 429
    remaining, reset = re.fullmatch(r'"anon";r=(\d+);t=(\d+)', limited["RateLimit"]).groups()
    assert remaining == "0" and 1 <= int(reset) <= 60 and int(limited["Retry-After"]) == int(reset)


def test_a_cached_list_does_not_replay_an_old_answer_s_limit_headers(settings, api, ix_meeting):
    settings.API_THROTTLE_RATES = {"anon": "5/minute", "user": None, "token": None}
    api.get("/api/v1/decisions/")
    again = api.get("/api/v1/decisions/")
    assert again["RateLimit"].startswith('"anon";r=3;')
    settings.API_THROTTLE_RATES = {"anon": None, "user": None, "token": None}
    assert "RateLimit" not in api.get("/api/v1/decisions/")


def redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "no Redis here"
        return False


@pytest.mark.skipif(not redis_answers(REDIS_URL), reason=f"no Redis at {REDIS_URL}")
def test_with_a_shared_cache_every_process_adds_to_the_same_count(settings):
    """Each process has its own cache client; a count one made is the count the next one continues."""
    from decisions.caching.redis import TolerantRedisCache

    settings.CACHES = {
        "default": {
            "BACKEND": "decisions.caching.redis.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rcm-limits-test",
        }
    }
    rate = Rate.parse("probe", "3/minute")
    ident = f"192.0.2.{uuid.uuid4().int % 250}"
    assert [hit(rate=rate, ident=ident).count for _ in range(2)] == [1, 2]
    other_process = TolerantRedisCache(REDIS_URL, {"KEY_PREFIX": "rcm-limits-test"})
    keys = other_process._cache.get_client().keys(f"rcm-limits-test:*limit:probe:{ident}:*")
    assert len(keys) == 1 and int(other_process._cache.get_client().get(keys[0])) == 2
    assert hit(rate=rate, ident=ident).count == 3 and not hit(rate=rate, ident=ident).allowed
    other_process._cache.get_client().delete(*keys)


def test_the_schema_documents_the_limit_headers():
    """Failed before the fix: a 429 documented no Retry-After, and no answer its RateLimit headers."""
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert responses["429"]["headers"]["Retry-After"]["required"], (method, path)
            assert {"RateLimit", "RateLimit-Policy"} <= set(responses["429"]["headers"]), (method, path)
