"""axe-core (bundled with axe-playwright-python: nothing is fetched) finds no violation on any page type, and
every page type weighs under 150 KB on first load. The weights are printed for the closing note."""

import datetime
import json
import time

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_TYPES = {
    "dashboard": "/",
    "dashboard as of a date": "/?as_of=2005-01-01",
    "meetings": "/meetings/",
    "meeting": "/meetings/ix-panama-city-2004/",
    "implementation report": "/meetings/ix-panama-city-2004/report/",
    "implementation report as known at a round": "/meetings/ix-panama-city-2004/report/?as_known_at={round}",
    "round report (frozen)": "/rounds/{round}/report/",
    "decisions in force": "/meetings/ix-panama-city-2004/in-force/",
    "decision": "/meetings/ix-panama-city-2004/D8/",
    "sub-item": "/meetings/ix-panama-city-2004/D15.a/",
    "decisions list": "/decisions/?status=not_started",
    "actions list": "/actions/?party=MX",
    "action": "{action}",
    "country grid": "/grid/",
    "parties": "/parties/",
    "party": "/parties/MX/",
    "themes": "/themes/",
    "theme": "/themes/cooperation/",
    "search": "/search/?q=migrants",
    "bad filter": "/decisions/?status=finished",
    "not found": "/meetings/nowhere/",
    "log in": "/accounts/login/",
}
LIMIT = 150 * 1024


@pytest.fixture
def ix(live_server, ix_meeting):
    from decisions.models import Action
    from decisions.services.actions import action_record_progress

    seminar = Action.objects.get(decision__number="6", decision__parent__isnull=True)
    action_record_progress(
        action=seminar, by=None, date=datetime.date(2004, 9, 1), status="in_progress", note="Agenda agreed."
    )
    return live_server.url, seminar.get_absolute_url(), _frozen_round(ix_meeting)


def _frozen_round(meeting) -> int:
    """A round over the IX Meeting whose report is frozen: the pages "as known at" it."""
    from decisions.models import ReportingRound
    from decisions.services.rounds import round_open, round_save
    from decisions.services.snapshots import round_freeze
    from tests.factories import user_with_role

    ts = user_with_role("Secretariat", username="axe-ts")
    day = datetime.date.today()
    round = ReportingRound(
        title_en="Report to the X Meeting", title_es="Informe a la X Reunión", opens_on=day, closes_on=day
    )
    round = round_open(round=round_save(round=round, meetings=[meeting], by=ts), by=ts)
    round_freeze(round=round, by=ts)
    return round.pk


def address(ix, path: str) -> str:
    base, action, round = ix
    return base + (action if path == "{action}" else path.replace("{round}", str(round)))


def test_no_axe_violation_on_any_page_type(page, ix):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(address(ix, path))
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")  # check the chart tables too
        results = axe.run(page)
        if results.violations_count:
            found[name] = [
                (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
            ]
    assert not found, json.dumps(found, indent=1)


def test_spanish_pages_have_no_axe_violation(browser, live_server, ix):
    """Every page type, in Spanish too (words are longer, labels differ)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(locale="es-ES", extra_http_headers={"Accept-Language": "es"})
    spanish = context.new_page()
    found = {}
    try:
        for name, path in PAGE_TYPES.items():
            spanish.goto(address(ix, path))
            assert spanish.locator("html").get_attribute("lang") == "es", name
            results = Axe().run(spanish)
            if results.violations_count:
                found[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    finally:
        context.close()
    assert not found, json.dumps(found, indent=1)


# The pages of signed-in work: a focal point's list and report form (refused once, with its error summary),
# the Secretariat's review queue and a report under review, and the password form.
def test_work_pages_have_no_axe_violation_in_either_language(browser, live_server, ix):
    from axe_playwright_python.sync_playwright import Axe

    from decisions.models import Action
    from decisions.services.reports import report_submit
    from members.models import Party
    from tests.factories import user_with_role

    mexico = Party.objects.get(code="MX")
    focal = user_with_role("Focal point", party=mexico, username="focal-axe", password="a-long-test-password")
    officer = user_with_role("Secretariat", username="ts-axe", password="a-long-test-password")
    action = Action.objects.filter(responsible=mexico).order_by("pk").first()
    report = report_submit(action=action, by=focal, date=datetime.date(2005, 1, 10), note="Bill **sent**.")
    pages = {
        focal.username: ["/my/actions/", f"/my/actions/{action.pk}/report/", "/accounts/password/change/"],
        officer.username: ["/review/", f"/review/{report.pk}/"],
    }
    found = {}
    for language in ("en", "es"):
        for username, paths in pages.items():
            context = browser.new_context(extra_http_headers={"Accept-Language": language})
            page = context.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", "a-long-test-password")
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
            for path in paths:
                page.goto(live_server.url + path)
                if path.endswith("/report/"):
                    page.locator("main form button[type=submit]").click()  # empty note: the refused form
                    page.wait_for_selector(".error-summary")
                results = Axe().run(page)
                if results.violations_count:
                    found[f"{language} {path}"] = [v["id"] for v in results.response["violations"]]
            context.close()
    assert not found, found


def test_every_page_type_weighs_under_150_kb(browser, live_server, ix):
    # One browser context with its cache off and its cookies cleared before each page: every load is a
    # first load, without paying for a new context per page.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    weights = {}
    for name, path in PAGE_TYPES.items():
        context.clear_cookies()
        weights[name] = _first_load_weight(page, address(ix, path))
    context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page_weights.json").write_text(json.dumps(weights, indent=1))
    print("\npage weights (bytes, first load):", json.dumps(weights, indent=1))
    heavy = {name: size for name, size in weights.items() if size >= LIMIT}
    assert not heavy, heavy


def _first_load_weight(page, url: str) -> int:
    """The bytes of every response the page loads: up to its load event, and whatever is still loading then.
    Only requests this page started count: the previous page's last ones may end after it has been left."""
    started, sizes = [], {}
    listeners = {
        "request": lambda request: started.append(request),
        "requestfinished": lambda request: sizes.__setitem__(request, _body_size(request)),
        "requestfailed": lambda request: sizes.__setitem__(request, 0),
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    page.goto(url)
    # Requests still loading after the load event (the favicon, for one) are waited for one by one: the pages
    # start nothing later, so Playwright's "networkidle" (half a second of quiet per page) would only add time.
    deadline = time.monotonic() + 10
    while any(request not in sizes for request in started) and time.monotonic() < deadline:
        page.wait_for_timeout(10)
    for event, listener in listeners.items():
        page.remove_listener(event, listener)
    loading = [request.url for request in started if request not in sizes]
    assert not loading, f"{url}: still loading after 10 s: {loading}"
    return sum(sizes[request] for request in started)


def _body_size(request) -> int:
    response = request.response()
    if response is None:
        return 0
    try:
        return len(response.body())
    except Exception:  # noqa: BLE001 - a redirect has no body
        return 0


def test_headings_are_in_order(page, ix):
    for name, path in PAGE_TYPES.items():
        page.goto(address(ix, path))
        levels = page.locator("main h1, main h2, main h3, main h4").evaluate_all("hs => hs.map(h => +h.tagName[1])")
        assert levels and levels[0] == 1 and levels.count(1) == 1, name
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (name, levels)
