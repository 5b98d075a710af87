"""A whole reporting round in a real browser, as the people in it live through it.

The Secretariat prepares and opens the round in the admin; two focal points of Mexico answer one packet, one
on the page and one through the spreadsheet (a row the other had answered since the download is refused as
stale); the packet is submitted; the Secretariat validates some answers and returns one; the grid shows what
Mexico reported beside what was validated, and the countries that stayed silent; the round's report is frozen;
a later report changes a status, and the frozen report and its PDF stay as they were while the live one moves."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from decisions.models import Action, PacketAnswer, ProgressUpdate, ReportingRound
from decisions.models.rounds import PACKET_ACTION_STATUSES
from members.models import Party
from tests.browser.test_rounds_browser import PASSWORD, signed_in
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server, ix_meeting):
    mexico = Party.objects.get(code="MX")
    user_with_role("Focal point", party=mexico, username="ana", first_name="Ana", password=PASSWORD)
    user_with_role("Focal point", party=mexico, username="bea", first_name="Beatriz", password=PASSWORD)
    user_with_role("Secretariat", username="ts-officer", password=PASSWORD, is_staff=True)
    open_ones = Action.objects.filter(responsible=mexico, status__in=PACKET_ACTION_STATUSES)
    actions = list(open_ones.order_by("decision__position", "pk")[:4])
    return {"base": live_server.url, "meeting": ix_meeting, "mexico": mexico, "actions": actions}


def round_prepared_and_opened(page, base: str) -> ReportingRound:
    """The Secretariat's admin: title in both languages, dates, the IX Meeting; then "Open the round"."""
    today = datetime.date.today()
    page.goto(f"{base}/admin/decisions/reportinground/add/")
    page.fill("#id_title_en", "Report to the X Meeting")
    page.fill("#id_title_es", "Informe a la X Reunión")
    page.fill("#id_opens_on", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_closes_on", (today + datetime.timedelta(days=30)).isoformat())
    page.locator(".field-meetings .select2-selection").click()  # the meetings the admin's search offers
    page.get_by_role("option", name="IX Meeting of the Regional Conference on Migration").click()
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    round = ReportingRound.objects.get()
    page.locator("button", has_text="Open the round").click()
    page.wait_for_load_state()
    assert "its focal points are told" in page.content()
    round.refresh_from_db()
    assert round.opened_at is not None and round.meetings.get().ordinal == 9
    return round


def sheet_edited(data: bytes, answers: dict[int, tuple[str, str]]) -> bytes:
    """The downloaded packet with new status and note typed on the rows of the given actions."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["packet"]
    header = [cell.value for cell in sheet[1]]
    status_column, note_column = header.index("New status") + 1, header.index("Note") + 1
    for row in range(2, sheet.max_row + 1):
        action_id = sheet.cell(row=row, column=1).value
        if action_id in answers:
            status, note = answers[action_id]
            sheet.cell(row=row, column=status_column, value=status)
            sheet.cell(row=row, column=note_column, value=note)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_whole_round(browser, world, screenshot, tmp_path):
    base = world["base"]
    first, second, third, fourth = world["actions"]
    ts_context, ts = signed_in(browser, base, "ts-officer")
    round = round_prepared_and_opened(ts, base)
    packet = f"{base}/my/rounds/{round.pk}/"

    # Beatriz downloads the packet to fill it offline.
    bea_context, bea = signed_in(browser, base, "bea")
    bea.goto(packet)
    with bea.expect_download() as download:
        bea.get_by_role("link", name="Download as a spreadsheet").first.click()
    exported = download.value.path().read_bytes()

    # Meanwhile Ana answers the first action on the page.
    ana_context, ana = signed_in(browser, base, "ana")
    ana.goto(packet)
    ana.select_option(f"#id_a{first.pk}-status", "in_progress")
    ana.fill(f"#id_a{first.pk}-note", "Two reception centres opened in Tijuana")
    ana.locator(f"button[name=save_row][value='{first.pk}']").click()
    ana.wait_for_load_state()
    assert "Draft saved" in ana.content()

    # Beatriz's file answers the first (now stale) and the second action: the first is refused, with the reason.
    filled = tmp_path / "packet.xlsx"
    filled.write_bytes(
        sheet_edited(
            exported,
            {first.pk: ("Completed", "All centres open"), second.pk: ("Completed", "The protocol was signed")},
        )
    )
    bea.goto(f"{packet}sheet/upload/")
    bea.set_input_files("input[type=file]", str(filled))
    bea.locator("main button[type=submit]").click()
    bea.wait_for_load_state()
    refused = bea.locator(".sheet-refused")
    assert refused.count() == 1 and "Ana" in refused.inner_text()
    assert "Nothing was recorded." in bea.content()
    screenshot(bea, "whole_round_sheet_stale_row")
    # She leaves that row as she downloaded it, uploads again and confirms: only the second answer is recorded,
    # and Ana's answer stands.
    filled.write_bytes(sheet_edited(exported, {second.pk: ("Completed", "The protocol was signed")}))
    bea.goto(f"{packet}sheet/upload/")
    bea.set_input_files("input[type=file]", str(filled))
    bea.locator("main button[type=submit]").click()
    bea.wait_for_load_state()
    assert "1 to record" in bea.content()
    bea.get_by_role("button", name="Confirm and record").click()
    bea.wait_for_load_state()
    answers = {answer.action_id: answer for answer in PacketAnswer.objects.all()}
    assert answers[first.pk].note == "Two reception centres opened in Tijuana"
    assert answers[second.pk].note == "The protocol was signed" and answers[second.pk].status == "completed"
    bea_context.close()

    # Ana reports the third action completed, says "no change" on the fourth, and submits the packet.
    ana.goto(packet)
    ana.select_option(f"#id_a{third.pk}-status", "completed")
    ana.fill(f"#id_a{third.pk}-note", "The campaign ran in every state")
    ana.locator(f"button[name=save_row][value='{third.pk}']").click()
    ana.wait_for_load_state()
    ana.locator(f"button[name=no_change][value='{fourth.pk}']").click()
    ana.wait_for_load_state()
    ana.locator("button[name=submit]").click()
    ana.wait_for_load_state()
    assert "Packet submitted" in ana.content()
    ana_context.close()

    # The Secretariat validates the second and fourth answers, returns the first and leaves the third for later.
    for action, decision in ((second, "validate"), (fourth, "validate"), (first, "return")):
        report = ProgressUpdate.objects.get(action=action, review_state="submitted")
        ts.goto(f"{base}/review/{report.pk}/")
        ts.check(f"input[name=decision][value={decision}]")
        ts.fill("textarea[name=comment]", "Please attach the opening act." if decision == "return" else "")
        ts.get_by_role("button", name="Record the review").click()
        ts.wait_for_load_state()
    second.refresh_from_db()
    assert second.status == "completed"
    assert ProgressUpdate.objects.get(action=first).review_state == "returned"

    # The grid: Mexico's third action as validated beside what Mexico reported (they differ); the countries
    # that did not answer are silent.
    ts.goto(f"{base}/grid/")
    third_cell = ts.locator(f"td:has(a[href='{third.get_absolute_url()}'])")
    assert "Self-reported: Completed" in third_cell.inner_text() and "Differs" in third_cell.inner_text()
    assert ts.locator("main .badge--silent").count() > 0
    screenshot(ts, "whole_round_grid")

    # The Secretariat freezes the round's report: the report presented to the X Meeting.
    ts.goto(f"{base}/rounds/{round.pk}/")
    ts.check("input[name=confirm]")
    ts.get_by_role("button", name="Freeze the round's report").click()
    ts.wait_for_load_state()
    round.refresh_from_db()
    assert round.frozen_at is not None
    slug = world["meeting"].slug
    frozen = f"{base}/meetings/{slug}/report/?as_known_at={round.pk}"
    frozen_pdf = f"{base}/meetings/{slug}/report.pdf?lang=en&as_known_at={round.pk}"
    live = f"{base}/meetings/{slug}/report/"

    def report_text(url: str) -> str:
        ts.goto(url)
        return ts.locator("article.report-doc").inner_text()

    frozen_before, pdf_before = report_text(frozen), ts.request.get(frozen_pdf).body()
    assert "As presented to Report to the X Meeting" in frozen_before and pdf_before.startswith(b"%PDF")
    screenshot(ts, "whole_round_frozen_report")

    # A later report changes a status: the Secretariat validates Mexico's "completed" on the third action.
    report = ProgressUpdate.objects.get(action=third, review_state="submitted")
    ts.goto(f"{base}/review/{report.pk}/")
    ts.check("input[name=decision][value=validate]")
    ts.get_by_role("button", name="Record the review").click()
    ts.wait_for_load_state()
    third.refresh_from_db()
    assert third.status == "completed"
    assert report_text(frozen) == frozen_before
    assert ts.request.get(frozen_pdf).body() == pdf_before
    live_now = report_text(live)
    row = ts.locator("tr", has_text=str(third.title)).filter(has_text="Mexico")
    assert "Completed" in row.inner_text() and live_now != frozen_before
    ts_context.close()
