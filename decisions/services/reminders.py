"""Digests that spare people from remembering deadlines: each focal point gets their party's actions due in
the next 30 days and overdue; the Secretariat gets the reports awaiting review. One digest per person per day."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from decisions.models import Action, ReminderLog
from decisions.selectors import review_queue
from decisions.services.notifications import secretariat_user_list, url_absolute
from members.roles import Role
from outbox.services import message_queue

HORIZON_DAYS = 30


@dataclass
class Digest:
    recipient: str
    kind: str
    template: str
    context: dict = field(default_factory=dict)
    item_count: int = 0
    user: object = None  # whose language the digest is written in


def focal_point_digest_list(*, today: datetime.date) -> list[Digest]:
    focal_points = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.FOCAL_POINT, representative__isnull=False)
        .exclude(email="")
        .select_related("representative__party")
        .order_by("pk")
    )
    digests = []
    for user in focal_points:
        party = user.representative.party
        actions = Action.objects.filter(responsible=party, decision__meeting__is_published=True).select_related(
            "decision__meeting", "decision__parent"
        )
        overdue = list(actions.overdue_on(today).order_by("due_date", "pk"))
        until = today + datetime.timedelta(days=HORIZON_DAYS)
        upcoming = list(actions.upcoming_on(today, until).order_by("due_date", "pk"))
        if overdue or upcoming:
            digests.append(
                Digest(
                    recipient=user.email,
                    kind=ReminderLog.Kind.FOCAL_POINT_DIGEST,
                    template="focal_point_digest",
                    context={
                        "user": user,
                        "party": party,
                        "overdue": overdue,
                        "upcoming": upcoming,
                        "my_actions_url": url_absolute(path="/my/actions/"),
                        "today": today,
                    },
                    item_count=len(overdue) + len(upcoming),
                    user=user,
                )
            )
    return digests


def secretariat_digest_list(*, today: datetime.date) -> list[Digest]:
    waiting = list(review_queue())
    if not waiting:
        return []
    context = {"reports": waiting, "review_url": url_absolute(path="/review/"), "today": today}
    return [
        Digest(
            recipient=user.email,
            kind=ReminderLog.Kind.SECRETARIAT_DIGEST,
            template="secretariat_digest",
            context=context,
            item_count=len(waiting),
            user=user,
        )
        for user in secretariat_user_list()
    ]


def digest_list_due(*, today: datetime.date) -> list[Digest]:
    """Every digest that should go out today and has not gone out yet."""
    already = set(ReminderLog.objects.filter(sent_on=today).values_list("recipient", "kind"))
    return [
        d
        for d in focal_point_digest_list(today=today) + secretariat_digest_list(today=today)
        if (d.recipient, d.kind) not in already
    ]


def reminders_send(*, today: datetime.date) -> list[Digest]:
    """Queue today's digests (the worker delivers them): the mail server's state does not matter here."""
    sent = []
    for digest in digest_list_due(today=today):
        with transaction.atomic():
            # The log row first: if two runs race, the unique constraint lets only one of them queue.
            _, created = ReminderLog.objects.get_or_create(
                recipient=digest.recipient,
                kind=digest.kind,
                sent_on=today,
                defaults={"item_count": digest.item_count},
            )
            if created:
                message_queue(
                    key=f"{digest.kind}:{digest.recipient}:{today.isoformat()}",
                    template=digest.template,
                    context=digest.context,
                    email=digest.recipient,
                    user=digest.user,
                )
                sent.append(digest)
    return sent
