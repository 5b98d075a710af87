"""A query string means the same on the site and in the API: the site's CSV export, the API's CSV and the API's
JSON hold the same rows for every query of the table, for every kind of reader, on the IX Meeting (plus an item of
each visibility the readers do not share: a members-only and a Secretariat-only action, a draft meeting).

The site lists sub-items as rows, which the API does with `level=all`; nothing else differs."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from decisions.models import Action, Decision, DecisionParty, Theme
from decisions.selectors import decision_get_by_reference
from decisions.services.actions import action_create, action_record_progress
from members.models import Party
from tests.factories import DecisionFactory, MeetingFactory, api_key_for, user_with_role

pytestmark = pytest.mark.django_db

IX = "ix-panama-city-2004"
DRAFT = "x-draft-2005"

DECISION_QUERIES = [
    "",
    "party=MX",
    "party=CA",
    "party=GT",
    "party=PPT",
    "party=TS",
    "theme=institutional",
    "theme=cooperation",
    "theme=return",
    f"meeting={IX}",
    f"meeting={DRAFT}",
    "status=noted",
    "status=not_started&status=in_progress",
    "kind=adoption&section=decision",
    "overdue=true",
    "overdue=false",
    "due_before=2004-12-31",
    "due_after=2005-01-01",
    "due_after=2004-01-01&due_before=2005-12-31",
    "q=migration",
    "q=trafficking",
    "q=D15",
    "party=MX&overdue=true",
    "party=MX&theme=institutional",
    f"theme=cooperation&meeting={IX}&status=not_started",
    "party=GT&overdue=false&q=secretariat",
]

ACTION_QUERIES = [
    "",
    "party=MX",
    "party=GT",
    "party=PPT",
    "theme=institutional",
    "theme=health",
    f"meeting={IX}",
    f"meeting={DRAFT}",
    "status=not_started",
    "status=completed&status=ongoing",
    "overdue=true",
    "overdue=false",
    "stale=true",
    "stale=false",
    "due_before=2004-12-31",
    "due_after=2005-01-01",
    "q=seminar",
    "q=seminario",
    "q=report",
    "party=MX&overdue=true",
    f"theme=institutional&meeting={IX}&due_after=2005-01-01",
]


@pytest.fixture
def world(ix_meeting, staff):
    """The IX Meeting, with what only some readers see: an action for member states on a sub-item, one for the
    Secretariat alone, and a draft meeting whose decision names Mexico and is classified under "return"; and the
    seminar held, so that some action is completed and not stale."""
    guatemala, mexico = Party.objects.get(code="GT"), Party.objects.get(code="MX")
    seminar = Action.objects.get(decision=decision_get_by_reference(meeting=ix_meeting, reference="D6"))
    action_record_progress(action=seminar, by=staff, date=timezone.localdate(), status="completed", note="Held.")
    action_create(
        decision=decision_get_by_reference(meeting=ix_meeting, reference="D15.b"),
        responsible=guatemala,
        title_en="Report on the sub-item to the member states",
        due_date=datetime.date(2005, 6, 30),
        due_precision="semester",
        visibility="members",
    )
    action_create(
        decision=decision_get_by_reference(meeting=ix_meeting, reference="C2"),
        responsible=mexico,
        title_en="Internal follow-up for the Secretariat",
        due_date=datetime.date(2004, 6, 30),
        due_precision="day",
        visibility="secretariat",
    )
    draft = MeetingFactory(
        slug=DRAFT, is_published=False, start_date=datetime.date(2005, 5, 1), end_date=datetime.date(2005, 5, 2)
    )
    decision = DecisionFactory(meeting=draft, number="1", text_en="Ask Mexico to report on migration and return.")
    decision.themes.add(Theme.objects.get(slug="return"))
    DecisionParty.objects.create(decision=decision, party=mexico, role=DecisionParty.Role.MENTIONED)
    action_create(decision=decision, responsible=mexico, title_en="Draft report", visibility="public")
    return ix_meeting


READERS = {
    "anonymous": lambda: None,
    "delegate": lambda: user_with_role("Delegate", party=Party.objects.get(code="CR"), username="delegate-cr"),
    "secretariat": lambda: user_with_role("Secretariat", username="ts-officer"),
}


def clients(reader: str) -> tuple[Client, APIClient]:
    user = READERS[reader]()
    site, api = Client(), APIClient()
    if user is not None:
        site.force_login(user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return site, api


def csv_column(response, column: str) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, body[:500]
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    return sorted(row[column] for row in rows)


def site_rows(site: Client, collection: str, query: str) -> list[str] | None:
    """The links of the rows of the site's CSV; None when the site refuses a filter (a meeting it does not
    offer the reader: the API, which does not list meetings, answers an empty list)."""
    response = site.get(f"/{collection}/export.csv?{query}")
    if response.status_code == 400:
        return None
    return csv_column(response, "Link")


def api_rows(api: APIClient, collection: str, query: str) -> tuple[list[str], list[str]]:
    level = "level=all&" if collection == "decisions" else ""
    from_csv = csv_column(api.get(f"/api/v1/{collection}/?{level}format=csv&{query}"), "html_url")
    response = api.get(f"/api/v1/{collection}/?{level}page_size=500&{query}")
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert body["next"] is None
    return from_csv, sorted(row["html_url"] for row in body["results"])


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("collection", "queries"), [("decisions", DECISION_QUERIES), ("actions", ACTION_QUERIES)])
def test_the_site_and_the_api_select_the_same_rows(world, reader, collection, queries):
    site, api = clients(reader)
    differences, empty = [], []
    for query in queries:
        on_site = site_rows(site, collection, query)
        from_csv, from_json = api_rows(api, collection, query)
        if on_site is None:
            assert query == f"meeting={DRAFT}" and reader != "secretariat" and from_csv == from_json == [], query
            continue
        if not on_site == from_csv == from_json:
            differences.append((query, set(on_site) ^ set(from_csv), set(on_site) ^ set(from_json)))
        if not on_site:
            empty.append(query)
    assert not differences, differences
    # Every query selects something for the Secretariat: these are not empty lists that happen to agree.
    assert reader != "secretariat" or not empty, empty


def references(site: Client, query: str) -> set[str]:
    return {link.rstrip("/").rsplit("/", 1)[-1] for link in site_rows(site, "decisions", query)}


def test_party_means_any_role_or_a_visible_action(world):
    """The review's case: Mexico proposed D4 and D5 and is named in D7 — no mandate addressed to it there."""
    anonymous, _api = clients("anonymous")
    secretariat, _api = clients("secretariat")
    mexico = references(anonymous, "party=MX")
    assert {"D4", "D5", "D6", "D7"} <= mexico
    assert "C2" not in mexico and "C2" in references(secretariat, "party=MX")  # a Secretariat-only action
    assert "D15" in references(clients("delegate")[0], "party=GT")  # a sub-item's members-only action
    assert "D15" not in references(anonymous, "party=GT")


def test_theme_includes_sub_items_through_their_parent(world):
    anonymous, api = clients("anonymous")
    assert {"D15", "D15.a", "D15.b", "D15.c"} <= references(anonymous, "theme=institutional")
    assert not Decision.objects.filter(parent__isnull=False, themes__isnull=False).exists()  # only inherited
