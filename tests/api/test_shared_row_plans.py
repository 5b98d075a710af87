"""Row serializers' plans (serializers/rows.shared_row_plan) are built once and shared by every request with the
same links and language: a second read builds none, a request made to another host links to that host, and a
plan holds nothing of the request it was first built for."""

import pytest

from decisions.api.serializers import rows
from decisions.api.serializers.actions import ActionSerializer
from decisions.api.serializers.decisions import DecisionSerializer
from decisions.models import Action
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


def test_a_plan_holds_nothing_of_its_first_request(client, ix_meeting):
    client.force_login(user_with_role("secretariat"))
    assert client.get(LISTS[0]).status_code == 200
    for (serializer_class, *_links), plan in rows._plans.built.items():
        assert serializer_class in (DecisionSerializer, ActionSerializer)
        held = [cell.cell_contents for cell in plan.__closure__ or ()]
        readers = next(value for value in held if isinstance(value, tuple))
        for _name, read in readers:
            bound_to = getattr(read, "__self__", None)
            if bound_to is not None:  # a method field: the plan's own serializer, given the links alone
                assert set(bound_to.context) == {"links"}
