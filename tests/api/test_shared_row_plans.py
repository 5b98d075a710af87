"""Row serializers' plans (serializers/rows.shared_row_plan) are built once and shared by every request with the
same links, language and time zone: a second read builds none, a request made to another host links to that
host, and a plan built for one reader renders another's rows as a plan of its own does."""

import pytest

from decisions.api.serializers import rows
from decisions.models import Action
from members.roles import Role
from tests.factories import ActionFactory, user_with_role

pytestmark = pytest.mark.django_db

LISTS = ("/api/v1/decisions/?page_size=5", "/api/v1/actions/?page_size=5")


@pytest.fixture(autouse=True)
def no_shared_plans():
    rows._plans.built.clear()


@pytest.fixture
def fields_read(monkeypatch):
    """How many fields plans were built from since the fixture was asked for."""
    read = []
    field_reader = rows.field_reader
    monkeypatch.setattr(rows, "field_reader", lambda field: read.append(field) or field_reader(field))
    return read


@pytest.mark.parametrize("path", LISTS)
def test_a_second_read_builds_no_plan(client, ix_meeting, fields_read, path):
    ActionFactory(decision=ix_meeting.decisions.first(), visibility=Action.Visibility.PUBLIC)
    first = client.get(path)
    assert first.status_code == 200 and first.json()["results"]
    assert fields_read
    fields_read.clear()
    assert client.get(path + "&page=1").content == first.content  # another address, computed again
    assert fields_read == []


def test_another_host_links_to_itself(client, ix_meeting, settings):
    settings.ALLOWED_HOSTS = ["testserver", "tracker.example"]
    here = client.get(LISTS[0]).json()["results"][0]
    there = client.get(LISTS[0], HTTP_HOST="tracker.example").json()["results"][0]
    assert here["url"].startswith("http://testserver/api/v1/decisions/")
    assert there["url"] == here["url"].replace("testserver", "tracker.example")
    assert there["html_url"].startswith("http://tracker.example/")
    assert there["meeting"]["url"].startswith("http://tracker.example/")


def test_a_plan_built_for_one_reader_renders_another_readers_rows_as_a_fresh_one(client, ix_meeting):
    """The Secretariat's read builds the plans; the public's read through them is what the public reads through
    plans of its own (its rows, its links: nothing of the first reader)."""
    decision = ix_meeting.decisions.first()
    ActionFactory(decision=decision, visibility=Action.Visibility.PUBLIC)
    ActionFactory(decision=decision, visibility=Action.Visibility.SECRETARIAT)
    client.force_login(user_with_role(Role.SECRETARIAT))
    officer = {path: client.get(path).json() for path in LISTS}
    client.logout()
    through_shared = {path: client.get(path).content for path in LISTS}
    rows._plans.built.clear()
    assert {path: client.get(path).content for path in LISTS} == through_shared
    assert all(officer[path]["count"] > 0 for path in LISTS)
    assert officer[LISTS[1]]["count"] == client.get(LISTS[1]).json()["count"] + 1  # the public does not see one
