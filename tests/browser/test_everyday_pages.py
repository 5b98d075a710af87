"""What a delegate reads at a glance, in a real browser: the grid names its columns and does not claim "no
action" where a restricted one may exist, chart labels are whole, meeting cards carry their counts, and a
refused `as_of` says once what is shown. Screenshots go to tests/artifacts/."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, ix_meeting):
    from decisions.models import Action
    from decisions.services.actions import action_update

    canada = Action.objects.get(decision__number="8", decision__parent__isnull=True, responsible__code="CA")
    action_update(action=canada, expected_version=canada.version, visibility=Action.Visibility.SECRETARIAT)
    return live_server.url


def test_the_grid_names_states_and_hides_nothing_behind_no_action(page, site, screenshot):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{site}/grid/")
    headers = page.locator(".grid-state a").all_inner_texts()
    assert "Dominican Republic" in headers and "DO" not in headers
    assert page.locator(".grid-state a", has_text="Canada").get_attribute("title") == "Canada"
    cells = [text.strip() for text in page.locator("td.grid-cell").all_inner_texts()]
    assert "no action" not in cells  # Canada's internal action exists: the public is not told there is none
    assert any(cell.startswith("—") and "no action that you may see" in cell for cell in cells)  # read out too
    screenshot(page, "everyday_grid")
    spanish = page.context.browser.new_context(locale="es-ES", extra_http_headers={"Accept-Language": "es"})
    in_spanish = spanish.new_page()
    in_spanish.goto(f"{site}/grid/")
    assert "República Dominicana" in in_spanish.locator(".grid-state").all_inner_texts()
    spanish.close()


def test_chart_labels_are_whole_and_meeting_cards_have_their_counts(page, site, screenshot):
    page.goto(f"{site}/")
    labels = " ".join(page.locator("svg.chart .chart-label").all_text_contents())
    assert "…" not in labels and "Regional and international" in labels
    screenshot(page, "everyday_dashboard_charts")
    page.goto(f"{site}/meetings/")
    card = page.locator(".card").first
    assert card.locator("svg.chart rect").count() == 3  # noted, not started, implemented
    assert "22 items — Noted 7 · Not started 10 · Implemented 5" in card.inner_text()
    screenshot(page, "everyday_meeting_cards")


def test_a_refused_day_says_once_that_today_is_shown(page, site, screenshot):
    page.goto(f"{site}/?as_of=1990-01-01")
    notice = page.locator(".notice--error").first.inner_text()
    assert "before the Conference existed" in notice
    assert page.content().count("The status of today is shown.") == 1 and "shown instead" not in page.content()
    screenshot(page, "everyday_as_of_refused")
