"""The rules every API write keeps: If-Match wherever an action changes, one answer per returned report, no
new version for an edit that changes nothing, and a 400 naming any body field an endpoint does not take."""

import json
import re

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from decisions.models import Action, ProgressUpdate, ReportingRound
from decisions.selectors import decision_get_by_reference
from decisions.services.reports import report_submit, update_return
from decisions.services.rounds import round_open, round_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar(ix_meeting) -> Action:
    """D6: Mexico holds the "Migration and Health" seminar (Q4 2004), not started."""
    return Action.objects.get(decision=decision_get_by_reference(meeting=ix_meeting, reference="D6"))


def etag(client, action: Action) -> str:
    response = client.get(f"/api/v1/actions/{action.pk}/")
    assert response.status_code == 200
    return response["ETag"]


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


# --- If-Match on progress ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["ts", "focal_mx"])
def test_a_report_that_names_a_status_needs_if_match(request, who, seminar):
    client, url = request.getfixturevalue(who), f"/api/v1/actions/{seminar.pk}/progress/"
    problem(client.post(url, {"status": "in_progress", "note": "Started"}, format="json"), 428)
    problem(client.post(url, {"status": "in_progress"}, format="json", HTTP_IF_MATCH='"stale"'), 412)
    assert not seminar.updates.exists()
    sent = client.post(url, {"status": "in_progress"}, format="json", HTTP_IF_MATCH=etag(client, seminar))
    assert sent.status_code == 201, sent.content


def test_a_note_alone_needs_no_if_match_and_honours_one(ts, seminar):
    url = f"/api/v1/actions/{seminar.pk}/progress/"
    assert ts.post(url, {"note": "Venue visited"}, format="json").status_code == 201
    problem(ts.post(url, {"note": "Again"}, format="json", HTTP_IF_MATCH='"stale"'), 412)


def test_a_pending_report_changes_the_etag_for_those_who_see_it(ts, focal_mx, delegate, api, seminar):
    readers = {"ts": ts, "focal_mx": focal_mx, "delegate": delegate, "anonymous": api}
    before = {name: etag(client, seminar) for name, client in readers.items()}
    sent = focal_mx.post(
        f"/api/v1/actions/{seminar.pk}/progress/",
        {"status": "completed", "note": "Held"},
        format="json",
        HTTP_IF_MATCH=before["focal_mx"],
    )
    assert sent.status_code == 201
    after = {name: etag(client, seminar) for name, client in readers.items()}
    assert after["ts"] != before["ts"] and after["focal_mx"] != before["focal_mx"]
    assert after["delegate"] == before["delegate"] and after["anonymous"] == before["anonymous"]
    body = focal_mx.get(f"/api/v1/actions/{seminar.pk}/").json()
    assert body["pending_reports"] == 1 and body["latest_pending_report"].endswith(f"/{sent.json()['id']}/")
    assert delegate.get(f"/api/v1/actions/{seminar.pk}/").json()["pending_reports"] == 0
    # A second focal point who read the action before that report is told it changed.
    stale = focal_mx.post(
        f"/api/v1/actions/{seminar.pk}/progress/",
        {"status": "in_progress"},
        format="json",
        HTTP_IF_MATCH=before["focal_mx"],
    )
    problem(stale, 412)


# --- a returned report is answered once ----------------------------------------------------------------------


def test_a_returned_report_is_sent_again_once(ts_user, focal_mx, focal_mx_user, seminar):
    returned = report_submit(action=seminar, by=focal_mx_user, date=timezone.localdate(), note="Draft")
    update_return(update=returned, by=ts_user, comment="Add the date")
    url = f"/api/v1/actions/{seminar.pk}/progress/"
    first = focal_mx.post(url, {"note": "Held on 1 Dec", "resubmission_of": returned.pk}, format="json")
    assert first.status_code == 201
    second = problem(focal_mx.post(url, {"note": "Held", "resubmission_of": returned.pk}, format="json"), 409)
    assert [(e["field"], e["code"]) for e in second["errors"]] == [("resubmission_of", "already_resubmitted")]
    assert ProgressUpdate.objects.filter(resubmission_of=returned).count() == 1


# --- an edit that changes nothing ----------------------------------------------------------------------------


def test_a_patch_that_changes_nothing_writes_nothing(ts, seminar):
    url, tag = f"/api/v1/actions/{seminar.pk}/", etag(ts, seminar)
    history = seminar.history.count()
    same = {"due_text": seminar.due_text, "title": {"en": seminar.title_en, "es": seminar.title_es or ""}}
    same["description"] = {"en": "", "es": ""}  # stored as null: "no text in this language" either way
    response = ts.patch(url, same, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.content
    assert response["ETag"] == tag
    stored = Action.objects.get(pk=seminar.pk)
    assert (stored.version, stored.updated_at) == (seminar.version, seminar.updated_at)
    assert stored.history.count() == history


# --- unknown body fields -------------------------------------------------------------------------------------


def _write_operations() -> list[tuple[str, str]]:
    """Every (method, path) of the API that takes a body, read from the OpenAPI document."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in ("post", "put", "patch") and "requestBody" in operation
    ]


def test_every_write_names_the_body_fields_it_does_not_take(ts, focal_mx, ts_user, focal_mx_user, seminar):
    pending = report_submit(action=seminar, by=focal_mx_user, date=timezone.localdate(), note="Held")
    today = timezone.localdate()
    round = round_save(
        round=ReportingRound(title_en="Report", opens_on=today, closes_on=today),
        meetings=[seminar.decision.meeting],
        parties=[seminar.responsible],
        by=ts_user,
    )
    round = round_open(round=round, by=ts_user)
    ids = {
        "/api/v1/actions/{id}/": seminar.pk,
        "/api/v1/progress-updates/{id}/": pending.pk,
        "/rounds/{round_id}/": round.pk,
        "/answers/{action_id}/": seminar.pk,
    }
    operations = _write_operations()
    assert len(operations) >= 8  # create, replace, change, progress, validate, return, token, packet answer, submit
    for method, template in operations:
        path = template
        for prefix, pk in ids.items():
            path = path.replace(prefix, re.sub(r"\{\w+\}", str(pk), prefix))
        assert "{" not in path, f"give {template} an id in this test"
        body = {"surprise": 1, "due_dte": "2005-01-01"}
        writer = focal_mx if "/rounds/" in path else ts  # a packet is its party's focal points' to answer
        response = writer.generic(method, path, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 400, (method, path, response.content)
        errors = {(e["field"], e["code"]) for e in response.json()["errors"]}
        assert {("surprise", "unknown_field"), ("due_dte", "unknown_field")} <= errors, (method, path, errors)
    assert ProgressUpdate.objects.filter(action=seminar).count() == 1  # nothing was written


def test_unknown_fields_inside_a_nested_object_are_named_too(ts, seminar):
    response = ts.patch(
        f"/api/v1/actions/{seminar.pk}/",
        {"title": {"en": "Seminar", "fr": "Séminaire"}},
        format="json",
        HTTP_IF_MATCH=etag(ts, seminar),
    )
    body = problem(response, 400)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("title.fr", "unknown_field")]
    assert "en, es" in body["errors"][0]["detail"]
