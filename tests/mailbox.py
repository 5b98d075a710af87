"""Running the worker in a test: what the outbox holds that is due is delivered (to Django's test outbox)."""

import io

from django.core.management import call_command


def deliver_mail() -> None:
    call_command("run_worker", "--once", stdout=io.StringIO())
