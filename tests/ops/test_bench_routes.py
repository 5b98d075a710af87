"""The benchmark's own routes (bench/floor.py) exist only in a server started with RCM_BENCH_FLOOR=1."""

import pytest

pytestmark = pytest.mark.django_db

BENCH_ROUTES = ["/bench/floor/decisions/", "/bench/bare/decisions/"]


@pytest.mark.parametrize("path", BENCH_ROUTES)
def test_the_app_as_served_has_no_benchmark_route(client, path):
    assert client.get(path).status_code == 404


def test_the_benchmark_mounts_them_only_when_asked(monkeypatch, tmp_path, settings):
    """The same check seen from the other side, so the one above cannot pass for a misspelt path."""
    from importlib import reload

    from django.urls import clear_url_caches

    import rcm.urls

    body = tmp_path / "body.json"
    body.write_bytes(b'{"count": 0}')
    monkeypatch.setenv("RCM_BENCH_BARE_BODY", str(body))
    settings.RCM_BENCH_FLOOR = True
    try:
        reload(rcm.urls)
        clear_url_caches()
        from django.test import Client

        assert Client().get("/bench/bare/decisions/").content == b'{"count": 0}'
    finally:
        settings.RCM_BENCH_FLOOR = False
        reload(rcm.urls)
        clear_url_caches()
