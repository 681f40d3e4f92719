"""The webhooks' background task: send what is due, then ask to be run again when the next
retry or lease falls due (on a task backend that can wait; `tohu worker`'s can)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task, task_backends

from tohu.webhooks import delivery, retention


@task()
def deliver_webhooks() -> str:
    """Send every webhook delivery that is due; come back for the next retry."""
    attempts = delivery.deliver_due()
    wake = delivery.next_wake()
    if wake is not None:
        _wake_at(wake)
    return f"{attempts} attempts; next at {wake.isoformat() if wake else 'nothing waiting'}"


@task()
def prune_delivered_messages() -> str:
    """Remove webhook messages delivered longer ago than the keeping period (`tohu daily`)."""
    pruned = retention.delivered_messages_prune()
    return (
        f"{pruned.messages} messages, {pruned.deliveries} deliveries and {pruned.attempts} "
        "attempts pruned"
    )


def send_soon() -> None:
    """Ask the worker to send what is due (after the commit that wrote it)."""
    deliver_webhooks.enqueue()


def _wake_at(when: datetime) -> None:
    backend = task_backends[deliver_webhooks.backend]
    if not backend.supports_defer:
        return  # a backend that runs tasks at once cannot wait: the next commit asks again
    if _already_asked(when):
        return
    deliver_webhooks.using(run_after=when).enqueue()


def _already_asked(when: datetime) -> bool:
    """A run of this task is already waiting that starts no later than `when` (it will ask again
    for anything after it), so one more would only find nothing to do."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is a dependency
        return False
    from django_tasks import TaskResultStatus

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=deliver_webhooks.module_path,
        run_after__lte=when,
    ).exists()
