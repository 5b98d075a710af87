"""Who may read and write what: a role × endpoint matrix, drafts and internal items, inactive accounts."""

import pytest
from rest_framework.test import APIClient

from decisions.models import Action, Meeting
from decisions.selectors import decision_get_by_reference
from decisions.services.actions import action_record_progress, action_update
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "delegate", "focal_mx", "focal_cr", "ts", "inactive")


@pytest.fixture
def clients(api, delegate, focal_mx, focal_cr, ts, inactive_user):
    return {
        "anonymous": api,
        "delegate": delegate,
        "focal_mx": focal_mx,
        "focal_cr": focal_cr,
        "ts": ts,
        "inactive": client_for(inactive_user),
    }


@pytest.fixture
def world(ix_meeting, staff):
    """Three of Mexico's D8 actions: public, for member states, for the Secretariat only; and a second
    meeting that is still a draft."""
    d8 = decision_get_by_reference(meeting=ix_meeting, reference="D8")
    mexico_d8 = Action.objects.get(decision=d8, responsible__code="MX")
    members = action_update(
        action=Action.objects.get(decision=d8, responsible__code="GT"), expected_version=1, visibility="members"
    )
    secret = action_update(
        action=Action.objects.get(decision=d8, responsible__code="HN"), expected_version=1, visibility="secretariat"
    )
    mexico_secret = action_update(
        action=Action.objects.get(decision__meeting=ix_meeting, responsible__code="MX", decision__number="10"),
        expected_version=1,
        visibility="secretariat",
    )
    draft = Meeting.objects.create(kind="extraordinary", slug="draft-2005", title_en="Draft", is_published=False)
    return {"public": mexico_d8, "members": members, "secret": secret, "mexico_secret": mexico_secret, "draft": draft}


# (role → expected status) for each read.
READS = {
    "public action": ("public", {"anonymous": 200, "delegate": 200, "focal_mx": 200, "focal_cr": 200, "ts": 200}),
    "member-state action": (
        "members",
        {"anonymous": 404, "delegate": 200, "focal_mx": 200, "focal_cr": 200, "ts": 200},
    ),
    "Secretariat action": ("secret", {"anonymous": 404, "delegate": 404, "focal_mx": 404, "focal_cr": 404, "ts": 200}),
}


@pytest.mark.parametrize("role", ROLES)
def test_reading_by_role(clients, world, role):
    client = clients[role]
    for label, (key, expected) in READS.items():
        status = client.get(f"/api/v1/actions/{world[key].pk}/").status_code
        assert status == (401 if role == "inactive" else expected[role]), (label, role)
    draft = client.get("/api/v1/meetings/draft-2005/").status_code
    assert draft == {"ts": 200, "inactive": 401}.get(role, 404)
    if role != "inactive":
        listed = {row["id"] for row in client.get("/api/v1/actions/?page_size=500").json()["results"]}
        visible = {key for key, expected in READS.values() if expected[role] == 200}
        for key in ("public", "members", "secret"):
            assert (world[key].pk in listed) == (key in visible), (key, role)


def _write_attempts(client, world):
    public = world["public"]
    read = client.get(f"/api/v1/actions/{public.pk}/")
    etag = read["ETag"] if read.status_code == 200 else '"x"'
    return {
        "create": client.post(
            "/api/v1/actions/",
            {"decision": public.decision_id, "responsible": "MX", "title": {"en": "New"}},
            format="json",
        ).status_code,
        "edit": client.patch(
            f"/api/v1/actions/{public.pk}/", {"due_text": "soon"}, format="json", HTTP_IF_MATCH=etag
        ).status_code,
        "report on MX": client.post(
            f"/api/v1/actions/{public.pk}/progress/", {"note": "done"}, format="json"
        ).status_code,
        "report on GT": client.post(
            f"/api/v1/actions/{world['members'].pk}/progress/", {"note": "done"}, format="json"
        ).status_code,
        "report on hidden MX": client.post(
            f"/api/v1/actions/{world['mexico_secret'].pk}/progress/", {"note": "done"}, format="json"
        ).status_code,
    }


WRITES = {
    "anonymous": {"create": 401, "edit": 401, "report on MX": 401, "report on GT": 401, "report on hidden MX": 401},
    "delegate": {"create": 403, "edit": 403, "report on MX": 403, "report on GT": 403, "report on hidden MX": 404},
    "focal_mx": {"create": 403, "edit": 403, "report on MX": 201, "report on GT": 403, "report on hidden MX": 404},
    "focal_cr": {"create": 403, "edit": 403, "report on MX": 403, "report on GT": 403, "report on hidden MX": 404},
    "ts": {"create": 201, "edit": 200, "report on MX": 201, "report on GT": 201, "report on hidden MX": 201},
    "inactive": {"create": 401, "edit": 401, "report on MX": 401, "report on GT": 401, "report on hidden MX": 401},
}


@pytest.mark.parametrize("role", ROLES)
def test_writing_by_role(clients, world, role):
    assert _write_attempts(clients[role], world) == WRITES[role]


def test_deleting_is_for_the_secretariat(clients, world):
    target = world["secret"]
    # Refused before the action is looked up (403; 401 when not signed in), so the answer is the same for an
    # action the role cannot see and for one that does not exist: it says nothing about which actions exist.
    refused = {"anonymous": 401, "delegate": 403, "focal_mx": 403, "focal_cr": 403, "inactive": 401}
    for role, status in refused.items():
        for pk in (target.pk, target.pk + 10_000):
            assert clients[role].delete(f"/api/v1/actions/{pk}/", HTTP_IF_MATCH="*").status_code == status, (role, pk)
    assert Action.objects.filter(pk=target.pk).exists()
    assert clients["ts"].delete(f"/api/v1/actions/{target.pk}/", HTTP_IF_MATCH="*").status_code == 204


def test_submitted_reports_are_seen_by_their_party_and_the_secretariat(clients, world, focal_mx_user, staff):
    action = world["public"]
    action_record_progress(action=action, by=focal_mx_user, date=action.decision.meeting.end_date, note="ours",
                           review_state="submitted")  # fmt: skip
    action_record_progress(action=action, by=staff, date=action.decision.meeting.end_date, note="validated")
    public = clients["anonymous"].get("/api/v1/progress-updates/").json()["results"]
    assert [row["author_name"] for row in public] == [None]  # names are not published
    assert {row["author_name"] for row in clients["ts"].get("/api/v1/progress-updates/").json()["results"]} == {
        "focal-mx",
        staff.username,
    }
    seen = {
        role: sorted(row["note"] for row in clients[role].get("/api/v1/progress-updates/").json()["results"])
        for role in ("anonymous", "delegate", "focal_mx", "focal_cr", "ts")
    }
    assert seen == {
        "anonymous": ["validated"],
        "delegate": ["validated"],
        "focal_mx": ["ours", "validated"],
        "focal_cr": ["validated"],
        "ts": ["ours", "validated"],
    }


def test_an_inactive_account_signed_in_by_session_reads_as_the_public(world, inactive_user):
    client = APIClient()
    client.force_login(inactive_user)
    assert client.get(f"/api/v1/actions/{world['secret'].pk}/").status_code == 404
    assert client.get(f"/api/v1/actions/{world['public'].pk}/").status_code == 200
    assert client.post("/api/v1/actions/", {}, format="json").status_code in (401, 403)


def test_session_writes_need_the_csrf_token(world, ts_user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(ts_user)
    response = client.post(f"/api/v1/actions/{world['public'].pk}/progress/", {"note": "x"}, format="json")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
