"""An officer imports a Spanish declaration as a new meeting through the admin's preview, correcting its address
there, adds its English text through the meeting's "Add the English text", publishes it, and the public meeting
page shows every item in both languages. Screenshots go to tests/artifacts/ for a person to look at."""

from pathlib import Path

import pytest

from decisions.models import Decision, Meeting
from tests.browser.test_admin_browser import log_in
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TESTS = Path(__file__).resolve().parents[1]
SPANISH = TESTS / "parsing" / "texts" / "es_rcgm_managua_2014.txt"  # the RCGM's conclusions, Managua 2014
ENGLISH = TESTS / "parsing" / "corpus" / "en_rcgm_header_block.txt"  # the same conclusions in English
SLUG = "rcgm-managua-november-2014"


@pytest.fixture
def officer(ix_parties):
    return StaffFactory(username="officer", password="a-long-test-password")


def words(text: str) -> str:
    return " ".join(text.split())


def shown_items(page) -> dict[str, str]:
    """Each item's text as the meeting page shows it (its own text, not its sub-items'), by reference."""
    items = page.locator("li.item")
    return {
        items.nth(n).get_attribute("id"): words(items.nth(n).locator("> .item__text").inner_text())
        for n in range(items.count())
    }


def switch_language(page, language: str) -> None:
    page.select_option("#language-select", language)
    page.locator(".language button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language


def test_a_spanish_declaration_imported_then_given_its_english_text(page, live_server, officer, screenshot):
    log_in(page, live_server)

    # 1. The Spanish text, pasted into "Import a declaration", previewed, its address corrected, confirmed.
    page.goto(f"{live_server.url}/admin/decisions/meeting/import/")
    page.fill("#id_text", SPANISH.read_text(encoding="utf-8"))
    page.locator("input[type=submit][value=Preview]").click()
    page.wait_for_selector("#meeting-corrections")
    assert page.locator("#id_slug_preview").input_value() == "rcgm-managua-2014"
    assert page.locator("#id_city").input_value() == "Managua"
    assert "meeting ordinal not found" in page.locator("#meeting-corrections").inner_text()
    page.fill("#id_slug_preview", SLUG)
    screenshot(page, "import_preview_spanish_corrected")
    page.locator("input[type=submit].default").click()
    page.wait_for_selector(".messagelist")
    assert "as a draft" in page.locator(".messagelist").inner_text()
    meeting = Meeting.objects.get()
    assert (meeting.slug, meeting.source_language, meeting.is_published) == (SLUG, "es", False)
    assert meeting.decisions.count() == 6 and not any(meeting.decisions.values_list("text_en", flat=True))
    screenshot(page, "import_meeting_created_draft")

    # 2. Its English text, through the meeting's own "Add the English text": every pair shown, then added.
    page.get_by_role("link", name="Add the English text").click()
    assert page.locator("#id_language").input_value() == "en"
    page.fill("#id_text", ENGLISH.read_text(encoding="utf-8"))
    page.locator("input[type=submit][value=Preview]").click()
    page.wait_for_selector("#language-pairs")
    assert page.locator("#language-pairs tbody tr").count() == 6
    screenshot(page, "import_english_pairs")
    page.locator("input[type=submit].default").click()
    page.wait_for_selector(".messagelist")
    assert "6 items now have their text in this language" in page.locator(".messagelist").inner_text()

    # 3. Published from its admin page.
    page.check("#id_is_published")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert Meeting.objects.get().is_published

    # 4. The public page, item by item, in English and then in Spanish.
    decisions = list(Decision.objects.select_related("parent").order_by("position"))
    page.goto(f"{live_server.url}/meetings/{SLUG}/")
    switch_language(page, "en")
    assert "Managua" in page.locator(".lead").first.inner_text()
    assert shown_items(page) == {d.reference: words(d.text_en) for d in decisions}
    assert page.locator("#D2 > .item__text").get_attribute("lang") is None  # English, as the page is
    screenshot(page, "import_meeting_page_english")

    switch_language(page, "es")
    assert shown_items(page) == {d.reference: words(d.text_es) for d in decisions}
    assert "Agradecer al Gobierno de Nicaragua" in page.locator("#D2 > .item__text").inner_text()
    assert "Tomar nota del informe" in page.locator("#D1\\.a > .item__text").inner_text()
    screenshot(page, "import_meeting_page_spanish")
