"""The tasks the worker (`manage.py run_worker`) runs, through Django's task framework (django-tasks)."""

from django_tasks import task


@task()
def deliver(message_id: int) -> str:
    from outbox.delivery import message_deliver

    return message_deliver(message_id=message_id)
