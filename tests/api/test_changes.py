"""`/api/v1/changes/`: every write of the record, in order, as each reader may know it — upserts for what
they may read now, tombstones for what was deleted or hidden from them, nothing about what they never could
see — behind an opaque cursor that never repeats a change."""

import datetime

import pytest

from decisions.models import Action, ChangeEntry
from decisions.selectors import decision_get_by_reference
from decisions.services.actions import action_create, action_delete, action_record_progress, action_update
from decisions.services.meeting_edits import meeting_save
from members.models import Party

pytestmark = pytest.mark.django_db

CHANGES = "/api/v1/changes/"


def poll(client, since: str | None = None) -> tuple[list[dict], str]:
    """Every change after `since`, following `next` to the end, and the cursor to store."""
    results = []
    url = CHANGES + (f"?since={since}" if since else "")
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        results.extend(body["results"])
        url, cursor = body["next"], body["cursor"]
    return results, cursor


def seen(changes: list[dict], kind: str, pk: int) -> list[str]:
    return [change["operation"] for change in changes if change["kind"] == kind and change["id"] == pk]


@pytest.fixture
def d10(ix_meeting):
    return decision_get_by_reference(meeting=ix_meeting, reference="D10")


@pytest.fixture
def iom(ix_meeting):
    return Party.objects.get(code="IOM")


def new_action(decision, party, *, visibility=Action.Visibility.PUBLIC, by=None) -> Action:
    return action_create(decision=decision, responsible=party, title_en="Share the study", visibility=visibility, by=by)


def test_a_deleted_action_is_a_tombstone(api, ts_user, d10, iom):
    action = new_action(d10, iom)
    _, cursor = poll(api)
    action_delete(action=action, expected_version=action.version, by=ts_user)
    changes, _ = poll(api, cursor)
    assert seen(changes, "action", action.pk) == ["delete"]
    tombstone = next(change for change in changes if change["kind"] == "action" and change["id"] == action.pk)
    assert tombstone == {"kind": "action", "id": action.pk, "operation": "delete"}


def test_the_schema_says_a_tombstone_has_no_address():
    from drf_spectacular.generators import SchemaGenerator

    change = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]["Change"]
    assert "url" in change["properties"]
    assert set(change["required"]) == {"kind", "id", "operation"}


def test_an_action_made_secretariat_only_is_deleted_for_the_public_and_delegates_only(
    api, ts, delegate, ts_user, d10, iom
):
    action = new_action(d10, iom)
    cursors = {name: poll(client)[1] for name, client in {"public": api, "delegate": delegate, "ts": ts}.items()}
    action_update(action=action, expected_version=action.version, by=ts_user, visibility=Action.Visibility.SECRETARIAT)
    for name, client in {"public": api, "delegate": delegate}.items():
        assert seen(poll(client, cursors[name])[0], "action", action.pk) == ["delete"], name
    changes, _ = poll(ts, cursors["ts"])
    assert seen(changes, "action", action.pk) == ["upsert"]
    upsert = next(change for change in changes if change["kind"] == "action" and change["id"] == action.pk)
    assert upsert["url"].endswith(f"/api/v1/actions/{action.pk}/")
    assert ts.get(upsert["url"]).json()["visibility"] == "secretariat"


def test_an_unpublished_meeting_disappears_for_the_public_with_what_is_under_it(api, ts, ts_user, ix_meeting, d10):
    _, cursor = poll(api)
    _, ts_cursor = poll(ts)
    ix_meeting.is_published = False
    meeting_save(meeting=ix_meeting, expected_version=ix_meeting.revision, by=ts_user)
    changes, _ = poll(api, cursor)
    assert seen(changes, "meeting", ix_meeting.pk) == ["delete"]
    assert seen(changes, "decision", d10.pk) == ["delete"]
    assert {change["operation"] for change in changes} == {"delete"}
    ts_changes, _ = poll(ts, ts_cursor)
    assert seen(ts_changes, "meeting", ix_meeting.pk) == ["upsert"]
    assert {change["operation"] for change in ts_changes} == {"upsert"}


def test_what_a_reader_never_could_see_yields_nothing(api, delegate, ts, ts_user, d10, iom):
    cursors = {"public": poll(api)[1], "delegate": poll(delegate)[1], "ts": poll(ts)[1]}
    hidden = new_action(d10, iom, visibility=Action.Visibility.SECRETARIAT)
    action_update(action=hidden, expected_version=hidden.version, by=ts_user, title_en="Share the study widely")
    hidden.refresh_from_db()
    action_delete(action=hidden, expected_version=hidden.version, by=ts_user)
    for name, client in {"public": api, "delegate": delegate}.items():
        changes, _ = poll(client, cursors[name])
        assert seen(changes, "action", hidden.pk) == [], name
    assert seen(poll(ts, cursors["ts"])[0], "action", hidden.pk) == ["delete", "delete", "delete"]


def test_a_report_of_a_focal_points_party_is_theirs_before_it_is_validated(focal_mx, api, focal_mx_user, mexico):
    action = Action.objects.filter(responsible=mexico, visibility=Action.Visibility.PUBLIC).first()
    cursors = {"focal": poll(focal_mx)[1], "public": poll(api)[1]}
    update = action_record_progress(
        action=action, by=focal_mx_user, date=datetime.date(2005, 1, 10), note="Begun", review_state="submitted"
    )
    assert seen(poll(focal_mx, cursors["focal"])[0], "progress-update", update.pk) == ["upsert"]
    assert seen(poll(api, cursors["public"])[0], "progress-update", update.pk) == []


def test_the_cursor_is_exclusive(api, ts, d10, iom):
    new_action(d10, iom)
    first, cursor = poll(api)
    assert first, "the writes above are in the log"
    again, same = poll(api, cursor)
    assert again == []
    assert poll(api, same)[0] == []


@pytest.mark.parametrize("since", ["12", "not-a-cursor", "MTI:1a2b:abc"])
def test_a_bad_cursor_is_a_400_naming_since(api, since):
    response = api.get(CHANGES, {"since": since})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "since" in str(response.json())


def test_a_forged_cursor_is_refused(api, settings):
    from django.core import signing

    forged = signing.Signer(salt="another purpose").sign_object(0)
    assert api.get(CHANGES, {"since": forged}).status_code == 400


def test_an_unknown_parameter_is_a_400(api):
    assert api.get(CHANGES, {"updated_since": "2005-01-01"}).status_code == 400


def test_every_write_through_the_services_appears_once(ts, ts_user, d10, iom):
    _, cursor = poll(ts)
    action = new_action(d10, iom, by=ts_user)
    edited = action_update(action=action, expected_version=action.version, by=ts_user, title_en="Share it")
    update = action_record_progress(action=edited, by=ts_user, date=datetime.date(2005, 2, 1), note="Sent")
    changes, _ = poll(ts, cursor)
    assert seen(changes, "action", action.pk) == ["upsert", "upsert"]  # created, edited
    assert seen(changes, "progress-update", update.pk) == ["upsert"]
    entries = ChangeEntry.objects.filter(kind="action", object_id=action.pk).count()
    assert entries == 2


def test_pages_follow_each_other_without_gaps_or_repeats(ts, ts_user, d10, iom, monkeypatch):
    from decisions.api.views import changes as view

    _, cursor = poll(ts)
    made = [new_action(d10, iom, by=ts_user).pk for _ in range(5)]
    monkeypatch.setattr(view, "PAGE_SIZE", 2)
    changes, _ = poll(ts, cursor)
    assert [change["id"] for change in changes if change["kind"] == "action"] == made


def test_a_page_costs_the_same_queries_whatever_it_holds(ts, ts_user, d10, iom, django_assert_max_num_queries):
    _, cursor = poll(ts)
    for _ in range(3):
        new_action(d10, iom, by=ts_user)
    with django_assert_max_num_queries(12) as few:
        ts.get(CHANGES, {"since": cursor})
    for _ in range(30):
        new_action(d10, iom, by=ts_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        ts.get(CHANGES, {"since": cursor})
