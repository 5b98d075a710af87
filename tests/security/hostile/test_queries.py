"""Search boxes, filters and paging of every list — the site's, its downloads, the API's and the admin's — with
SQL metacharacters, markup, NUL and non-UTF-8 bytes and oversized values: a 200 or a 4xx (the admin: its own
"bad filter" redirect), never a 500; a value echoed back stays text; a hostile search never widens the results.

Each list's parameters are read from its filter form or filterset, so a filter added there is tried here."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import resolve, reverse

from decisions.site.forms import ActionFilterForm, DecisionFilterForm, FilterForm, GridFilterForm
from tests.security.hostile.catalogue import PAGE_SIZE_VALUES, PAGE_VALUES, QUERY_VALUES
from tests.security.hostile.exercise import assert_safe_redirect
from tests.security.hostile.inert import assert_inert_response
from tests.security.hostile.world import CONTROL_ACTION, CONTROL_TEXT, api_client

pytestmark = pytest.mark.django_db

# The site's lists: (route, its arguments, the filter form it reads, other parameters, the signed-in role).
SITE_LISTS = {
    "decisions:decision-list": ((), DecisionFilterForm, ("page",), None),
    "decisions:action-list": ((), ActionFilterForm, ("page", "decision"), None),
    "decisions:search": ((), FilterForm, (), None),
    "decisions:grid": ((), GridFilterForm, (), None),
    "decisions:decision-export": (("csv",), DecisionFilterForm, (), None),
    "decisions:action-export": (("xlsx",), ActionFilterForm, ("decision",), None),
    "decisions:home": ((), None, ("as_of",), None),
    "decisions:meeting-detail": (("test-meeting",), None, ("as_of",), None),
    "decisions:meeting-report": (("test-meeting",), None, ("as_of", "as_known_at"), None),
    "decisions:meeting-report-pdf": (("test-meeting",), None, ("as_of", "as_known_at", "lang"), None),
    "workflow:my-actions": ((), None, ("status", "overdue"), "focal"),
    "workflow:report": (("ACTION",), None, ("resubmit",), "focal"),
}
API_LISTS = [
    "api:decision-list",
    "api:meeting-decision-list",
    "api:action-list",
    "api:progress-update-list",
    "api:meeting-list",
    "api:party-list",
    "api:theme-list",
    "api:document-list",
    "api:stats",
]
ADMIN_LISTS = ["decision", "action", "meeting", "progressupdate"]
CONTROLS = (CONTROL_TEXT, CONTROL_ACTION)  # rows no hostile search may list


def encoded(value) -> str:
    """A query value as it travels: percent-encoded UTF-8, or raw percent-escapes for bytes that are not UTF-8."""
    return value.decode() if isinstance(value, bytes) else quote(value, safe="")


def site_parameters(name: str) -> list[str]:
    _args, form, extra, _role = SITE_LISTS[name]
    return [*(form.base_fields if form else ()), *extra]


def site_address(world, name: str, query: str) -> str:
    args = [world.action.pk if arg == "ACTION" else arg for arg in SITE_LISTS[name][0]]
    return reverse(name, args=args) + "?" + query


def api_parameters(name: str, world) -> list[str]:
    view = resolve(api_address(world, name)).func
    filterset = getattr(view.cls, "filterset_class", None)
    names = list(filterset.base_filters) if filterset else []
    if name != "api:stats":
        names += ["page", "page_size", "ordering", "format"]
    return names


def api_address(world, name: str) -> str:
    return reverse(name, args=[world.meeting.slug] if name == "api:meeting-decision-list" else [])


def _client(world, role):
    return world.client({"focal": world.focal, "ts": world.ts}[role] if role else None)


def check_list_answer(response, where: str, *, admin: bool = False) -> str:
    allowed = {200, 400, 404} | ({302} if admin else set())
    assert response.status_code in allowed, (where, response.status_code)
    assert_safe_redirect(response, where)
    if response.status_code == 302:
        assert "e=1" in response["Location"], where  # the admin's "this filter is not valid"
        return ""
    return assert_inert_response(response, where) if response.content else ""


def _not_widened(shown: str, where: str) -> None:
    for control in CONTROLS:
        assert control not in shown, f"{where}: a hostile search listed a row that matches none of its words"


FAMILIES = list(QUERY_VALUES)


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("name", list(SITE_LISTS))
def test_site_lists(world, name, family):
    """Each value in every parameter at once, then in the search box alone (where a 200 must not widen)."""
    client = _client(world, SITE_LISTS[name][3])
    names = site_parameters(name)
    for value in QUERY_VALUES[family]:
        everywhere = "&".join(f"{param}={encoded(value)}" for param in names)
        check_list_answer(client.get(site_address(world, name, everywhere)), f"{name} {everywhere[:80]}")
        if "q" in names and family == "sql":
            response = client.get(site_address(world, name, f"q={encoded(value)}"))
            shown = check_list_answer(response, f"{name} q={value!r:.40}")
            if response.status_code == 200:
                _not_widened(shown, f"{name} q={value!r}")


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("name", API_LISTS)
def test_api_lists(world, name, family):
    """The API is strict: a value a parameter cannot take is a 400 naming it; a search that runs never widens."""
    client = api_client(world.ts)
    names = api_parameters(name, world)
    for value in QUERY_VALUES[family]:
        everywhere = "&".join(f"{param}={encoded(value)}" for param in names)
        response = client.get(api_address(world, name) + "?" + everywhere)
        check_list_answer(response, f"{name} all={value!r:.40}")
        assert response.status_code == 400, (name, value)
        errors = response.json()["errors"]
        assert errors and all(e["field"] and e["in"] == "query" and e["detail"] for e in errors), errors
        if "q" in names and family == "sql":
            response = client.get(api_address(world, name) + f"?q={encoded(value)}")
            shown = check_list_answer(response, f"{name} q={value!r:.40}")
            if response.status_code == 200:
                _not_widened(shown, f"{name} q={value!r}")


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("model", ADMIN_LISTS)
def test_admin_lists(world, model, family):
    """The admin's search, ordering, paging and every list filter (read from the change list itself)."""
    client = _client(world, "ts")
    address = reverse(f"admin:decisions_{model}_changelist")
    changelist = client.get(address).context["cl"]
    names = {"q", "o", "p"} | {p for spec in changelist.filter_specs for p in spec.expected_parameters()}
    for value in QUERY_VALUES[family]:
        everywhere = "&".join(f"{param}={encoded(value)}" for param in sorted(names))
        for query in (f"q={encoded(value)}", everywhere) if family == "sql" else (everywhere,):
            response = client.get(f"{address}?{query}")
            shown = check_list_answer(response, f"admin {model} {query[:80]}", admin=True)
            if query.startswith("q=") and response.status_code == 200 and family == "sql":
                _not_widened(shown, f"admin {model} q={value!r}")


@pytest.mark.parametrize("name", ["decisions:decision-list", "decisions:action-list"])
def test_site_pages_out_of_range(world, name):
    client = Client()
    for value in PAGE_VALUES:
        response = client.get(site_address(world, name, f"page={encoded(value)}"))
        check_list_answer(response, f"{name} page={value!r}")
        if value not in ("", "last", "1"):
            assert response.status_code in (200, 404), (name, value)


@pytest.mark.parametrize("name", API_LISTS[:-1])
def test_api_pages_and_page_sizes(world, name):
    """A page size outside 1…500 or a page that is not a number is a 400 naming it; past the end a 404."""
    client = api_client(world.ts)
    for param, values in (("page", PAGE_VALUES), ("page_size", PAGE_SIZE_VALUES)):
        for value in values:
            response = client.get(api_address(world, name) + f"?{param}={encoded(value)}")
            check_list_answer(response, f"{name} {param}={value!r}")
            if value == "last":
                assert response.status_code == 200
            elif response.status_code == 400:
                assert [e["field"] for e in response.json()["errors"]] == [param], response.json()
            else:
                assert response.status_code == 404 and value == "9" * 30, (name, param, value)
    assert client.get(api_address(world, name) + "?page_size=500").status_code == 200  # the largest is served


def test_admin_pages_out_of_range(world):
    client = _client(world, "ts")
    for value in PAGE_VALUES:
        response = client.get(reverse("admin:decisions_action_changelist") + f"?p={encoded(value)}")
        check_list_answer(response, f"admin p={value!r}", admin=True)


def test_the_lists_parameters_are_the_forms_and_filtersets(world):
    """The parameters tried above are the ones the lists read: a new filter joins the catalogue by itself."""
    assert "q" in site_parameters("decisions:decision-list") and "due_after" in site_parameters("decisions:action-list")
    assert {"q", "status", "party", "updated_since", "page_size"} <= set(api_parameters("api:decision-list", world))
