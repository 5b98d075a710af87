"""What each reader may see, through every cache: a reader never gets a page, list or ETag cached for
another reader who may see more (or less); Secretariat-only notes are the Secretariat's alone; the review
comment reaches only the Secretariat and the focal points of the party whose report it is."""

import pytest
from django.core.cache import cache

from tests.reader_world import IX, PARTY_A, PARTY_B, comparable_body, reader_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with reader_world(django_db_blocker) as built:
        yield built


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.API_THROTTLE_RATES = {"anon": None, "user": None, "token": None}


def body(response) -> str:
    return comparable_body(response).decode()


# --- 1. a cache shared between the roles of one party --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_delegate_never_gets_the_list_cached_for_their_focal_point(world, fmt):
    url = f"/api/v1/progress-updates/?action={world.actions[PARTY_A].pk}&format={fmt}"
    focal = world.clients["focal-a"].get(url)
    assert f"pending-public-{PARTY_A}" in body(focal)  # the focal point sees their party's pending report
    delegate = world.clients["delegate-a"].get(url)
    assert f"pending-public-{PARTY_A}" not in body(delegate)
    assert f"returned-{PARTY_A}" not in body(delegate)
    assert delegate["ETag"] != focal["ETag"]
    # and the other way round: the focal point is not served the delegate's page either
    cache.clear()
    world.clients["delegate-a"].get(url)
    assert f"pending-public-{PARTY_A}" in body(world.clients["focal-a"].get(url))


def test_a_focal_points_etag_gets_a_delegate_no_304_on_a_report_they_may_not_see(world):
    url = f"/api/v1/progress-updates/{world.updates[f'{PARTY_A}:pending-public'].pk}/"
    focal = world.clients["focal-a"].get(url)
    assert focal.status_code == 200
    assert world.clients["delegate-a"].get(url, HTTP_IF_NONE_MATCH=focal["ETag"]).status_code == 404


def test_the_dashboard_cached_for_a_focal_point_is_not_served_to_a_delegate(world):
    cold = body(world.clients["delegate-a"].get("/"))
    cache.clear()
    world.clients["focal-a"].get("/")
    assert body(world.clients["delegate-a"].get("/")) == cold


# --- 2. Secretariat-only means the Secretariat alone ---------------------------------------------------------


def secret_note_paths(world) -> list[str]:
    action = world.actions[PARTY_A]
    update = world.updates[f"{PARTY_A}:secretariat-only"]
    return [
        f"/api/v1/progress-updates/?action={action.pk}",
        f"/api/v1/progress-updates/?action={action.pk}&format=csv",
        f"/api/v1/progress-updates/{update.pk}/",
        f"/actions/{action.pk}/",
        f"/my/actions/{action.pk}/report/",
        "/",
        "/updates.atom",
        f"/meetings/{IX}/updates.atom",
        f"/parties/{PARTY_A}/updates.atom",
        f"/meetings/{IX}/report/",
        # The frozen reports ("as known at" a round): the same rule on the kept record.
        f"/meetings/{IX}/report/?as_known_at={world.frozen_round}",
        f"/rounds/{world.frozen_round}/report/",
        f"/api/v1/meetings/{IX}/report/?as_known_at={world.frozen_round}",
        f"/api/v1/rounds/{world.frozen_round}/report/",
    ]


@pytest.mark.parametrize("reader", ["focal-a", "delegate-a"])
def test_a_secretariat_only_note_is_shown_to_no_member_state_reader(world, reader):
    client = world.clients[reader]
    shown = [path for path in secret_note_paths(world) if f"secretariat-only-{PARTY_A}" in body(client.get(path))]
    assert shown == []


def test_the_secretariat_reads_its_own_notes(world):
    client = world.clients["secretariat"]
    for path in (f"/meetings/{IX}/report/?as_known_at={world.frozen_round}", f"/rounds/{world.frozen_round}/report/"):
        assert f"secretariat-only-{PARTY_A}" in body(client.get(path)), path
    assert f"secretariat-only-{PARTY_A}" in body(client.get(f"/actions/{world.actions[PARTY_A].pk}/"))
    detail = client.get(f"/api/v1/progress-updates/{world.updates[f'{PARTY_A}:secretariat-only'].pk}/")
    assert detail.status_code == 200


# --- 3. the Secretariat's review comment ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "sees"),
    [
        ("anonymous", False),
        ("delegate-a", False),
        ("focal-b", False),
        ("delegate-b", False),
        ("focal-a", True),
        ("secretariat", True),
    ],
)
def test_the_review_comment_reaches_the_secretariat_and_the_reports_focal_points_only(world, reader, sees):
    client = world.clients[reader]
    update = world.updates[f"{PARTY_A}:validated-public"]
    comment = f"review-comment-validated-{PARTY_A}"
    detail = client.get(f"/api/v1/progress-updates/{update.pk}/").json()
    assert detail["review_comment"] == (comment if sees else "")
    listed = client.get(f"/api/v1/progress-updates/?action={update.action_id}&format=csv")
    assert (comment in body(listed)) is sees


def test_a_focal_point_reads_why_their_report_was_returned_on_the_report_page(world):
    page = world.clients["focal-a"].get(f"/my/actions/{world.actions[PARTY_A].pk}/report/")
    assert f"review-comment-returned-{PARTY_A}" in body(page)
    other = world.clients["focal-b"].get(f"/api/v1/progress-updates/?party={PARTY_A}")
    assert f"review-comment-returned-{PARTY_A}" not in body(other)
    assert f"review-comment-returned-{PARTY_B}" in body(world.clients["focal-b"].get("/api/v1/progress-updates/"))


def test_a_focal_point_cannot_write_a_report_they_could_not_read_back(world):
    action = world.actions[PARTY_A]
    client = world.clients["focal-a"]
    page = body(client.get(f"/my/actions/{action.pk}/report/"))
    assert 'value="members"' in page
    assert 'value="secretariat"' not in page
    answer = client.post(
        f"/api/v1/actions/{action.pk}/progress/",
        {"note": "for the Secretariat alone", "visibility": "secretariat"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert [error["field"] for error in answer.json()["errors"]] == ["visibility"]
