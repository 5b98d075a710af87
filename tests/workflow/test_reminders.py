"""`send_reminders`: digests to focal points and the Secretariat; once a day; --dry-run sends nothing."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from decisions.models import Action, ReminderLog
from decisions.services.actions import action_update
from decisions.services.reports import report_submit
from tests.mailbox import deliver_mail

pytestmark = pytest.mark.django_db
TODAY = "2005-06-15"


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", TODAY, *args, stdout=out)
    deliver_mail()
    return out.getvalue()


@pytest.fixture
def due_soon(mx_action):
    """Mexico's D8 action falls due within 30 days of TODAY; the seminar (D6) is overdue since 2004."""
    return action_update(
        action=mx_action, expected_version=mx_action.version, due_date=datetime.date(2005, 6, 30), due_precision="day"
    )


def test_a_focal_point_gets_due_and_overdue_actions(focal_mx, due_soon):
    out = run()
    assert "queued focal_point_digest to focal@mx.example: 2 items" in out  # D6 overdue, D8 due soon
    body = mail.outbox[0].body
    assert "Overdue" in body and "Migration and Health" in body
    assert "Due in the next 30 days" in body and "Strengthen internal legislation" in body
    assert mail.outbox[0].to == ["focal@mx.example"]


def test_the_secretariat_gets_the_reports_awaiting_review(focal_mx, ts, mx_action):
    report_submit(action=mx_action, by=focal_mx, date=datetime.date(2005, 6, 1), note="Done", status="completed")
    deliver_mail()
    mail.outbox.clear()
    run()
    ts_mail = [m for m in mail.outbox if m.to == ["ts@rcm.example"]]
    assert len(ts_mail) == 1
    assert "1 report awaiting review" in ts_mail[0].subject


def test_running_twice_the_same_day_sends_nothing_new(focal_mx, due_soon):
    run()
    sent = len(mail.outbox)
    assert sent == 1
    out = run()
    assert "0 digests queued" in out
    assert len(mail.outbox) == sent
    assert ReminderLog.objects.count() == 1
    call_command("send_reminders", "--date", "2005-06-16", stdout=io.StringIO())
    deliver_mail()
    assert len(mail.outbox) == sent + 1  # the next day, a new digest


def test_dry_run_prints_and_sends_nothing(focal_mx, due_soon):
    out = run("--dry-run")
    assert "would send focal_point_digest to focal@mx.example" in out
    assert not mail.outbox
    assert not ReminderLog.objects.exists()


def test_nothing_due_means_no_email(focal_mx):
    Action.objects.filter(responsible__code="MX").update(status="completed")
    assert "0 digests queued" in run()
    assert not mail.outbox


def test_a_bad_date_is_one_readable_line():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "15/06/2005")
