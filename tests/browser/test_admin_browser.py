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
