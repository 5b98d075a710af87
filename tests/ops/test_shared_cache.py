"""Two app processes sharing one Redis: a write through one is visible on the next read through the other,
on pages and in the API, with no stale entry served. Runs real gunicorn processes against a scratch database
of the suite's kind, the way a deployment with several machines runs."""

import json
import os
import urllib.request
import uuid
from contextlib import ExitStack

import pytest

from bench.servers import gunicorn, manage
from tests.ops.conftest import scratch_database

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PORTS = (8231, 8232)


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "no Redis here"
        return False


pytestmark = pytest.mark.skipif(
    not redis_answers() and os.environ.get("CI", "").lower() not in {"1", "true", "yes"},
    reason=f"no Redis at {REDIS_URL} (start redis-server; .ci/run does)",
)

TOKEN_SCRIPT = """
from members.api_keys import api_key_create
from members.roles import Role
from members.services import account_create
user = account_create(username="officer", email="", role=Role.SECRETARIAT, password="x" * 20)
print(api_key_create(owner=user, name="test")[1])
"""


def call(base: str, path: str, *, method: str = "GET", token: str = "", body=None, headers=None):
    request = urllib.request.Request(base + path, method=method)  # noqa: S310 - loopback only
    request.add_header("Accept-Language", "en")
    if token:
        request.add_header("Authorization", f"Token {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, data=data, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read().decode()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, ix_database):
    """One scratch database with the IX Meeting and a Secretariat token, for every test of this module."""
    with scratch_database(tmp_path_factory.mktemp("shared-cache"), copy_of=ix_database) as url:
        token = manage(url, "shell", "-c", TOKEN_SCRIPT).strip().splitlines()[-1]
        yield url, token


@pytest.fixture
def two_processes(prepared, monkeypatch):
    url, token = prepared
    monkeypatch.setenv("CACHE_URL", REDIS_URL)
    prefix = f"rcm-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("CACHE_KEY_PREFIX", prefix)
    with ExitStack() as stack:
        for port in PORTS:
            stack.enter_context(gunicorn(url, port, workers=1))
        yield [f"http://127.0.0.1:{port}" for port in PORTS], token, prefix
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_a_write_through_one_process_is_read_through_the_other(two_processes):
    """The list filtered by the meeting and the meeting's page are keyed by the meeting's own version
    (decisions/caching/scopes.py), the actions page by the record's: each sees the write on its next read."""
    (first, second), token, prefix = two_processes
    listing = "/api/v1/actions/?meeting=ix-panama-city-2004&page_size=500"
    meeting_page = "/meetings/ix-panama-city-2004/"
    _status, _headers, body = call(first, listing)
    action = json.loads(body)["results"][0]
    # Both processes have read (and so cached) the list and the actions page before the write.
    for base in (first, second):
        call(base, listing)
        call(base, "/actions/?meeting=ix-panama-city-2004")
        _status, _headers, page_before = call(base, meeting_page)
    assert "1 completed" not in page_before
    import redis

    assert any(redis.Redis.from_url(REDIS_URL).scan_iter(f"{prefix}:*")), "nothing was cached in Redis"
    _status, headers, _body = call(second, f"/api/v1/actions/{action['id']}/", token=token)
    title = f"Shared-cache check {uuid.uuid4().hex[:6]}"
    status, _headers, _body = call(
        second,
        f"/api/v1/actions/{action['id']}/",
        method="PATCH",
        token=token,
        body={"title": {"en": title}},
        headers={"If-Match": headers["ETag"]},
    )
    assert status == 200
    # The very next reads, through the other process, see it: the API list and the public page.
    _status, _headers, body = call(first, listing)
    titles = {row["id"]: row["title"]["en"] for row in json.loads(body)["results"]}
    assert titles[action["id"]] == title
    _status, _headers, page = call(first, "/actions/?meeting=ix-panama-city-2004")
    assert title in page
    _status, _headers, page = call(second, "/actions/?meeting=ix-panama-city-2004")
    assert title in page
    # A status moved through one process shows in the meeting's page (its counts) through the other.
    _status, headers, _body = call(second, f"/api/v1/actions/{action['id']}/", token=token)
    status, _headers, _body = call(
        second,
        f"/api/v1/actions/{action['id']}/progress/",
        method="POST",
        token=token,
        body={"status": "completed", "note": "Done."},
        headers={"If-Match": headers["ETag"]},
    )
    assert status == 201
    for base in (first, second):
        _status, _headers, page = call(base, meeting_page)
        assert "1 completed" in page, base


def test_the_site_keeps_serving_when_redis_is_away(prepared, monkeypatch):
    """A cache that cannot be reached is a miss, not an error: pages and the API come from the database."""
    url, _token = prepared
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:9/0")  # nothing listens on the discard port
    with gunicorn(url, PORTS[0], workers=1):
        base = f"http://127.0.0.1:{PORTS[0]}"
        for path in ("/", "/actions/", "/api/v1/decisions/?page_size=100"):
            status, _headers, _body = call(base, path)
            assert status == 200, path


def test_the_served_app_keeps_connections_alive(prepared):
    """gunicorn.conf.py (what `make serve` runs): a client's requests share one connection, as a sync loop's
    51 pages should — sync workers answered every request with `Connection: close`."""
    import http.client

    url, _token = prepared
    with gunicorn(url, PORTS[0], workers=1):
        connection = http.client.HTTPConnection("127.0.0.1", PORTS[0], timeout=10)
        connection.connect()
        first_socket = connection.sock
        for path in ("/api/v1/", "/api/v1/decisions/?page_size=5", "/api/v1/decisions/?page=2&page_size=5", "/"):
            connection.request("GET", path, headers={"Accept-Language": "en"})
            response = connection.getresponse()
            response.read()
            assert response.status == 200, path
            assert (response.getheader("Connection") or "").lower() != "close", path
        assert connection.sock is first_socket  # never reconnected
        connection.close()
