"""While the database is away, pages and the API answer at once with a clear 503, never a 500."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper


@pytest.fixture
def database_away(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/meetings/", "/api/v1/decisions/", "/api/v1/stats/", "/healthz"])
def test_an_outage_is_a_fast_503(client, database_away, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response.get("Retry-After") == "5" or path == "/healthz"
    if path.startswith("/api/"):
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["status"] == 503
