"""The Secretariat reviews focal points' reports through the API: validate publishes, return sends back."""

import pytest

from decisions.models import Action, ProgressUpdate
from decisions.services.reports import report_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(mexico, focal_mx_user):
    action = Action.objects.get(responsible=mexico, decision__number="8")
    return report_submit(action=action, by=focal_mx_user, date=action.decision.meeting.end_date, note="Law passed.",
                         status="completed")  # fmt: skip


def url(update, verb):
    return f"/api/v1/progress-updates/{update.pk}/{verb}/"


def test_the_secretariat_validates_a_report(ts, pending):
    response = ts.post(url(pending, "validate"), {"comment": "Checked the gazette."}, format="json")
    assert response.status_code == 200
    assert response.json()["review_state"] == "validated"
    pending.action.refresh_from_db()
    assert pending.action.status == "completed"


def test_a_return_needs_a_comment_and_publishes_nothing(ts, pending):
    response = ts.post(url(pending, "return"), {}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    response = ts.post(url(pending, "return"), {"comment": "Which law?"}, format="json")
    assert response.status_code == 200 and response.json()["review_state"] == "returned"
    pending.action.refresh_from_db()
    assert pending.action.status == "not_started"


def test_a_report_is_reviewed_once(ts, pending):
    assert ts.post(url(pending, "validate"), {}, format="json").status_code == 200
    again = ts.post(url(pending, "validate"), {}, format="json")
    assert again.status_code == 409


@pytest.mark.parametrize(("who", "status"), [("api", 401), ("focal_mx", 403), ("focal_cr", 403), ("delegate", 403)])
def test_only_the_secretariat_reviews(request, pending, who, status):
    client = request.getfixturevalue(who)
    response = client.post(url(pending, "validate"), {}, format="json")
    assert response.status_code == status
    # Refused before the report is looked up, so the answer says nothing about which reports exist.
    missing = f"/api/v1/progress-updates/{pending.pk + 10_000}/validate/"
    assert client.post(missing, {}, format="json").status_code == status
    assert ProgressUpdate.objects.get(pk=pending.pk).review_state == "submitted"


def test_if_match_guards_the_review(ts, pending):
    response = ts.post(url(pending, "validate"), {}, format="json", HTTP_IF_MATCH='"stale-etag"')
    assert response.status_code == 412
    assert ProgressUpdate.objects.get(pk=pending.pk).review_state == "submitted"
