"""E-mail about reporting rounds: the round is open (to each focal point of each party that must answer), a
packet was submitted (to the Secretariat), and the two reminders — one `ROUND_REMINDER_DAYS` before the closing
date, one after it — to the focal points of the parties that still owe answers.

Like every notification (decisions/services/notifications.py) each is queued in the outbox inside the transaction of the
change it reports, rendered in the recipient's language, once per key: a round's opening, edit or reminder run
twice never writes a second copy to anybody. A reminder's marker on the round is set under the round's row lock,
so each reminder goes once even when two `send_reminders` runs race.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from decisions.models import PacketAnswer, ReportingRound
from decisions.selectors.rounds import focal_point_list, party_list_not_done
from decisions.services.notifications import secretariat_user_list, url_absolute
from members.models import Party
from outbox.services import message_queue


def _packet_url(round: ReportingRound) -> str:
    return url_absolute(path=reverse("workflow:packet", args=[round.pk]))


def round_opened_notify(*, round: ReportingRound) -> int:
    """Tell every focal point of every party that must answer; one message per round and person, ever."""
    queued = 0
    for user in focal_point_list(parties=round.parties.all()):
        message = message_queue(
            key=f"round-opened:{round.pk}:{user.pk}",
            template="round_opened",
            context={"round": round, "party": user.representative.party, "packet_url": _packet_url(round)},
            email=user.email,
            user=user,
        )
        queued += 1 if message else 0
    return queued


def packet_submitted_notify(*, round: ReportingRound, party: Party, answers: list[PacketAnswer]) -> int:
    """One message to each Secretariat officer for a whole packet (its reports wait in the review queue)."""
    first = answers[0].update_id
    context = {
        "round": round,
        "party": party,
        "answers": answers,
        "review_url": url_absolute(path=reverse("workflow:review-list")),
    }
    queued = 0
    for user in secretariat_user_list():
        message = message_queue(
            key=f"packet-submitted:{round.pk}:{party.pk}:{first}:{user.pk}",
            template="packet_submitted",
            context=context,
            email=user.email,
            user=user,
        )
        queued += 1 if message else 0
    return queued


# --- reminders ------------------------------------------------------------------------------------------------

BEFORE = "before"
AFTER = "after"
MARKERS = {BEFORE: "reminder_before_sent_at", AFTER: "reminder_after_sent_at"}


@dataclass
class RoundReminder:
    round: ReportingRound
    which: str  # BEFORE or AFTER the closing date
    recipients: list = field(default_factory=list)  # the focal points of the parties that still owe answers


def _which_due(round: ReportingRound, today: datetime.date) -> str | None:
    if today > round.closes_on:
        return AFTER if round.reminder_after_sent_at is None else None
    window_opens = round.closes_on - datetime.timedelta(days=settings.ROUND_REMINDER_DAYS)
    if window_opens <= today and round.reminder_before_sent_at is None:
        return BEFORE
    return None  # too early, or sent already; a "before" reminder missed is not sent after the closing date


def round_reminder_list_due(*, today: datetime.date) -> list[RoundReminder]:
    """The round reminders that should go out today and have not gone out yet (writes nothing)."""
    due = []
    rounds = ReportingRound.objects.filter(opened_at__isnull=False, frozen_at__isnull=True).order_by("closes_on", "pk")
    for round in rounds:
        which = _which_due(round, today)
        if which is not None:
            due.append(RoundReminder(round, which, list(focal_point_list(parties=party_list_not_done(round=round)))))
    return due


def round_reminders_send(*, today: datetime.date) -> list[RoundReminder]:
    """Queue today's round reminders and mark each round so that each reminder goes once."""
    sent = []
    for reminder in round_reminder_list_due(today=today):
        with transaction.atomic():
            locked = ReportingRound.objects.select_for_update().get(pk=reminder.round.pk)
            if _which_due(locked, today) != reminder.which:
                continue  # another run got here first
            marker = MARKERS[reminder.which]
            setattr(locked, marker, timezone.now())
            locked.save(update_fields=[marker, "updated_at"])
            for user in reminder.recipients:
                message_queue(
                    key=f"round-reminder-{reminder.which}:{locked.pk}:{user.pk}",
                    template=f"round_reminder_{reminder.which}",
                    context={"round": locked, "party": user.representative.party, "packet_url": _packet_url(locked)},
                    email=user.email,
                    user=user,
                )
            sent.append(reminder)
    return sent
