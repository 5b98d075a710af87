"""A visitor reads the public site in a real browser: dashboard, a meeting, a decision, the actions list with
filters, Spanish, a CSV download. Screenshots go to tests/artifacts/ for a person to look at."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ix(live_server, ix_meeting):
    return live_server.url


def test_a_visitor_follows_the_ix_meeting_to_a_decision(page, ix, screenshot):
    page.goto(f"{ix}/")
    assert page.locator("h1").inner_text() == "Where the decisions stand"
    assert page.locator(".key-figures dd").first.inner_text() == "22"
    assert page.locator("svg.chart").count() == 3
    screenshot(page, "site_dashboard")

    page.goto(f"{ix}/meetings/")
    page.get_by_role("link", name="IX Meeting of the Regional Conference on Migration").click()
    page.wait_for_selector("#D15\\.a")
    assert "Panama City" in page.locator(".lead").first.inner_text()
    screenshot(page, "site_ix_meeting")

    page.locator("#D6 .item__ref").click()
    assert page.locator("h1").inner_text().startswith("Decision D6")
    assert "Q4 2004" in page.locator(".status-line").inner_text()
    assert "Overdue" in page.locator(".status-line").inner_text()
    assert page.get_by_role("link", name="Mexico").count() >= 1


def test_a_visitor_filters_the_actions_and_downloads_them(page, ix):
    page.goto(f"{ix}/actions/")
    assert page.locator(".results__title").inner_text() == "36 actions"
    page.select_option("#id_party", "MX")
    page.check("#id_overdue")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/actions/?*party=MX*")
    assert page.locator(".results__title").inner_text() == "1 action"
    assert "overdue=on" in page.url  # the filters are in the address: the view can be shared
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as file:
        body = file.read()
    assert body.splitlines()[0].startswith("Action,Meeting,Decision,Responsible")
    assert len(body.strip().splitlines()) == 2 and "seminar" in body


def test_a_visitor_switches_to_spanish(page, ix):
    page.goto(f"{ix}/meetings/ix-panama-city-2004/")
    page.select_option("#language-select", "es")
    page.locator(".language button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert "IX Reunión de la Conferencia Regional sobre Migración" in page.locator("h1").inner_text()
    assert page.locator("#D6 .item__text").get_attribute("lang") == "en"


def on_screen(page, locator) -> bool:
    """Inside the viewport and the topmost element at its centre: what a sighted user can actually see."""
    box = locator.bounding_box()
    if box is None or box["width"] < 1 or box["height"] < 1:
        return False
    viewport = page.viewport_size
    inside = box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    centre = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    topmost = locator.evaluate("(el, p) => el.contains(document.elementFromPoint(p.x, p.y))", centre)
    return inside and box["y"] + box["height"] <= viewport["height"] and topmost and locator.is_visible()


def test_a_keyboard_user_can_skip_to_the_content(page, ix):
    page.goto(f"{ix}/")
    skip = page.locator(".skip-link")
    assert not on_screen(page, skip)  # out of sight until focused
    page.keyboard.press("Tab")
    assert skip.evaluate("el => el === document.activeElement")
    assert on_screen(page, skip)  # then in sight, and on top of whatever is under it
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_the_site_fits_a_phone(browser, live_server, ix):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    try:
        for path in ("/", "/meetings/ix-panama-city-2004/", "/actions/", "/grid/", "/meetings/ix-panama-city-2004/D8/"):
            phone.goto(f"{ix}{path}")
            overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} is {overflow}px wider than a phone"
    finally:
        context.close()
