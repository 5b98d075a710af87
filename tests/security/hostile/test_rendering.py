"""Every text field holding a payload of every text family, stored through the services, and every place that
shows it — the public pages, the printable report, the focal point's and the Secretariat's pages, the admin,
the Atom and iCalendar feeds, the CSV and XLSX exports, the API (JSON, CSV and its browsable HTML) and the
e-mails — read back: inert in each, and the payload visibly there as text (so the check is not vacuous)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from decisions.models import DecisionLink, ProgressUpdate
from decisions.services.actions import action_create, action_record_progress, action_update
from decisions.services.decisions import decision_link_create, decision_save
from decisions.services.reports import report_submit, update_return, update_validate
from tests.mailbox import deliver_mail
from tests.security.hostile.catalogue import COMBINED, KEPT_AS_TEXT, PAYLOADS
from tests.security.hostile.inert import assert_inert_email, assert_inert_response
from tests.security.hostile.world import build_world, module_transaction

pytestmark = pytest.mark.django_db

TEXT_PAYLOADS = [payload for family in sorted(KEPT_AS_TEXT) for payload in PAYLOADS[family]]
MARKER = "alert(1)"


@pytest.fixture(scope="module")
def hostile(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small world, with a payload in every text field a reader may see."""
    with module_transaction(django_db_blocker, tmp_path_factory):
        world = build_world()
        _store_payloads(world)
        yield world


def _store_payloads(world) -> None:
    day = datetime.date(2004, 9, 1)
    meeting = world.meeting
    meeting.title_en, meeting.city_en, meeting.source_text = COMBINED, COMBINED, COMBINED
    meeting.full_clean()
    meeting.save()  # meetings are edited in the admin only, which saves them so
    decision = world.fresh(world.decision)
    decision.text_en, decision.due_text = COMBINED, COMBINED
    decision_save(decision=decision)
    for party in (world.mexico,):
        party.name_en = "Mexico " + COMBINED
        party.save()
    world.theme.name_en = COMBINED
    world.theme.save()
    world.document.title_en, world.document.origin_en = COMBINED, COMBINED
    world.document.save()
    decision_link_create(source=world.control_decision, target=decision, relation="reiterates", note=COMBINED)
    action = world.fresh(world.action)
    action_update(action=action, expected_version=action.version, title_en=COMBINED, description_en=COMBINED,
                  due_text=COMBINED[:200])  # fmt: skip
    for payload in TEXT_PAYLOADS:  # one action per payload: a title that starts with it, and a progress note
        due = {"due_date": datetime.date(2004, 12, 31), "due_precision": "quarter"}
        each = action_create(
            decision=decision, responsible=world.mexico, title_en=payload, description_en=payload, **due
        )
        action_record_progress(action=each, by=world.ts, date=day, status="in_progress", note=payload)
    world.focal.first_name = COMBINED[:150]  # the author's name is copied onto their reports
    world.focal.save()
    files = [SimpleUploadedFile(name, content) for name, content in PAYLOADS["path_traversal"][:4]]
    links = ['https://example.org/?q="><script>alert(1)</script>']
    returned = report_submit(action=world.fresh(world.action), by=world.focal, date=day, note=COMBINED,
                             status="in_progress", files=files, links=links)  # fmt: skip
    update_validate(update=world.fresh(world.pending), by=world.ts, comment=COMBINED)
    update_return(update=returned, by=world.ts, comment=COMBINED)
    report_submit(
        action=world.fresh(world.action), by=world.focal, date=day, note=COMBINED, resubmission_of=world.fresh(returned)
    )


def _history(model_name: str, obj) -> str:
    return reverse(f"admin:decisions_{model_name}_history", args=[obj.pk])


BROWSER = {"HTTP_ACCEPT": "text/html"}  # the API's browsable pages
NO_FREE_TEXT = {"grid"}  # statuses by decision reference and state code: no stored text to show

# name → (who reads it, the address)
RENDERINGS = {
    "dashboard": (None, lambda w: reverse("decisions:home")),
    "dashboard as of a past day": (None, lambda w: reverse("decisions:home") + "?as_of=2004-12-31"),
    "meeting list": (None, lambda w: reverse("decisions:meeting-list")),
    "meeting page": (None, lambda w: w.meeting.get_absolute_url()),
    "printable report": (None, lambda w: reverse("decisions:meeting-report", args=[w.meeting.slug])),
    "decision page": (None, lambda w: w.decision.get_absolute_url()),
    "decision page of the linked item": (None, lambda w: w.control_decision.get_absolute_url()),
    "decision list": (None, lambda w: reverse("decisions:decision-list")),
    "action list": (None, lambda w: reverse("decisions:action-list")),
    "action page": (None, lambda w: w.action.get_absolute_url()),
    "grid": (None, lambda w: reverse("decisions:grid")),
    "party list": (None, lambda w: reverse("decisions:party-list")),
    "party page": (None, lambda w: reverse("decisions:party-detail", args=["MX"])),
    "theme list": (None, lambda w: reverse("decisions:theme-list")),
    "theme page": (None, lambda w: reverse("decisions:theme-detail", args=[w.theme.slug])),
    "search": (None, lambda w: reverse("decisions:search") + "?q=alert"),
    "atom feed": (None, lambda w: reverse("decisions:feed-updates")),
    "meeting atom feed": (None, lambda w: reverse("decisions:feed-meeting-updates", args=[w.meeting.slug])),
    "party atom feed": (None, lambda w: reverse("decisions:feed-party-updates", args=["MX"])),
    "calendar": (None, lambda w: reverse("decisions:calendar")),
    "party calendar": (None, lambda w: reverse("decisions:party-calendar", args=["MX"])),
    "decisions csv": (None, lambda w: reverse("decisions:decision-export", args=["csv"])),
    "decisions xlsx": (None, lambda w: reverse("decisions:decision-export", args=["xlsx"])),
    "actions csv": (None, lambda w: reverse("decisions:action-export", args=["csv"])),
    "actions xlsx": (None, lambda w: reverse("decisions:action-export", args=["xlsx"])),
    "my actions": ("focal", lambda w: reverse("workflow:my-actions")),
    "report form": ("focal", lambda w: reverse("workflow:report", args=[w.action.pk])),
    "review queue": ("ts", lambda w: reverse("workflow:review-list")),
    "review page": ("ts", lambda w: reverse("workflow:review-detail", args=[ProgressUpdate.objects.latest("pk").pk])),
    "admin decisions": ("ts", lambda w: reverse("admin:decisions_decision_changelist")),
    "admin decision": ("ts", lambda w: reverse("admin:decisions_decision_change", args=[w.decision.pk])),
    "admin decision timeline": ("ts", lambda w: reverse("admin:decisions_decision_timeline", args=[w.decision.pk])),
    "admin actions": ("ts", lambda w: reverse("admin:decisions_action_changelist")),
    "admin action": ("ts", lambda w: reverse("admin:decisions_action_change", args=[w.action.pk])),
    "admin action history": ("ts", lambda w: _history("action", w.action)),
    "admin meetings": ("ts", lambda w: reverse("admin:decisions_meeting_changelist")),
    "admin meeting": ("ts", lambda w: reverse("admin:decisions_meeting_change", args=[w.meeting.pk])),
    "admin progress log": ("ts", lambda w: reverse("admin:decisions_progressupdate_changelist")),
    "admin progress update": ("ts", lambda w: reverse("admin:decisions_progressupdate_change", args=[w.pending.pk])),
    "admin parties": ("ts", lambda w: reverse("admin:members_party_changelist")),
    "admin themes": ("ts", lambda w: reverse("admin:decisions_theme_changelist")),
    "admin documents": ("ts", lambda w: reverse("admin:decisions_document_changelist")),
    "admin links": ("ts", lambda w: reverse("admin:decisions_decisionlink_changelist")),
    "admin link": (
        "ts",
        lambda w: reverse("admin:decisions_decisionlink_change", args=[DecisionLink.objects.latest("pk").pk]),
    ),
    "admin search": ("ts", lambda w: reverse("admin:decisions_action_changelist") + "?q=alert"),
    "api actions": (None, lambda w: reverse("api:action-list") + "?page_size=100"),
    "api actions csv": (None, lambda w: reverse("api:action-list") + "?format=csv&page_size=100"),
    "api actions browsable": ("ts", lambda w: reverse("api:action-list")),
    "api decision browsable": (None, lambda w: reverse("api:decision-detail", args=[w.decision.pk])),
    "api progress log": ("ts", lambda w: reverse("api:progress-update-list") + "?page_size=100"),
    "api meeting": (None, lambda w: reverse("api:meeting-detail", args=[w.meeting.slug])),
}


@pytest.mark.parametrize("name", list(RENDERINGS))
def test_stored_payloads_are_shown_inert(hostile, name):
    role, address = RENDERINGS[name]
    client = Client()
    if role:
        client.force_login({"focal": hostile.focal, "ts": hostile.ts}[role])
    response = client.get(address(hostile), **(BROWSER if name.endswith("browsable") else {}))
    assert response.status_code == 200, (name, response.status_code)
    shown = assert_inert_response(response, name)
    if name not in NO_FREE_TEXT:
        assert MARKER in shown or "HYPERLINK" in shown, f"{name}: no payload reached it, the check proves nothing"


def test_every_formula_payload_is_neutralised_in_every_export(hostile):
    """One row per formula payload (each action's title starts with one): every export has them all, defused."""
    client = Client()
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("decisions:action-export", args=[fmt]))
        shown = assert_inert_response(response, fmt)
        for payload in PAYLOADS["formula"]:
            assert payload.strip()[:6] in shown, (fmt, payload)
    api = client.get(reverse("api:action-list") + "?format=csv&page_size=200")
    assert_inert_response(api, "api csv")


@pytest.mark.parametrize("notification", ["submitted", "validated", "returned", "reminders", "password reset"])
def test_emails_are_plain_text_with_one_line_subjects(hostile, notification, django_capture_on_commit_callbacks):
    """E-mails are text/plain (a payload in them is text, whatever it says); no header is smuggled in."""
    deliver_mail()  # what the setting-up queued
    mail.outbox.clear()
    action = hostile.fresh(hostile.action)
    with django_capture_on_commit_callbacks(execute=True):
        if notification == "reminders":
            call_command("send_reminders", stdout=io.StringIO())
        elif notification == "password reset":
            Client().post(reverse("password_reset"), {"email": hostile.focal.email})
        else:
            report = report_submit(action=action, by=hostile.focal, date=datetime.date(2004, 9, 2),
                                   note=PAYLOADS["control_characters"][1] + COMBINED)  # fmt: skip
            if notification == "validated":
                update_validate(update=report, by=hostile.ts, comment=COMBINED)
            if notification == "returned":
                update_return(update=report, by=hostile.ts, comment=PAYLOADS["control_characters"][1])
    deliver_mail()
    assert mail.outbox, notification
    for message in mail.outbox:
        shown = assert_inert_email(message, notification)
        assert MARKER in shown or notification == "password reset", f"{notification}: no payload reached it"
