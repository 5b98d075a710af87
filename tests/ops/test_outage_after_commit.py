"""A 503 says "nothing was changed", so it is given only when nothing was: a database error after the write
committed (while the answer is being built) reports the stored write instead."""

import pytest
from django.db import OperationalError

from decisions.api.views import actions as action_views
from decisions.models import Action, ProgressUpdate
from members.models import Party
from tests.factories import api_key_for, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)  # the write must really commit


@pytest.fixture
def focal_client(ix_meeting, client):
    user = user_with_role("Focal point", party=Party.objects.get(code="MX"), username="focal-mx")
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_key_for(user)}"
    return client


def post_report(client, note: str):
    action = Action.objects.filter(responsible__code="MX").first()
    return client.post(
        f"/api/v1/actions/{action.pk}/progress/", {"note": note, "status": ""}, content_type="application/json"
    )


def test_a_database_error_after_the_commit_is_not_a_503(focal_client, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(action_views.api_reads, "update_list", database_gone)  # read back after the commit
    response = post_report(focal_client, "Stored before the outage.")
    assert ProgressUpdate.objects.filter(note="Stored before the outage.").count() == 1
    assert response.status_code == 202
    assert response["Content-Type"].startswith("application/problem+json")
    assert "stored" in response.json()["detail"]


def test_a_database_error_before_the_commit_is_a_503_and_nothing_is_stored(focal_client, monkeypatch):
    from decisions.services import reports

    original = reports.evidence_attach

    def fails_inside_the_transaction(**kwargs):
        original(**kwargs)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(reports, "evidence_attach", fails_inside_the_transaction)
    response = post_report(focal_client, "Never stored.")
    assert response.status_code == 503
    assert not ProgressUpdate.objects.filter(note="Never stored.").exists()


def test_on_the_site_a_stored_report_is_sent_back_to_its_page_not_a_503(ix_meeting, client, monkeypatch):
    from decisions.workflow import views

    user = user_with_role("Focal point", party=Party.objects.get(code="MX"), username="focal-mx-site")
    client.force_login(user)
    action = Action.objects.filter(responsible__code="MX", decision__number="8").get()

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "redirect", database_gone)  # the first step after the commit
    url = f"/my/actions/{action.pk}/report/"
    date = action.decision.meeting.end_date.isoformat()
    form = {"date": date, "note": "Stored from the site.", "status": "", "visibility": "public"}
    response = client.post(url, {**form, "version": action.version, "links": ""})
    assert ProgressUpdate.objects.filter(note="Stored from the site.").count() == 1, response.content[-2000:]
    assert (response.status_code, response["Location"]) == (303, url)
