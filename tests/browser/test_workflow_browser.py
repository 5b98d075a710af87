"""A focal point reports progress with evidence and the Secretariat validates it, in a real browser.
Screenshots of each side go to tests/artifacts/."""

import pytest

from decisions.models import ProgressUpdate
from members.models import Party
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


@pytest.fixture
def people(live_server, ix_meeting):
    focal = user_with_role("Focal point", party=Party.objects.get(code="MX"), username="focal-mx", first_name="Ana")
    ts = user_with_role("Secretariat", username="ts-officer", first_name="Luis")
    for user in (focal, ts):
        user.set_password(PASSWORD)
        user.save()
    return live_server.url


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()


def log_out(page) -> None:
    page.locator(".account form button").click()
    page.wait_for_load_state()


def test_a_report_goes_from_submission_to_publication(page, people, screenshot, tmp_path):
    log_in(page, people, "focal-mx")
    assert "Mexico" in page.locator(".account__party").inner_text()
    page.get_by_role("link", name="My actions").click()
    assert "Migration and Health" in page.locator(".data-table tbody tr").first.inner_text()  # overdue first
    page.locator(".data-table tbody tr").first.get_by_role("link", name="Report progress").click()
    page.select_option("#id_status", "completed")
    page.fill("#id_note", "The seminar was held in **Mexico City** on 2 December 2004.")
    page.fill("#id_links", "https://example.org/seminar-report")
    evidence = tmp_path / "agenda.pdf"
    evidence.write_bytes(b"%PDF-1.4 agenda")
    page.set_input_files("#id_files", str(evidence))
    page.get_by_role("button", name="Submit the report").click()
    page.wait_for_selector(".messages")
    assert "Secretariat will review it" in page.locator(".messages").inner_text()
    screenshot(page, "workflow_focal_point_report")

    # Not public yet.
    log_out(page)
    page.goto(f"{people}/meetings/ix-panama-city-2004/D6/")
    assert "Mexico City" not in page.content()

    log_in(page, people, "ts-officer")
    # page.content() does not wait for a navigation the click started: wait for each page to load first.
    with page.expect_navigation():
        page.get_by_role("link", name="Review queue").click()
    with page.expect_navigation():
        page.locator(".data-table tbody a").first.click()
    assert "<strong>Mexico City</strong>" in page.content()
    screenshot(page, "workflow_review")
    page.check("input[value=validate]")
    page.get_by_role("button", name="Record the review").click()
    page.wait_for_selector(".messages")
    assert "validated" in page.locator(".messages").inner_text()

    log_out(page)
    page.goto(f"{people}/meetings/ix-panama-city-2004/D6/")
    assert "Mexico City" in page.content()  # published: in the decision's timeline
    screenshot(page, "workflow_published")
    update = ProgressUpdate.objects.get()
    assert update.review_state == "validated" and update.action.status == "completed"


def test_a_focal_points_morning_has_no_dead_end(page, people, screenshot, tmp_path):
    """Sign in → My actions → the returned report → correct it (a first try refused, the file named) → resent;
    every link offered on the way works, and none leads to a 403."""
    from decisions.models import Action
    from decisions.services.reports import report_submit, update_return

    seminar = Action.objects.get(decision__number="6", decision__parent__isnull=True)
    focal = seminar.responsible.representatives.get().user
    first = report_submit(action=seminar, by=focal, date=seminar.decision.meeting.end_date, note="Agenda agreed.")
    update_return(update=first, by=user_with_role("Secretariat", username="ts-2"), comment="Say who attended.")

    log_in(page, people, "focal-mx")
    assert page.url.endswith("/my/actions/")  # lands on the work, not the dashboard
    row = page.locator(".data-table tbody tr", has_text="Migration and Health")
    assert "Returned: to correct" in row.inner_text()
    screenshot(page, "morning_focal_point_my_actions")
    for href in page.locator("main a").evaluate_all("links => links.map(a => a.href)"):
        assert page.request.get(href).status < 400, href  # no dead end, no 403
    with page.expect_navigation():  # page.content() alone would read the page still loading
        row.get_by_role("link", name="Correct and send again").click()
    assert "Say who attended." in page.content()
    assert page.input_value("#id_note") == "Agenda agreed."
    page.fill("#id_note", "")
    evidence = tmp_path / "attendance.pdf"
    evidence.write_bytes(b"%PDF-1.4 list")
    page.set_input_files("#id_files", str(evidence))
    page.get_by_role("button", name="Submit the report").click()
    summary = page.locator(".error-summary")
    # The browser moves the focus there itself (autofocus) at its next rendering step: wait for it (polled from
    # here: the page's CSP forbids the string evaluation wait_for_function would use).
    focused = False
    for _ in range(50):
        focused = summary.evaluate("el => el === document.activeElement")
        if focused:
            break
        page.wait_for_timeout(100)
    assert focused and summary.is_visible()
    assert "attendance.pdf" in summary.inner_text()
    screenshot(page, "morning_focal_point_refused")
    page.fill("#id_note", "Agenda agreed; 14 delegations attended (list attached).")
    page.set_input_files("#id_files", str(evidence))
    page.get_by_role("button", name="Submit the report").click()
    page.wait_for_selector(".messages")
    assert "Secretariat will review it" in page.locator(".messages").inner_text()
    resent = seminar.updates.get(resubmission_of=first)
    assert resent.review_state == "submitted" and resent.evidence.count() == 1
    page.get_by_role("link", name="My actions").first.click()
    row = page.locator(".data-table tbody tr", has_text="Migration and Health")
    assert "Returned: to correct" not in row.inner_text() and "Report under review" in row.inner_text()
    screenshot(page, "morning_focal_point_resent")


def test_an_account_made_with_a_one_time_password_chooses_its_own_first(page, people, screenshot):
    """The one-time password printed by `create_account` opens only the password form, until a new one is set;
    then the reader lands on their work."""
    from members.models import Party
    from members.services import account_create

    account_create(
        username="nueva",
        email="nueva@cr.example",
        role="Focal point",
        password="one-time-password-2026",
        party=Party.objects.get(code="CR"),
        one_time_password=True,
    )
    page.goto(f"{people}/accounts/login/")
    page.fill("input[name=username]", "nueva")
    page.fill("input[name=password]", "one-time-password-2026")
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/password/change/")
    assert "one-time password" in page.locator("main").inner_text()
    page.goto(f"{people}/grid/")
    assert page.url.endswith("/accounts/password/change/")  # nothing else until it is changed
    screenshot(page, "one_time_password_change")
    page.fill("input[name=old_password]", "one-time-password-2026")
    page.fill("input[name=new_password1]", "a-password-of-my-own-2026")
    page.fill("input[name=new_password2]", "a-password-of-my-own-2026")
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{people}/my/actions/")
    assert page.url.endswith("/my/actions/") and "Costa Rica" in page.locator("main").inner_text()
