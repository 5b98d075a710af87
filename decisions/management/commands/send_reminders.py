"""`manage.py send_reminders`: the daily digests (run it from cron; see README). Safe to run twice a day.
It queues them; the worker (`manage.py run_worker`) delivers them, so it never waits for the mail server."""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from decisions.services.reminders import digest_list_due, reminders_send
from decisions.services.round_notices import round_reminder_list_due, round_reminders_send


class Command(BaseCommand):
    help = (
        "Email focal points their due and overdue actions and the reporting rounds' reminders, and the Secretariat "
        "the reports awaiting review."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")
        parser.add_argument("--date", help="the day to act as today (YYYY-MM-DD); default: today")

    def handle(self, *args, dry_run: bool, date: str | None, **options) -> None:
        today = self._day(date)
        if dry_run:
            digests = digest_list_due(today=today)
            for digest in digests:
                self.stdout.write(f"would send {digest.kind} to {digest.recipient}: {digest.item_count} items")
            self.stdout.write(f"{len(digests)} digests would be sent (dry run: nothing sent).")
            for reminder in round_reminder_list_due(today=today):
                self._say_round("would send", reminder)
            return
        queued = reminders_send(today=today)  # into the outbox: the worker delivers, and retries while SMTP is away
        for digest in queued:
            self.stdout.write(f"queued {digest.kind} to {digest.recipient}: {digest.item_count} items")
        self.stdout.write(f"{len(queued)} digests queued.")
        for reminder in round_reminders_send(today=today):  # each round's reminder before and after closing, once each
            self._say_round("queued", reminder)

    def _say_round(self, verb: str, reminder) -> None:
        self.stdout.write(
            f"{verb} the round reminder {reminder.which} closing of “{reminder.round}” "
            f"to {len(reminder.recipients)} focal points"
        )

    def _day(self, raw: str | None) -> datetime.date:
        if not raw:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError as exc:
            raise CommandError(f"--date must be a date as YYYY-MM-DD; got {raw!r}") from exc
