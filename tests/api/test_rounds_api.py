"""`/api/v1/rounds/`: rounds, completeness and a party's packet through the API — who reads what, answers with
their version (a stale one refused with the other person's answer), the packet's submission, read-only keys,
and bad input answered 400 with the field and the reason, never a 500."""

import json

import pytest
from django.utils import timezone

from decisions.models import Action, PacketAnswer, ProgressUpdate, ReportingRound
from decisions.services.rounds import round_save
from members.models import Party
from tests.api.conftest import client_for
from tests.api.test_protocol import assert_problem
from tests.factories import api_key_for, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_round(ts_user, ix_meeting):
    today = timezone.localdate()
    round = ReportingRound(title_en="Not opened", opens_on=today, closes_on=today)
    return round_save(round=round, meetings=[ix_meeting], parties=None, by=ts_user)


@pytest.fixture
def mx_action(mexico):
    return Action.objects.filter(responsible=mexico, decision__number="8").get()


@pytest.fixture
def focal_mx_b(mexico):
    return client_for(user_with_role("Focal point", party=mexico, username="focal-mx-b", first_name="Beatriz"))


def answer_url(round, action) -> str:
    return f"/api/v1/rounds/{round.pk}/packet/answers/{action.pk}/"


def test_who_lists_rounds(api, delegate, focal_mx, focal_cr, ts, mx_round, draft_round, ix_meeting):
    assert_problem(api.get("/api/v1/rounds/"), 401, "not-authenticated")
    assert_problem(delegate.get("/api/v1/rounds/"), 403, "permission-denied")
    assert [r["id"] for r in ts.get("/api/v1/rounds/").json()] == [mx_round.pk, draft_round.pk]
    mine = focal_mx.get("/api/v1/rounds/")
    assert mine.status_code == 200 and mine["ETag"]
    assert [r["id"] for r in mine.json()] == [mx_round.pk]  # never a round not opened
    body = mine.json()[0]
    assert body["title"] == {"en": "Report to the X Meeting", "es": "Informe a la X Reunión"}
    assert body["meetings"] == [ix_meeting.slug] and sorted(body["parties"]) == ["CR", "MX"]
    assert body["is_open"] is True and body["packet_url"].endswith(f"/rounds/{mx_round.pk}/packet/")
    guatemala = client_for(user_with_role("Focal point", party=Party.objects.get(code="GT"), username="focal-gt"))
    assert guatemala.get("/api/v1/rounds/").json() == []
    assert focal_mx.get("/api/v1/rounds/", HTTP_IF_NONE_MATCH=mine["ETag"]).status_code == 304


def test_the_round_s_completeness_is_the_secretariat_s(ts, focal_mx, focal_cr, delegate, mx_round, draft_round):
    url = f"/api/v1/rounds/{mx_round.pk}/"
    body = ts.get(url).json()
    completeness = body["completeness"]
    assert {tally["party"]: tally["state"] for tally in completeness["parties"]} == {"MX": "silent", "CR": "silent"}
    assert completeness["silent"] == 2 and completeness["answered"] == completeness["partly"] == 0
    assert completeness["meetings"][0]["parties_silent"] == 2 and completeness["meetings"][0]["asked"] > 0
    assert focal_mx.get(url).json()["completeness"] is None
    assert_problem(delegate.get(url), 403, "permission-denied")
    assert_problem(focal_mx.get(f"/api/v1/rounds/{draft_round.pk}/"), 404, "not-found")  # not opened
    assert ts.get(f"/api/v1/rounds/{draft_round.pk}/").status_code == 200
    assert_problem(ts.get("/api/v1/rounds/999999999999999999/"), 404, "not-found")


def test_the_packet_is_the_party_s_focal_points(ts, focal_mx, delegate, mx_round, mx_action):
    url = f"/api/v1/rounds/{mx_round.pk}/packet/"
    body = focal_mx.get(url).json()
    assert body["party"] == "MX" and body["round"] == mx_round.pk
    row = next(row for row in body["rows"] if row["action"] == mx_action.pk)
    assert row["status"] == mx_action.status and row["answer"] is None and row["decision"] == "D8"
    assert row["answer_url"].endswith(answer_url(mx_round, mx_action))
    assert {row["meeting"] for row in body["rows"]} == {"ix-panama-city-2004"}
    assert_problem(ts.get(url), 403, "permission-denied")  # the Secretariat answers no packet
    assert_problem(delegate.get(url), 403, "permission-denied")


def test_a_packet_not_asked_of_the_party_is_a_404(mx_round, ix_meeting):
    guatemala = client_for(user_with_role("Focal point", party=Party.objects.get(code="GT"), username="focal-gt"))
    assert_problem(guatemala.get(f"/api/v1/rounds/{mx_round.pk}/packet/"), 404, "not-found")


def test_an_answer_is_saved_with_its_version_and_a_stale_one_gets_the_other_answer(
    focal_mx, focal_mx_b, mx_round, mx_action
):
    url = answer_url(mx_round, mx_action)
    first = focal_mx.put(url, {"kind": "note", "note": "Bill sent to Congress", "version": 0}, format="json")
    assert first.status_code == 200 and first["ETag"]
    assert first.json()["state"] == "draft" and first.json()["version"] == 1
    # Beatriz read the packet before that answer existed: refused, with Luis's answer to show.
    stale = focal_mx_b.put(url, {"kind": "no_change", "version": 0}, format="json")
    body = assert_problem(stale, 409, "conflict")
    assert body["current"]["note"] == "Bill sent to Congress" and body["current"]["version"] == 1
    assert body["errors"][0]["field"] == "version" and body["errors"][0]["code"] == "stale"
    assert PacketAnswer.objects.get(round=mx_round, action=mx_action).kind == "note"
    # With the version she was shown, she replaces it knowingly.
    replaced = focal_mx_b.put(url, {"kind": "no_change", "version": 1}, format="json")
    assert replaced.status_code == 200 and replaced.json()["kind"] == "no_change"
    assert replaced.json()["version"] == 2
    # The packet shows the answer with its version.
    packet = focal_mx.get(f"/api/v1/rounds/{mx_round.pk}/packet/").json()
    row = next(row for row in packet["rows"] if row["action"] == mx_action.pk)
    assert row["answer"]["version"] == 2 and row["answer"]["kind"] == "no_change"


def test_patch_keeps_what_it_does_not_send(focal_mx, mx_round, mx_action):
    url = answer_url(mx_round, mx_action)
    focal_mx.put(url, {"kind": "note", "note": "Seminar held", "version": 0}, format="json")
    patched = focal_mx.patch(url, {"evidence_url": "https://example.org/report", "version": 1}, format="json")
    assert patched.status_code == 200
    assert patched.json()["note"] == "Seminar held" and patched.json()["evidence_url"] == "https://example.org/report"
    missing_version = focal_mx.patch(url, {"note": "x"}, format="json")
    assert assert_problem(missing_version, 400, "invalid-request")["errors"][0]["field"] == "version"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"note": "x", "version": 0}, "kind"),
        ({"kind": "sideways", "version": 0}, "kind"),
        ({"kind": "new_status", "version": 0}, "status"),
        ({"kind": "new_status", "status": "flying", "version": 0}, "status"),
        ({"kind": "note", "note": "  ", "version": 0}, "note"),
        ({"kind": "note", "note": "x", "version": -1}, "version"),
        ({"kind": "note", "note": "x", "version": "one"}, "version"),
        ({"kind": "note", "note": "x"}, "version"),
        ({"kind": "note", "note": "x", "version": 0, "evidence_url": "not a link"}, "evidence_url"),
        ({"kind": "note", "note": "x", "version": 0, "author": "me"}, "author"),
        ({"kind": "note", "note": "\ud800", "version": 0}, "note"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(focal_mx, mx_round, mx_action, body, field):
    # Sent as JSON text: a lone surrogate travels escaped, as a client would send it.
    response = focal_mx.put(answer_url(mx_round, mx_action), json.dumps(body), content_type="application/json")
    problem = assert_problem(response, 400, "invalid-request")
    assert field in {error["field"] for error in problem["errors"]} and all(e["detail"] for e in problem["errors"])
    assert not PacketAnswer.objects.exists()


def test_the_service_s_refusals(focal_mx, focal_cr, mx_round, mx_action, ts_user):
    url = answer_url(mx_round, mx_action)
    # The status it already has is no new status: the field is at fault.
    mx_action.refresh_from_db()
    same = {"kind": "new_status", "status": mx_action.status, "version": 0}
    assert (
        assert_problem(focal_mx.put(url, same, format="json"), 400, "invalid-request")["errors"][0]["field"] == "status"
    )
    # A move the action's status does not allow: the same 409 as a progress report's.
    Action.objects.filter(pk=mx_action.pk).update(status="in_progress")
    backwards = {"kind": "new_status", "status": "not_started", "version": 0}
    refused = assert_problem(focal_mx.put(url, backwards, format="json"), 409, "conflict")
    assert refused["errors"][0]["field"] == "status" and refused["errors"][0]["code"] == "invalid_transition"
    # Another party's action is not in your packet.
    assert_problem(focal_cr.put(url, {"kind": "no_change", "version": 0}, format="json"), 404, "not-found")
    # An action outside the round (another meeting's, or none) is not in it either.
    assert_problem(
        focal_mx.put(f"/api/v1/rounds/{mx_round.pk}/packet/answers/999999/", {}, format="json"), 404, "not-found"
    )
    # A round frozen: no answer is taken any more.
    ReportingRound.objects.filter(pk=mx_round.pk).update(frozen_at=timezone.now())
    assert_problem(focal_mx.put(url, {"kind": "no_change", "version": 0}, format="json"), 409, "conflict")


def test_submitting_the_packet_makes_submitted_reports_and_answers_become_final(focal_mx, mx_round, mx_action):
    submit = f"/api/v1/rounds/{mx_round.pk}/packet/submit/"
    assert_problem(focal_mx.post(submit), 409, "conflict")  # nothing to submit
    url = answer_url(mx_round, mx_action)
    focal_mx.put(url, {"kind": "no_change", "version": 0}, format="json")
    assert_problem(focal_mx.post(submit, {"x": 1}, format="json"), 400, "invalid-request")
    submitted = focal_mx.post(submit)
    assert submitted.status_code == 200
    row = next(row for row in submitted.json()["rows"] if row["action"] == mx_action.pk)
    assert row["answer"]["state"] == "submitted" and row["answer"]["progress_update"]
    update = ProgressUpdate.objects.get(packet_answer__action=mx_action)
    assert update.review_state == ProgressUpdate.Review.SUBMITTED
    assert update.note == "No change since the last report."
    final = focal_mx.put(url, {"kind": "note", "note": "more", "version": 2}, format="json")
    assert_problem(final, 409, "conflict")
    assert_problem(focal_mx.post(submit), 409, "conflict")


def test_a_read_only_key_is_refused_every_write(focal_mx_user, mx_round, mx_action):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(focal_mx_user, name='ro', scope='read')}")
    assert client.get(f"/api/v1/rounds/{mx_round.pk}/packet/").status_code == 200
    put = client.put(answer_url(mx_round, mx_action), {"kind": "no_change", "version": 0}, format="json")
    assert_problem(put, 403, "permission-denied")
    assert_problem(client.post(f"/api/v1/rounds/{mx_round.pk}/packet/submit/"), 403, "permission-denied")
    assert not PacketAnswer.objects.exists()


def test_methods_an_endpoint_never_takes_are_405(focal_mx, api, mx_round, mx_action):
    assert_problem(api.get(answer_url(mx_round, mx_action)), 405, "method-not-allowed")
    assert_problem(focal_mx.get(f"/api/v1/rounds/{mx_round.pk}/packet/submit/"), 405, "method-not-allowed")
    assert_problem(focal_mx.post(f"/api/v1/rounds/{mx_round.pk}/packet/"), 405, "method-not-allowed")


def test_anonymous_writes_are_401(api, mx_round, mx_action):
    assert_problem(api.put(answer_url(mx_round, mx_action), {}, format="json"), 401, "not-authenticated")
    assert_problem(api.post(f"/api/v1/rounds/{mx_round.pk}/packet/submit/"), 401, "not-authenticated")


def test_the_schema_documents_the_round_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    answer = paths["/api/v1/rounds/{round_id}/packet/answers/{action_id}/"]
    assert set(answer) >= {"put", "patch"} and "409" in answer["put"]["responses"]
    assert answer["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "PacketAnswerInputRequest"
    )
    assert "409" in paths["/api/v1/rounds/{round_id}/packet/submit/"]["post"]["responses"]
    for path in ("/api/v1/rounds/", "/api/v1/rounds/{round_id}/", "/api/v1/rounds/{round_id}/packet/"):
        assert "200" in paths[path]["get"]["responses"], path


def test_the_round_endpoints_run_the_same_queries_on_ten_times_the_data(ts, focal_mx, mx_round, mx_action, ts_user):
    """The IX Meeting, then nine copies of it, all covered by the round: every read costs the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decisions.models import Meeting
    from decisions.services.actions import action_record_progress
    from tests.scale import scale_up

    # A validated update to show, so the packet reads its rows' last updates on both sizes (one bulk read).
    action_record_progress(action=mx_action, by=ts_user, date=mx_action.decision.meeting.end_date, note="Seminar")
    focal_mx.put(answer_url(mx_round, mx_action), {"kind": "no_change", "version": 0}, format="json")
    reads = [
        (ts, "/api/v1/rounds/"),
        (ts, f"/api/v1/rounds/{mx_round.pk}/"),
        (focal_mx, "/api/v1/rounds/"),
        (focal_mx, f"/api/v1/rounds/{mx_round.pk}/packet/"),
    ]

    def counts() -> list[int]:
        measured = []
        for client, url in reads:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            measured.append(len(queries))
        return measured

    counts()  # a key's first use of the minute records it (`last_used`): not what is measured here
    small = counts()
    row = next(
        r for r in focal_mx.get(f"/api/v1/rounds/{mx_round.pk}/packet/").json()["rows"] if r["action"] == mx_action.pk
    )
    assert row["last_update"]["note"] == "Seminar", row
    scale_up(Meeting.objects.get(slug="ix-panama-city-2004"), copies=9)
    round_save(round=mx_round, meetings=list(Meeting.objects.all()), by=ts_user)
    assert counts() == small
    assert max(small) <= 12
