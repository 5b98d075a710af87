"""The HTTP contract: one problem shape for every error, throttling, CORS, the schema and its docs page."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache

from decisions.models import Action

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS and body["status"] == status
    assert body["type"].endswith(f"/api/v1/problems/{slug}/")
    return body


def test_every_error_is_a_problem(api, ts, focal_cr, ix_meeting):
    action = Action.objects.filter(responsible__code="MX").first()
    url = f"/api/v1/actions/{action.pk}/"
    assert_problem(api.get("/api/v1/decisions/?x=1"), 400, "invalid-parameter")
    assert_problem(ts.post(f"{url}progress/", {}, format="json"), 400, "invalid-request")
    body = assert_problem(api.post(f"{url}progress/", {"note": "x"}, format="json"), 401, "not-authenticated")
    assert body["instance"] == f"{url}progress/"
    assert api.post(f"{url}progress/", {}, format="json")["WWW-Authenticate"] == "Token"
    assert_problem(focal_cr.post(f"{url}progress/", {"note": "x"}, format="json"), 403, "permission-denied")
    assert_problem(api.get("/api/v1/actions/999999/"), 404, "not-found")
    assert_problem(api.get("/api/v1/no-such-thing/"), 404, "not-found")
    assert_problem(api.post("/api/v1/no-such-thing/"), 404, "not-found")
    assert_problem(api.get("/api/v1/actions/abc/"), 404, "not-found")
    not_allowed = assert_problem(ts.put("/api/v1/decisions/1/", {}, format="json"), 405, "method-not-allowed")
    assert not_allowed["detail"]
    assert "GET" in ts.put("/api/v1/decisions/1/", {}, format="json")["Allow"]
    assert_problem(api.get("/api/v1/decisions/", HTTP_ACCEPT="application/xml"), 406, "not-acceptable")
    assert_problem(ts.post(f"{url}progress/", {"status": "completed"}, format="json"), 428, "precondition-required")
    etag = ts.get(url)["ETag"]
    ts.post(f"{url}progress/", {"status": "completed", "date": "2005-01-01"}, format="json", HTTP_IF_MATCH=etag)
    etag = ts.get(url)["ETag"]
    assert_problem(
        ts.post(f"{url}progress/", {"status": "not_started"}, format="json", HTTP_IF_MATCH=etag), 409, "conflict"
    )
    assert_problem(ts.patch(url, {}, format="json", HTTP_IF_MATCH='"old"'), 412, "precondition-failed")
    assert_problem(ts.post(f"{url}progress/", "x", content_type="text/plain"), 415, "unsupported-media-type")
    assert_problem(ts.patch(url, {}, format="json"), 428, "precondition-required")


def test_bad_input_is_never_a_server_error(api, ts, ix_meeting):
    odd = ["", "-1", "99999999999999999999999", "NaN", "%00", "%FF", "'; DROP TABLE x; --", "é" * 300, "2004-02-30",
           "../.."]  # fmt: skip
    params = ["meeting", "status", "kind", "party", "theme", "overdue", "due_before", "updated_since", "q", "page",
              "page_size", "ordering", "format", "level", "decision", "action", "year", "role", "section"]  # fmt: skip
    for path in ("decisions", "actions", "progress-updates", "meetings", "parties", "documents", "stats"):
        for name in params:
            for value in odd:
                response = api.get(f"/api/v1/{path}/?{name}={value}")
                assert response.status_code < 500, (path, name, value)
    for value in odd:
        for path in (f"actions/{value}/", f"meetings/{value}/", f"meetings/ix-panama-city-2004/decisions/{value}/"):
            assert ts.get(f"/api/v1/{path}").status_code < 500, path
    bodies = [
        '{"decision": 1e400}',
        '{"title": {"en": null}}',
        '{"due_date": "0000-00-00"}',
        "null",
        '"x"',
        '{"decision": true, "responsible": ["MX"]}',
        '{"decision": "1", "responsible": "MX", "title": "x"}',
    ]
    for body in bodies:
        assert ts.post("/api/v1/actions/", body, content_type="application/json").status_code == 400, body


def test_throttling_answers_429_with_retry_after(settings, api, ts, ix_meeting):
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "user": "5/minute", "token": "2/minute"}
    cache.clear()
    for _ in range(3):
        assert api.get("/api/v1/themes/").status_code == 200
    limited = api.get("/api/v1/themes/")
    body = assert_problem(limited, 429, "too-many-requests")
    assert 1 <= int(limited["Retry-After"]) <= 60 and body["retry_after"] == int(limited["Retry-After"])
    for _ in range(5):
        assert ts.get("/api/v1/themes/").status_code == 200  # signed-in clients have their own, larger, budget
    assert ts.get("/api/v1/themes/").status_code == 429
    cache.clear()
    for _ in range(2):
        api.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json")
    assert api.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json").status_code == 429


def test_cors_allows_reading_from_anywhere_and_no_writing(api, ix_meeting):
    read = api.get("/api/v1/decisions/", HTTP_ORIGIN="https://observatory.example")
    assert read["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in read["Access-Control-Expose-Headers"]
    preflight = api.options(
        "/api/v1/actions/1/progress/",
        HTTP_ORIGIN="https://observatory.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    get_preflight = api.options(
        "/api/v1/decisions/",
        HTTP_ORIGIN="https://observatory.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert "GET" in get_preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in api.get("/", HTTP_ORIGIN="https://observatory.example")


def test_the_schema_is_valid_and_documents_the_errors(api, db):
    from drf_spectacular.validation import validate_schema

    response = api.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    document = response.json()
    validate_schema(document)  # against the OpenAPI 3 JSON schema
    assert document["openapi"].startswith("3.")
    assert "Problem" in document["components"]["schemas"]
    put = document["paths"]["/api/v1/actions/{id}/"]["patch"]
    assert {"200", "400", "401", "403", "404", "409", "412", "415", "428", "429"} <= set(put["responses"])
    assert any(p["name"] == "If-Match" and p["required"] for p in put["parameters"])
    listing = document["paths"]["/api/v1/decisions/"]["get"]
    assert {"200", "304", "400", "404", "429"} <= set(listing["responses"])
    assert "ETag" in listing["responses"]["200"]["headers"]
    assert {p["name"] for p in listing["parameters"]} >= {"meeting", "status", "overdue", "updated_since", "q",
                                                          "ordering", "page", "page_size", "format"}  # fmt: skip
    problem = listing["responses"]["400"]["content"]["application/problem+json"]["schema"]
    assert problem == {"$ref": "#/components/schemas/Problem"}


def test_the_docs_page_uses_local_assets_only(api, db):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    urls += re.findall(r"""["'](https?://[^"']+)["']""", html)
    assert urls
    for url in urls:
        assert not url.startswith(("http://", "https://", "//")), url
    static = [url for url in urls if url.startswith("/static/")]
    assert any("swagger-ui" in url for url in static)
    for url in static:
        assert finders.find(url.removeprefix("/static/").split("?")[0]), url
    assert not re.search(r"<script>\s*\S", html)  # no inline script: the site's CSP forbids it
    script = api.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_the_browsable_api_renders_for_people(api, ts, ix_meeting):
    action = Action.objects.first()
    for client in (api, ts):
        for url in (
            "/api/v1/",
            "/api/v1/decisions/",
            "/api/v1/actions/",
            f"/api/v1/actions/{action.pk}/",
            "/api/v1/stats/",
        ):
            response = client.get(url, HTTP_ACCEPT="text/html")
            assert response.status_code == 200, url
            assert response["Content-Type"].startswith("text/html")


def test_the_secretariat_manages_tokens_in_the_admin(staff_client, ts_user):
    from tests.factories import api_key_for

    secret = api_key_for(ts_user, name="sync")
    listed = staff_client.get("/admin/members/apikey/")
    assert listed.status_code == 200 and ts_user.username in listed.content.decode()
    assert secret not in listed.content.decode()  # whose, named how and since when, never the key
    assert staff_client.get("/admin/authtoken/tokenproxy/").status_code == 404  # DRF's admin, which shows keys
