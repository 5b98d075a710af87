"""Writing: actions (Secretariat), progress (Secretariat and the responsible focal point), through the same
services as the admin; If-Match guards every change; the service's rules come back as problems."""

import datetime

import pytest
from django.utils import timezone

from decisions.models import Action, ProgressUpdate
from decisions.selectors import decision_get_by_reference
from decisions.services.actions import action_record_progress
from tests.mailbox import deliver_mail

pytestmark = pytest.mark.django_db

IX = "ix-panama-city-2004"


@pytest.fixture
def seminar(ix_meeting) -> Action:
    """D6: Mexico holds the "Migration and Health" seminar (Q4 2004), not started."""
    return Action.objects.get(decision=decision_get_by_reference(meeting=ix_meeting, reference="D6"))


def read(client, action: Action):
    response = client.get(f"/api/v1/actions/{action.pk}/")
    assert response.status_code == 200
    return response.json(), response["ETag"]


def test_the_secretariat_creates_an_action(ts, ix_meeting):
    d10 = decision_get_by_reference(meeting=ix_meeting, reference="D10")
    response = ts.post(
        "/api/v1/actions/",
        {
            "decision": d10.pk,
            "responsible": "IOM",
            "title": {"en": "Share the study", "es": "Compartir el estudio"},
            "due_date": "2005-06-30",
            "due_precision": "quarter",
            "visibility": "members",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == body["url"] and response["ETag"]
    assert body["status"] == "not_started" and body["version"] == 1 and body["due_label"] == "Q2 2005"
    assert body["title"] == {"en": "Share the study", "es": "Compartir el estudio"}
    action = Action.objects.get(pk=body["id"])
    assert (action.responsible.code, action.visibility, action.decision_id) == ("IOM", "members", d10.pk)
    assert action.history.count() == 1  # written through the service, like the admin


def test_creating_checks_the_fields_and_the_model_rules(ts, ix_meeting):
    d10 = decision_get_by_reference(meeting=ix_meeting, reference="D10")
    missing = ts.post("/api/v1/actions/", {"decision": d10.pk}, format="json")
    assert missing.status_code == 400
    assert {error["field"] for error in missing.json()["errors"]} == {"responsible", "title"}
    bad_period = ts.post(
        "/api/v1/actions/",
        {
            "decision": d10.pk,
            "responsible": "MX",
            "title": {"en": "x"},
            "due_date": "2005-05-05",
            "due_precision": "quarter",
        },
        format="json",
    )
    assert bad_period.status_code == 400
    assert bad_period.json()["errors"][0]["field"] == "due_date"  # the model's own rule, via full_clean
    status_given = ts.post(
        "/api/v1/actions/",
        {"decision": d10.pk, "responsible": "MX", "title": {"en": "x"}, "status": "completed"},
        format="json",
    )
    assert status_given.status_code == 400  # a status is set only by reporting progress: said, not ignored
    assert [(e["field"], e["code"]) for e in status_given.json()["errors"]] == [("status", "unknown_field")]
    unknown = ts.post(
        "/api/v1/actions/",
        {"decision": 10**30, "responsible": "ZZ", "title": {"en": "x" * 301}},
        format="json",
    )
    assert {error["field"] for error in unknown.json()["errors"]} == {"decision", "responsible", "title.en"}


def test_editing_needs_the_current_etag(ts, seminar):
    _, etag = read(ts, seminar)
    missing = ts.patch(f"/api/v1/actions/{seminar.pk}/", {"due_text": "late 2004"}, format="json")
    assert missing.status_code == 428
    stale = ts.patch(f"/api/v1/actions/{seminar.pk}/", {"due_text": "x"}, format="json", HTTP_IF_MATCH='"not-the-etag"')
    assert stale.status_code == 412
    weak = ts.patch(f"/api/v1/actions/{seminar.pk}/", {"due_text": "x"}, format="json", HTTP_IF_MATCH=f"W/{etag}")
    assert weak.status_code == 412  # If-Match compares strongly
    done = ts.patch(f"/api/v1/actions/{seminar.pk}/", {"due_text": "late 2004"}, format="json", HTTP_IF_MATCH=etag)
    assert done.status_code == 200, done.content
    assert done.json()["due_text"] == "late 2004" and done.json()["version"] == seminar.version + 1
    assert done["ETag"] != etag
    again = ts.patch(f"/api/v1/actions/{seminar.pk}/", {"due_text": "lost update"}, format="json", HTTP_IF_MATCH=etag)
    assert again.status_code == 412  # the second editor, holding the old ETag, loses nothing of the first's
    assert Action.objects.get(pk=seminar.pk).due_text == "late 2004"


def test_a_put_replaces_the_editable_fields(ts, seminar):
    _, etag = read(ts, seminar)
    body = {
        "decision": seminar.decision_id,
        "responsible": "CA",
        "title": {"en": "Hold the seminar", "es": "Realizar el seminario"},
        "description": {"en": "With Canada.", "es": ""},
        "due_date": None,
        "due_precision": "none",
        "due_text": "",
        "visibility": "public",
    }
    response = ts.put(f"/api/v1/actions/{seminar.pk}/", body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["responsible"]["code"] == "CA" and response.json()["due_date"] is None
    moved = dict(body, decision=seminar.decision_id + 1)
    _, etag = read(ts, seminar)
    refused = ts.put(f"/api/v1/actions/{seminar.pk}/", moved, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "decision"


def test_if_match_star_and_lists_of_etags(ts, seminar):
    assert (
        ts.patch(f"/api/v1/actions/{seminar.pk}/", {"due_text": "a"}, format="json", HTTP_IF_MATCH="*").status_code
        == 200
    )
    _, etag = read(ts, seminar)
    both = f'"other", {etag}'
    assert (
        ts.patch(f"/api/v1/actions/{seminar.pk}/", {"due_text": "b"}, format="json", HTTP_IF_MATCH=both).status_code
        == 200
    )


def test_deleting_an_action_without_progress_and_refusing_one_with(ts, seminar, staff):
    _, etag = read(ts, seminar)
    assert ts.delete(f"/api/v1/actions/{seminar.pk}/").status_code == 428
    action_record_progress(action=seminar, by=staff, date=datetime.date(2004, 6, 1), note="planning")
    _, etag = read(ts, seminar)
    conflict = ts.delete(f"/api/v1/actions/{seminar.pk}/", HTTP_IF_MATCH=etag)
    assert conflict.status_code == 409 and conflict.json()["type"].endswith("/problems/conflict/")
    other = Action.objects.exclude(pk=seminar.pk).filter(updates__isnull=True).first()
    _, etag = read(ts, other)
    assert ts.delete(f"/api/v1/actions/{other.pk}/", HTTP_IF_MATCH=etag).status_code == 204
    assert not Action.objects.filter(pk=other.pk).exists()


def test_the_secretariat_records_progress_validated_at_once(ts, ts_user, seminar):
    _, etag = read(ts, seminar)
    response = ts.post(
        f"/api/v1/actions/{seminar.pk}/progress/",
        {
            "date": "2004-10-01",
            "status": "in_progress",
            "note": "Venue booked",
            "links": ["https://example.org/a"],
        },
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["review_state"] == "validated" and body["status"] == "in_progress"
    assert body["status_before"] == "not_started" and body["author_name"] == ts_user.username
    assert response["Location"] == body["url"]
    assert body["evidence"] == [{"kind": "link", "url": "https://example.org/a", "name": "https://example.org/a"}]
    seminar.refresh_from_db()
    assert seminar.status == "in_progress" and seminar.version == 2
    assert seminar.decision.status == "in_progress"  # the decision follows, as with the admin


def test_a_focal_point_reports_on_their_own_partys_action_for_review(focal_mx, seminar):
    _, etag = read(focal_mx, seminar)
    response = focal_mx.post(
        f"/api/v1/actions/{seminar.pk}/progress/",
        {"status": "completed", "note": "Held in Mexico City"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["review_state"] == "submitted" and body["status"] == "completed"
    assert body["date"] == timezone.localdate().isoformat()  # today unless given
    seminar.refresh_from_db()
    assert seminar.status == "not_started"  # waits for the Secretariat's validation
    assert ProgressUpdate.objects.get(pk=body["id"]).author.username == "focal-mx"


def test_progress_honours_if_match_when_given(ts, seminar):
    _, etag = read(ts, seminar)
    stale = ts.post(f"/api/v1/actions/{seminar.pk}/progress/", {"note": "x"}, format="json", HTTP_IF_MATCH='"old"')
    assert stale.status_code == 412
    fresh = ts.post(f"/api/v1/actions/{seminar.pk}/progress/", {"note": "x"}, format="json", HTTP_IF_MATCH=etag)
    assert fresh.status_code == 201


def test_the_services_rules_come_back_as_problems(ts, seminar):
    url = f"/api/v1/actions/{seminar.pk}/progress/"
    empty = ts.post(url, {}, format="json")
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "note"
    future = ts.post(url, {"note": "x", "date": "2999-01-01"}, format="json")
    assert future.status_code == 400 and future.json()["errors"][0]["code"] == "future_date"
    _, etag = read(ts, seminar)
    ts.post(url, {"status": "completed", "date": "2004-12-01"}, format="json", HTTP_IF_MATCH=etag)
    _, etag = read(ts, seminar)
    backwards = ts.post(url, {"status": "not_started"}, format="json", HTTP_IF_MATCH=etag)
    assert backwards.status_code == 409
    assert backwards.json()["errors"][0] == {
        "field": "status",
        "in": "body",
        "code": "invalid_transition",
        "detail": "An action cannot go from “Completed” to “Not started”.",
        "pointer": "#/status",
    }
    for bad in ({"status": "asleep"}, {"links": ["javascript:alert(1)"]}, {"note": "a\x00b"}):
        response = ts.post(url, bad, format="json")
        assert response.status_code == 400, bad
        assert response.json()["errors"][0]["field"].startswith(next(iter(bad))), bad  # "links.0" for a list
    lone_surrogate = ts.post(url, '{"note": "\\ud800"}', content_type="application/json")
    assert lone_surrogate.status_code == 400 and lone_surrogate.json()["errors"][0]["field"] == "note"


def test_malformed_and_unsupported_bodies(ts, seminar):
    url = f"/api/v1/actions/{seminar.pk}/progress/"
    assert ts.post(url, "{not json", content_type="application/json").status_code == 400
    assert ts.post(url, "note=x", content_type="application/x-www-form-urlencoded").status_code == 415
    assert ts.post(url, "[" * 100000, content_type="application/json").status_code == 400
    assert ts.post(url, [1, 2], format="json").status_code == 400


def test_status_is_not_writable_on_edit(ts, seminar):
    _, etag = read(ts, seminar)
    response = ts.patch(
        f"/api/v1/actions/{seminar.pk}/", {"status": "completed", "version": 99}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        ("status", "unknown_field"),
        ("version", "unknown_field"),
    }
    seminar.refresh_from_db()
    assert (seminar.status, seminar.version) == ("not_started", 1)


def test_a_user_creates_and_revokes_their_token(api, ts_user, focal_mx_user):
    from tests.api.conftest import client_for

    anonymous = api.post("/api/v1/auth/token/", {}, format="json")
    assert anonymous.status_code == 401
    wrong = api.post("/api/v1/auth/token/", {"username": "focal-mx", "password": "wrong"}, format="json")
    assert wrong.status_code == 400
    created = api.post(
        "/api/v1/auth/token/", {"username": "focal-mx", "password": "a-long-test-password"}, format="json"
    )
    assert created.status_code == 201, created.content
    key = created.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").json()["username"] == "focal-mx"
    rotated = api.post("/api/v1/auth/token/", {}, format="json")
    assert rotated.status_code == 201 and rotated.json()["token"] != key
    assert api.get("/api/v1/me/").status_code == 401  # the old token no longer works
    api.credentials(HTTP_AUTHORIZATION=f"Token {rotated.json()['token']}")
    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401
    session = client_for(ts_user)
    session.credentials()
    session.force_login(ts_user)
    assert session.post("/api/v1/auth/token/", {}, format="json").status_code == 201


def test_me(ts, focal_mx, delegate, api):
    assert ts.get("/api/v1/me/").json()["can_record_progress_for"] == "*"
    me = focal_mx.get("/api/v1/me/").json()
    assert me == {
        "username": "focal-mx",
        "name": "focal-mx",
        "roles": ["Focal point"],
        "audience": "members",
        "party": "MX",
        "can_record_progress_for": "MX",
    }
    assert delegate.get("/api/v1/me/").json()["can_record_progress_for"] is None
    assert api.get("/api/v1/me/").status_code == 401


def test_a_focal_points_report_reaches_the_secretariat(
    focal_mx, seminar, ts_user, mailoutbox, django_capture_on_commit_callbacks
):
    """The same service as the site's report form: the Secretariat is told there is a report to review."""
    with django_capture_on_commit_callbacks(execute=True):
        response = focal_mx.post(f"/api/v1/actions/{seminar.pk}/progress/", {"note": "Held"}, format="json")
    assert response.status_code == 201
    assert mailoutbox == []  # queued with the report: the answer never waits for the mail server
    deliver_mail()
    assert any(ts_user.email in message.to for message in mailoutbox)


def test_a_returned_report_can_be_sent_again(ts_user, focal_mx, focal_mx_user, seminar):
    from decisions.services.reports import update_return

    first = focal_mx.post(f"/api/v1/actions/{seminar.pk}/progress/", {"note": "Draft"}, format="json").json()
    update_return(update=ProgressUpdate.objects.get(pk=first["id"]), by=ts_user, comment="Add the date")
    again = focal_mx.post(
        f"/api/v1/actions/{seminar.pk}/progress/",
        {"note": "Held on 1 Dec", "resubmission_of": first["id"]},
        format="json",
    )
    assert again.status_code == 201 and again.json()["resubmission_of"] == first["id"]
    twice = focal_mx.post(
        f"/api/v1/actions/{seminar.pk}/progress/", {"note": "x", "resubmission_of": again.json()["id"]}, format="json"
    )
    assert twice.status_code == 400 and twice.json()["errors"][0]["field"] == "resubmission_of"
