"""ETags on every GET, 304 on a matching If-None-Match, and ETags that change exactly when they must."""

import pytest

from decisions.models import Action, Theme
from decisions.services.actions import action_record_progress

pytestmark = pytest.mark.django_db

IX = "ix-panama-city-2004"
GETS = (
    "/api/v1/",
    "/api/v1/meetings/",
    f"/api/v1/meetings/{IX}/",
    "/api/v1/decisions/",
    f"/api/v1/meetings/{IX}/decisions/",
    f"/api/v1/meetings/{IX}/decisions/D15/",
    "/api/v1/actions/",
    "/api/v1/progress-updates/",
    "/api/v1/parties/",
    "/api/v1/parties/MX/",
    "/api/v1/themes/",
    "/api/v1/documents/",
    "/api/v1/stats/",
    "/api/v1/problems/",
    "/api/v1/me/",
)


def test_every_get_has_an_etag_and_answers_304(ts, ix_meeting):
    for url in GETS:
        first = ts.get(url)
        assert first.status_code == 200, url
        etag = first["ETag"]
        assert etag.startswith(('"', 'W/"')), url
        again = ts.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b"", url
        assert again["ETag"] == etag, url
        assert ts.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200, url
        assert ts.get(url, HTTP_IF_NONE_MATCH=f'"a", {etag}').status_code == 304, url
        assert ts.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304, url


def test_a_write_changes_the_etags_of_what_it_touches(api, ix_meeting, staff):
    action = Action.objects.filter(responsible__code="MX").first()
    urls = ("/api/v1/decisions/", f"/api/v1/decisions/{action.decision_id}/", f"/api/v1/actions/{action.pk}/",
            "/api/v1/stats/", "/api/v1/actions/")  # fmt: skip
    before = {url: api.get(url)["ETag"] for url in urls}
    action_record_progress(action=action, by=staff, date=ix_meeting.end_date, status="in_progress", note="go")
    for url in urls:
        assert api.get(url, HTTP_IF_NONE_MATCH=before[url]).status_code == 200, url


def test_list_etags_see_changes_without_a_timestamp(api, ix_meeting):
    """A theme renamed, or removed from a decision, changes no `updated_at`: the list ETag still moves."""
    etag = api.get("/api/v1/themes/")["ETag"]
    theme = Theme.objects.first()
    theme.name_en = "Renamed"
    theme.save()
    assert api.get("/api/v1/themes/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    etag = api.get("/api/v1/decisions/")["ETag"]
    decision = theme.decisions.first()
    decision.themes.remove(theme)
    assert api.get("/api/v1/decisions/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_etags_differ_by_reader_format_query_and_language(api, ts, ix_meeting):
    url = "/api/v1/decisions/"
    tags = {
        api.get(url)["ETag"],
        ts.get(url)["ETag"],
        api.get(url, {"format": "csv"})["ETag"],
        api.get(url, {"kind": "mandate"})["ETag"],
        api.get(url, HTTP_ACCEPT_LANGUAGE="es")["ETag"],
    }
    assert len(tags) == 5
    detail = f"/api/v1/actions/{Action.objects.first().pk}/"
    assert api.get(detail)["ETag"] != api.get(detail, {"format": "csv"})["ETag"]


def test_lists_have_weak_etags_and_resources_strong_ones(api, ix_meeting):
    assert api.get("/api/v1/actions/")["ETag"].startswith('W/"')
    assert api.get(f"/api/v1/actions/{Action.objects.first().pk}/")["ETag"].startswith('"')


def test_last_modified_where_the_row_is_the_resource(api, ix_meeting):
    action = Action.objects.first()
    response = api.get(f"/api/v1/actions/{action.pk}/")
    assert response["Last-Modified"]
    assert api.get(f"/api/v1/actions/{action.pk}/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    assert (
        api.get(f"/api/v1/actions/{action.pk}/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code
        == 200
    )


def test_responses_vary_on_what_changes_them(api, ix_meeting):
    response = api.get("/api/v1/decisions/")
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"accept", "accept-language", "authorization", "cookie"} <= vary
    assert response["Cache-Control"] == "no-cache"


def test_a_refused_list_request_is_refused_whatever_it_claims_to_hold(api, ix_meeting, commit_writes):
    """A 304 or a stored page answers only a request that once passed validation: `If-None-Match: *` or a
    tag never sent do not turn a bad filter into a 304, and a refusal is never stored."""
    commit_writes()
    bad = "/api/v1/decisions/?status=not-a-status"
    for header in (None, "*", '"made-up"', 'W/"made-up"'):
        headers = {"HTTP_IF_NONE_MATCH": header} if header else {}
        response = api.get(bad, **headers)
        assert response.status_code == 400, header
        assert [error["field"] for error in response.json()["errors"]] == ["status"], header
    good = api.get("/api/v1/decisions/")
    assert api.get("/api/v1/decisions/", HTTP_IF_NONE_MATCH="*").status_code == 304
    assert api.get("/api/v1/decisions/", HTTP_IF_NONE_MATCH=good["ETag"]).status_code == 304


def test_a_stored_list_page_keeps_per_reader_headers(api, ix_meeting, commit_writes):
    """The page's bytes are shared by readers of one audience; whether the reader is signed in is not, so the
    Cache-Control a signed-in reader gets is never the one stored by an anonymous read (and the other way)."""
    from django.contrib.auth import get_user_model

    commit_writes()
    anonymous = api.get("/api/v1/themes/")
    assert anonymous["Cache-Control"] == "no-cache"
    signed_in = api.__class__()
    signed_in.force_authenticate(get_user_model().objects.create_user("reader", password="x" * 16))
    commit_writes()  # the new account is a committed write: both reads below are of one version
    anonymous = api.get("/api/v1/themes/")
    again = signed_in.get("/api/v1/themes/")
    assert again.content == anonymous.content
    assert again["Cache-Control"] == "private, no-cache"
    assert api.get("/api/v1/themes/")["Cache-Control"] == "no-cache"
