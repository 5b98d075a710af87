"""No stored payload runs in a real browser: script, event-handler and `javascript:` payloads stored through the
services are opened where they show — the public decision, action and meeting pages, the printable report, the
dashboard, the focal point's report page, the Secretariat's review page and the admin — with a dialog handler,
a console listener and a `window.__pwned` sentinel each payload would set; the CSP reports nothing."""

import datetime

import pytest
from django.urls import reverse

from decisions.services.actions import action_record_progress, action_update
from decisions.services.decisions import decision_save
from decisions.services.reports import report_submit, update_return
from tests.security.hostile.world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    '"><img src=x onerror="window.__pwned = \'img\'; alert(1)">',
    "<svg onload=\"window.__pwned = 'svg'\"></svg>",
    "[click me](javascript:window.__pwned='link')",
    "javascript:window.__pwned='href'",
    "</textarea><script>window.__pwned = 'textarea'</script>",
]
PAYLOAD = " ".join(PAYLOADS)
# Installed before any page script: records CSP violations (ours blocked, or an injection the policy stopped).
URLS_OF = "els => els.map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))"
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture
def hostile(live_server):
    world = build_world()
    day = datetime.date(2004, 9, 1)
    world.meeting.title_en = world.meeting.city_en = PAYLOADS[1]
    world.meeting.save()
    decision = world.fresh(world.decision)
    decision.text_en = PAYLOAD
    decision_save(decision=decision)
    action = world.fresh(world.action)
    action_update(action=action, expected_version=action.version, title_en=PAYLOADS[1], description_en=PAYLOAD)
    action_record_progress(action=world.fresh(world.action), by=world.ts, date=day, status="in_progress", note=PAYLOAD)
    world.focal.first_name = PAYLOADS[2]
    world.focal.save()
    returned = report_submit(action=world.fresh(world.action), by=world.focal, date=day, note=PAYLOAD)
    update_return(update=returned, by=world.ts, comment=PAYLOAD)
    world.pending_review = report_submit(action=world.fresh(world.action), by=world.focal, date=day, note=PAYLOAD,
                                         resubmission_of=world.fresh(returned))  # fmt: skip
    for user in (world.root, world.focal):
        user.set_password(PASSWORD)
        user.save()
    world.base = live_server.url
    return world


@pytest.fixture
def watched(page):
    """The page, with what would show that something ran: dialogs, console errors, CSP violations."""
    seen = {"dialogs": [], "console": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: seen["console"].append(message.text) if message.type == "error" else None)
    page.add_init_script(WATCH)
    return page, seen


def visit(watched, url: str) -> None:
    page, seen = watched
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(100)  # let image errors and load events fire
    where = url
    pwned, violations = page.evaluate("window.__pwned"), page.evaluate("window.__violations")
    assert pwned is None, f"{where}: an injected script ran ({pwned})"
    assert violations == [], f"{where}: the CSP blocked something: {violations}"
    assert not seen["dialogs"], f"{where}: a dialog opened: {seen['dialogs']}"
    hrefs = page.eval_on_selector_all("[href], [src], [action]", URLS_OF)
    assert not [h for h in hrefs if h and h.replace(" ", "").lower().startswith(("javascript:", "data:text"))], where
    assert "__pwned" in page.content(), f"{where}: no payload on the page: the check would prove nothing"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()


def test_no_injected_script_runs_anywhere(watched, hostile):
    page, seen = watched
    base = hostile.base
    for url in (
        hostile.decision.get_absolute_url(),
        hostile.action.get_absolute_url(),
        hostile.meeting.get_absolute_url(),
        reverse("decisions:meeting-report", args=[hostile.meeting.slug]),
        reverse("decisions:home"),
        reverse("decisions:search") + "?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E+pwned",
    ):
        visit(watched, base + url)

    log_in(page, base, "focal-mx")
    visit(watched, base + reverse("workflow:report", args=[hostile.action.pk]))

    page.context.clear_cookies()
    log_in(page, base, "root")
    for url in (
        reverse("workflow:review-detail", args=[hostile.pending_review.pk]),
        reverse("admin:decisions_decision_change", args=[hostile.decision.pk]),
        # Listed by its item's citation: PostgreSQL's full text skips what looks like markup, so the payload's
        # own words are not a search that finds it there.
        reverse("admin:decisions_action_changelist") + "?q=" + hostile.action.decision.reference,
        reverse("admin:decisions_action_change", args=[hostile.action.pk]),
        reverse("admin:decisions_progressupdate_changelist"),
    ):
        visit(watched, base + url)
    # What a Markdown link became goes nowhere dangerous when clicked.
    page.goto(base + hostile.action.get_absolute_url())
    for link in page.locator("main a", has_text="click me").all():
        link.click()
    assert page.evaluate("window.__pwned") is None
    assert not [text for text in seen["console"] if "Content Security Policy" in text], seen["console"]
