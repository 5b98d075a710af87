"""Round e-mail: the opening reaches each focal point once, in their language; the packet one message to the
Secretariat; the reminders before and after the closing date go once each, to the parties that still owe."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from decisions.models import PacketAnswer, ReportingRound
from decisions.services.rounds import packet_answer_save, packet_submit, round_open, round_save
from members.models import LanguagePreference, Party
from outbox.models import OutboxMessage
from tests.factories import user_with_role
from tests.mailbox import deliver_mail
from tests.workflow.rounds.support import make_round

pytestmark = pytest.mark.django_db
CLOSES = datetime.date(2027, 3, 31)


def round_keys(prefix: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(key__startswith=prefix).values_list("key", flat=True))


def test_opening_tells_each_focal_point_once_in_their_language(ix_round, ts, focal_mx, focal_mx_b, focal_cr):
    LanguagePreference.objects.create(user=focal_mx_b, language="es")
    round_open(round=ix_round, by=ts)
    deliver_mail()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"focal@mx.example", "b@mx.example", focal_cr.email}
    assert "Report to the X Meeting" in by_address["focal@mx.example"].subject
    spanish = by_address["b@mx.example"]
    assert "Informe a la X Reunión" in spanish.subject
    assert "Ronda" in spanish.subject or "ronda" in spanish.body
    assert f"/my/rounds/{ix_round.pk}/" in spanish.body
    # Saving the round again (or a second opening attempt) writes no second copy.
    round_save(round=ReportingRound.objects.get(pk=ix_round.pk), by=ts)
    assert len(round_keys("round-opened:")) == 3


def test_a_party_added_to_an_opened_round_is_told(ts, ix_meeting, focal_mx, focal_cr):
    round = make_round(ts, [ix_meeting], parties=[Party.objects.get(code="CR")])
    round_open(round=round, by=ts)
    assert len(round_keys("round-opened:")) == 1
    round_save(
        round=ReportingRound.objects.get(pk=round.pk), parties=list(Party.objects.filter(code__in=["CR", "MX"])), by=ts
    )
    assert round_keys("round-opened:") == sorted(
        [f"round-opened:{round.pk}:{focal_cr.pk}", f"round-opened:{round.pk}:{focal_mx.pk}"]
    )


def test_a_packet_is_one_message_to_the_secretariat(open_round, focal_mx, mexico, mx_actions, ts):
    for action in mx_actions[:3]:
        packet_answer_save(round=open_round, action=action, by=focal_mx, kind="no_change", expected_version=0)
    packet_submit(round=open_round, party=mexico, by=focal_mx)
    assert not round_keys("report-submitted:")  # not one per report
    keys = round_keys("packet-submitted:")
    assert len(keys) == 1
    body = OutboxMessage.objects.get(key=keys[0]).body
    assert "Mexico" in body and "D8" in body and "No change since the last report" in body


def run(today: datetime.date, *args) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", today.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def closing_round(ts, ix_meeting, focal_mx, focal_cr):
    round = make_round(
        ts,
        [ix_meeting],
        parties=list(Party.objects.filter(code__in=["MX", "CR"])),
        opens_on=datetime.date(2027, 1, 1),
        closes_on=CLOSES,
    )
    return round_open(round=round, by=ts)


def test_the_reminder_before_closing_goes_once_to_those_who_owe(closing_round, focal_mx, focal_cr, mexico, settings):
    settings.ROUND_REMINDER_DAYS = 7
    assert "round reminder" not in run(CLOSES - datetime.timedelta(days=8))  # too early
    dry = run(CLOSES - datetime.timedelta(days=7), "--dry-run")
    assert "would send the round reminder before" in dry
    assert not round_keys("round-reminder-")
    # Costa Rica answers everything meanwhile: only Mexico's focal point is reminded.
    cr = Party.objects.get(code="CR")
    for action in cr.actions.all():
        packet_answer_save(round=closing_round, action=action, by=focal_cr, kind="no_change", expected_version=0)
    packet_submit(round=closing_round, party=cr, by=focal_cr)
    out = run(CLOSES - datetime.timedelta(days=7))
    assert "queued the round reminder before closing" in out and "to 1 focal points" in out
    assert round_keys("round-reminder-before:") == [f"round-reminder-before:{closing_round.pk}:{focal_mx.pk}"]
    run(CLOSES - datetime.timedelta(days=3))
    run(CLOSES)
    assert len(round_keys("round-reminder-before:")) == 1  # once
    assert ReportingRound.objects.get().reminder_before_sent_at is not None


def test_the_reminder_after_closing_goes_once(closing_round, focal_mx, focal_cr):
    run(CLOSES + datetime.timedelta(days=1))
    run(CLOSES + datetime.timedelta(days=2))
    assert len(round_keys("round-reminder-after:")) == 2  # Mexico's and Costa Rica's focal points, once each
    assert not round_keys("round-reminder-before:")  # a missed "before" is not sent after closing
    deliver_mail()
    assert any("has closed" in m.subject for m in mail.outbox)


def test_a_spanish_reader_gets_the_reminder_in_spanish(closing_round, focal_mx):
    LanguagePreference.objects.create(user=focal_mx, language="es")
    run(CLOSES + datetime.timedelta(days=1))
    message = OutboxMessage.objects.get(key=f"round-reminder-after:{closing_round.pk}:{focal_mx.pk}")
    assert message.language == "es"
    assert "Informe a la X Reunión" in message.subject


def test_a_round_not_opened_sends_no_reminder(ts, ix_meeting, focal_mx):
    make_round(ts, [ix_meeting], opens_on=datetime.date(2027, 1, 1), closes_on=CLOSES)
    run(CLOSES + datetime.timedelta(days=1))
    assert not round_keys("round-reminder-")
    assert not PacketAnswer.objects.exists()
    assert user_with_role  # the factory is used by the fixtures above
