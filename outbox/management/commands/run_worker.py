"""`manage.py run_worker`: runs the queued tasks (the outgoing e-mail) beside the web server.

django-tasks' database worker runs each task; this command picks them (as its loop does) and keeps going
through a database restart (its loop stops on the first connection error) and, every 15 s, queues again the
messages whose task was lost. `make run` and `make serve` start it; in production run it as a service
(docs/deployment.md).
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, InterfaceError, connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from outbox.delivery import outbox_requeue_overdue

logger = logging.getLogger("outbox")
SWEEP_SECONDS = 15


class Command(BaseCommand):
    help = "Deliver queued e-mail (and any other queued task); --once delivers what is due, then exits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every task that is due, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at the queue")

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        self.running = True
        if options["verbosity"] < 2:  # one line per look at the queue is noise; failures are still logged
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        worker_id = get_random_string(32)
        next_sweep = 0.0
        while self.running:
            try:
                if time.monotonic() >= next_sweep:
                    requeued = outbox_requeue_overdue()
                    if requeued:
                        logger.warning("queued again %s overdue e-mail", requeued)
                    next_sweep = time.monotonic() + SWEEP_SECONDS
                self._run_due(self._worker(worker_id))
            except (DatabaseError, InterfaceError) as exc:
                # The database is away (a restart, a failover): wait for it, as the web workers do.
                logger.warning("worker waiting for the database: %s", exc.__class__.__name__)
                if once:
                    raise
            _drop_broken_connections()
            if once:
                return
            time.sleep(interval)

    def _worker(self, worker_id: str) -> Worker:
        return Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )

    def _run_due(self, worker: Worker) -> None:
        """Every task that is due, one at a time, each claimed in its own short transaction."""
        ready = DBTaskResult.objects.ready().filter(backend_name=worker.backend_name, queue_name__in=worker.queue_names)
        while self.running:
            with exclusive_transaction(ready.db):
                task_result = ready.get_locked()
                if task_result is not None:
                    task_result.claim(worker.worker_id)
            if task_result is None:
                return
            worker.run_task(task_result)

    def _stop(self, signum, frame) -> None:
        self.running = False  # the current task finishes; then the loop ends


def _drop_broken_connections() -> None:
    """A connection the database dropped is closed, so the next look reconnects. Never inside a transaction
    (a caller's, or a test's): closing it there would end work that is not the worker's."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
