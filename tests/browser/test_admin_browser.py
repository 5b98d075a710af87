"""A Secretariat officer logs in, finds the IX Meeting's decisions and records progress, in a real browser."""

import pytest

from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(ix_meeting):
    return StaffFactory(username="officer", password="a-long-test-password")


def log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


def test_an_officer_records_progress_on_the_seminar(page, live_server, officer, screenshot):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/decisions/decision/?meeting__id__exact=1&o=1")
    page.goto(f"{live_server.url}/admin/decisions/decision/?q=Migration+and+Health")
    row = page.locator("#result_list tbody tr").first
    assert "D6" in row.inner_text()
    assert "Not started" in row.locator(".rcm-badge").first.inner_text()
    screenshot(page, "admin_decisions")

    page.goto(f"{live_server.url}/admin/decisions/action/?q=seminar")
    page.locator("#result_list tbody tr th a").first.click()
    page.select_option("#id_progress_status", "completed")
    page.fill("#id_progress_note", "The seminar was held in Mexico.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert "Completed" in page.locator(".field-status_label .rcm-badge").inner_text()
    assert "The seminar was held in Mexico." in page.locator("#updates-group").inner_text()

    page.goto(f"{live_server.url}/admin/decisions/decision/?q=Migration+and+Health")
    assert "Implemented" in page.locator("#result_list tbody tr .rcm-badge").first.inner_text()


def test_the_admin_switches_to_spanish(page, live_server, officer):
    log_in(page, live_server)
    page.select_option("#rcm-language-select", "es")
    page.click(".rcm-language button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Decisiones" in page.content()


# Every admin page the Secretariat works in (the ids are looked up once the IX Meeting is loaded).
ADMIN_PAGES = [
    "/admin/",
    "/admin/decisions/decision/",
    "/admin/decisions/decision/?q=IX+D15.a",
    "/admin/decisions/decision/add/",
    "/admin/decisions/decision/{decision}/change/",
    "/admin/decisions/decision/{decision}/timeline/",
    "/admin/decisions/action/",
    "/admin/decisions/action/add/",
    "/admin/decisions/action/{action}/change/",
    "/admin/decisions/action/{action}/history/",
    "/admin/decisions/meeting/",
    "/admin/decisions/meeting/{meeting}/change/",
    "/admin/decisions/meeting/import/",
    "/admin/decisions/progressupdate/",
    "/admin/decisions/document/",
    "/admin/decisions/theme/",
    "/admin/members/party/",
    "/admin/members/party/{party}/change/",
]


def admin_addresses(live_server) -> dict[str, str]:
    from decisions.models import Action, Decision, Meeting
    from members.models import Party

    ids = {
        "decision": Decision.objects.get(number="15", parent__isnull=True).pk,
        "action": Action.objects.filter(decision__number="6").first().pk,
        "meeting": Meeting.objects.get().pk,
        "party": Party.objects.get(code="MX").pk,
    }
    return {path: live_server.url + path.format(**ids) for path in ADMIN_PAGES}


def axe_findings(page, url: str) -> list:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(url)  # returns after the load event: the admin's scripts have run, nothing loads later
    found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in Axe().run(page).response["violations"]]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 1366:
        found.append(("overflow", f"{width} px wide in a 1366-px window"))
    return found


def test_every_admin_page_has_no_axe_violation_and_fits_1366_pixels(browser, live_server, officer):
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, live_server)
    addresses = admin_addresses(live_server)
    found = {path: findings for path, url in addresses.items() if (findings := axe_findings(page, url))}
    context.close()
    assert not found, found


def test_every_admin_page_has_no_axe_violation_in_spanish_either(browser, live_server, officer):
    context = browser.new_context(
        locale="es-ES", extra_http_headers={"Accept-Language": "es"}, viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    log_in(page, live_server)
    addresses = admin_addresses(live_server)
    found = {path: f for path in ADMIN_PAGES if (f := axe_findings(page, addresses[path]))}
    assert page.locator("html").get_attribute("lang") == "es"
    context.close()
    assert not found, found


@pytest.fixture
def pending_report(officer):
    """A focal point of Mexico reported on one of Mexico's actions: it waits for the Secretariat."""
    import datetime

    from decisions.models import Action
    from decisions.services.reports import report_submit
    from members.models import Party
    from tests.factories import user_with_role

    mexico = Party.objects.get(code="MX")
    focal_point = user_with_role("Focal point", party=mexico, username="focal-mx")
    action = Action.objects.filter(responsible=mexico).order_by("pk").first()
    return report_submit(
        action=action, by=focal_point, date=datetime.date(2005, 3, 1), note="The seminar's programme is agreed."
    )


@pytest.fixture
def d15a_action(ix_meeting):
    """The IX Meeting gives D15.a no action of its own: the Secretariat logged one to follow it."""
    from decisions.models import Decision
    from decisions.services.actions import action_create
    from members.models import Party

    decision = Decision.objects.get(meeting=ix_meeting, number="a", parent__number="15")
    return action_create(
        decision=decision, responsible=Party.objects.get(code="MX"), title_en="Circulate the network's contact list"
    )


def test_an_officers_morning(page, live_server, officer, pending_report, d15a_action, screenshot):
    """Admin index → the reports waiting → validate one → find "D15.a" → type its action's deadline in words."""
    forbidden: list[str] = []
    page.on("response", lambda response: forbidden.append(response.url) if response.status == 403 else None)
    log_in(page, live_server)
    panel = page.locator(".rcm-waiting")
    assert "1 report of a focal point is waiting for your review" in panel.inner_text()
    screenshot(page, "officer_morning_1_admin_index")

    panel.locator("a").click()
    page.wait_for_url("**/review/")
    page.locator(f"a[href$='/review/{pending_report.pk}/']").click()
    page.check("input[name=decision][value=validate]")
    screenshot(page, "officer_morning_2_review")
    page.click("button[type=submit]:has-text('Record the review')")
    page.wait_for_load_state()
    pending_report.refresh_from_db()
    assert pending_report.review_state == "validated"

    page.goto(f"{live_server.url}/admin/decisions/decision/?q=D15.a")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1 and "D15.a" in rows.first.inner_text()
    screenshot(page, "officer_morning_3_d15a")
    rows.first.locator("th a").click()
    page.wait_for_selector("#actions-group")
    action = d15a_action
    page.locator(f"#actions-group a[href*='/action/{action.pk}/change/']").first.click()
    page.wait_for_selector("#id_deadline")
    page.wait_for_load_state()  # the preview's script listens once the page has loaded: type after that
    page.fill("#id_deadline", "first semester of 2005")
    understood = page.locator("#id_deadline_understood")
    understood.filter(has_text="H1 2005 → 30 Jun 2005").wait_for()
    assert understood.get_attribute("aria-live") == "polite"
    screenshot(page, "officer_morning_4_deadline_preview")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    action.refresh_from_db()
    assert (action.due_date.isoformat(), action.due_precision) == ("2005-06-30", "semester")
    assert page.input_value("#id_deadline") == "first semester of 2005"
    assert not forbidden, forbidden
