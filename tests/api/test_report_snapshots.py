"""Implementation reports in the API: a meeting's report live and `?as_known_at=` a frozen round (the same bytes
after later reports change the record, even its past), a round's report, freezing through the API (409 once
frozen), who reads what, and bad values answered 400/404, never 500."""

import datetime

import pytest
from django.utils import timezone

from decisions.models import Action, Decision
from decisions.models.actions import Visibility
from decisions.rules.status import ActionStatus
from decisions.services.actions import action_record_progress
from decisions.services.decisions import decision_save
from decisions.services.snapshots import round_freeze

pytestmark = pytest.mark.django_db


def report_url(meeting, round=None):
    url = f"/api/v1/meetings/{meeting.slug}/report/"
    return f"{url}?as_known_at={round.pk}" if round is not None else url


def test_the_meeting_report_lists_items_actions_and_summary(api, ix_meeting):
    response = api.get(report_url(ix_meeting))
    assert response.status_code == 200
    data = response.json()
    assert data["frozen"] is False and data["known_on"] is None
    [meeting] = data["meetings"]
    assert meeting["slug"] == ix_meeting.slug and meeting["total"] == len(meeting["items"])
    assert sum(row["count"] for row in meeting["summary"]) == meeting["total"]
    action = next(a for item in meeting["items"] for a in item["actions"])
    assert set(action["title"]) == {"en", "es"} and action["visibility"] == "public"


def test_freezing_through_the_api_then_409(ts, mx_round, focal_mx, api):
    url = f"/api/v1/rounds/{mx_round.pk}/freeze/"
    assert api.post(url).status_code == 401
    assert focal_mx.post(url).status_code == 403
    response = ts.post(url)
    assert response.status_code == 200, response.content
    assert response.json()["frozen"] is True
    again = ts.post(url)
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/problem+json")


def test_a_frozen_report_is_the_same_bytes_after_later_reports(ts, ts_user, mx_round, ix_meeting, api, focal_mx):
    round_freeze(round=mx_round, by=ts_user)
    clients = {"public": api, "secretariat": ts, "focal point": focal_mx}
    urls = [report_url(ix_meeting, mx_round), f"/api/v1/rounds/{mx_round.pk}/report/"]
    before = {(name, url): client.get(url).content for name, client in clients.items() for url in urls}
    live_before = api.get(report_url(ix_meeting)).json()
    mx = Action.objects.filter(responsible__code="MX").order_by("decision__position", "pk")
    action_record_progress(
        action=mx[0], by=ts_user, date=timezone.localdate(), status=ActionStatus.IN_PROGRESS, note="Later"
    )
    action_record_progress(
        action=mx[1], by=ts_user, date=datetime.date(2005, 1, 1), status=ActionStatus.COMPLETED, note="Backdated"
    )
    decision = Decision.objects.filter(meeting=ix_meeting, parent__isnull=True).order_by("position").first()
    decision.text_en = "Edited after the freeze."
    decision_save(decision=decision, expected_version=decision.revision, by=ts_user)
    for (name, url), body in before.items():
        assert clients[name].get(url).content == body, (name, url)
    live_after = api.get(report_url(ix_meeting)).json()
    assert live_after != live_before
    assert "Edited after the freeze." in str(live_after)


def test_a_frozen_report_is_filtered_by_the_readers_scope(ts_user, mx_round, ix_meeting, api, delegate, ts):
    secret = Action.objects.filter(responsible__code="MX").order_by("pk").first()
    Action.objects.filter(pk=secret.pk).update(visibility=Visibility.SECRETARIAT)
    round_freeze(round=mx_round, by=ts_user)

    def action_ids(client):
        data = client.get(report_url(ix_meeting, mx_round)).json()
        return {a["id"] for m in data["meetings"] for item in m["items"] for a in item["actions"]}

    assert secret.pk not in action_ids(api) and secret.pk not in action_ids(delegate)
    assert secret.pk in action_ids(ts)
    round_report = f"/api/v1/rounds/{mx_round.pk}/report/"
    assert api.get(round_report).json()["completeness_by_party"] == []
    assert {row["party"] for row in ts.get(round_report).json()["completeness_by_party"]} == {"MX", "CR"}


def test_a_round_not_frozen_is_the_secretariats_alone(ts, mx_round, api, focal_mx):
    url = f"/api/v1/rounds/{mx_round.pk}/report/"
    assert api.get(url).status_code == 404
    assert focal_mx.get(url).status_code == 404
    response = ts.get(url)
    assert response.status_code == 200 and response.json()["frozen"] is False


@pytest.mark.parametrize("value", ["x", "-1", "1.5", "9" * 30])
def test_bad_as_known_at_is_a_400(api, ix_meeting, value):
    assert api.get(report_url(ix_meeting) + f"?as_known_at={value}").status_code == 400


def test_unknown_or_unfrozen_rounds(api, ts, ix_meeting, mx_round):
    assert api.get(report_url(ix_meeting) + "?as_known_at=99999").status_code == 404
    assert api.get(report_url(ix_meeting, mx_round)).status_code == 404  # not frozen: no round to the public
    response = ts.get(report_url(ix_meeting, mx_round))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "as_known_at"
    assert api.get("/api/v1/rounds/99999/report/").status_code == 404
    assert api.get("/api/v1/meetings/no-such-meeting/report/").status_code == 404
