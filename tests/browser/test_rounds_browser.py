"""A reporting round in a real browser: two focal points of one party on one packet (the second to save meets the
first's answer, with their own input kept), then the packet submitted and the Secretariat's completeness page;
axe-core finds no violation on the round pages in either language, and their headings are in order."""

import datetime

import pytest

from decisions.models import Action, PacketAnswer
from decisions.services.rounds import round_open, round_save
from members.models import Party
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


@pytest.fixture
def world(live_server, ix_meeting):
    from decisions.models import ReportingRound

    mexico = Party.objects.get(code="MX")
    ana = user_with_role("Focal point", party=mexico, username="ana", first_name="Ana", password=PASSWORD)
    bea = user_with_role("Focal point", party=mexico, username="bea", first_name="Beatriz", password=PASSWORD)
    ts = user_with_role("Secretariat", username="ts-officer", password=PASSWORD)
    today = datetime.date.today()
    round = ReportingRound(
        title_en="Report to the X Meeting",
        title_es="Informe a la X Reunión",
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=30),
    )
    round = round_open(round=round_save(round=round, meetings=[ix_meeting], by=ts), by=ts)
    d10 = Action.objects.get(responsible=mexico, decision__number="10")
    return {"base": live_server.url, "round": round, "ana": ana, "bea": bea, "ts": ts, "d10": d10}


def signed_in(browser, base: str, username: str, language: str = "en"):
    context = browser.new_context(extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    return context, page


def test_two_focal_points_on_one_packet(browser, world, screenshot):
    base, d10 = world["base"], world["d10"]
    packet = f"{base}/my/rounds/{world['round'].pk}/"
    ana_context, ana = signed_in(browser, base, "ana")
    bea_context, bea = signed_in(browser, base, "bea")
    ana.goto(packet)
    bea.goto(packet)
    bea.fill(f"#id_a{d10.pk}-note", "Two centres open in Tijuana")
    bea.locator(f"button[name=save_row][value='{d10.pk}']").click()
    bea.wait_for_load_state()
    assert "Draft saved" in bea.content()
    # Ana's page still shows no answer: her save meets Beatriz's, and keeps what she typed.
    ana.fill(f"#id_a{d10.pk}-note", "Nothing yet")
    ana.locator(f"button[name=save_row][value='{d10.pk}']").click()
    ana.wait_for_selector(".error-summary")
    row = ana.locator(f"#row-{d10.pk}")
    assert "Two centres open in Tijuana" in row.inner_text() and "Beatriz" in row.inner_text()
    assert ana.input_value(f"#id_a{d10.pk}-note") == "Nothing yet"
    screenshot(ana, "round_packet_stale_row")
    # She agrees with Beatriz after all: "No change" elsewhere, then the packet is submitted.
    ana.goto(packet)
    first = Action.objects.filter(responsible=d10.responsible).order_by("decision__position").first()
    ana.locator(f"button[name=no_change][value='{first.pk}']").click()
    ana.wait_for_load_state()
    ana.locator("button[name=submit]").click()
    ana.wait_for_load_state()
    assert "Packet submitted" in ana.content()
    assert set(PacketAnswer.objects.values_list("state", flat=True)) == {"submitted"}
    ana_context.close()
    bea_context.close()
    ts_context, ts = signed_in(browser, base, "ts-officer")
    ts.goto(f"{base}/rounds/{world['round'].pk}/")
    assert "Parties: 0 answered everything, 1 partly, 10 silent." in ts.content()
    screenshot(ts, "round_completeness")
    ts_context.close()


def test_the_round_pages_have_no_axe_violation_and_ordered_headings(browser, world):
    from axe_playwright_python.sync_playwright import Axe

    base, round, d10 = world["base"], world["round"], world["d10"]
    pages = {"ana": ["/my/rounds/", f"/my/rounds/{round.pk}/"], "ts-officer": ["/rounds/", f"/rounds/{round.pk}/"]}
    found, disordered = {}, {}
    for language in ("en", "es"):
        for username, paths in pages.items():
            context, page = signed_in(browser, base, username, language)
            for path in paths:
                page.goto(base + path)
                if path.startswith("/my/rounds/") and path != "/my/rounds/":
                    page.fill(f"#id_a{d10.pk}-evidence_url", "not a link")  # the refused form, with its summary
                    page.locator(f"button[name=save_row][value='{d10.pk}']").click()
                    page.wait_for_selector(".error-summary")
                results = Axe().run(page)
                if results.violations_count:
                    found[f"{language} {path}"] = [v["id"] for v in results.response["violations"]]
                levels = page.locator("main h1, main h2, main h3, main h4").evaluate_all(
                    "hs => hs.map(h => +h.tagName[1])"
                )
                if not (
                    levels and levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
                ):
                    disordered[f"{language} {path}"] = levels
            context.close()
    assert not found, found
    assert not disordered, disordered
