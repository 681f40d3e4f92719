"""Is Tohu alive, and ready for work? The database, the workers' heartbeats and the queue.

`/health/live` answers as long as the web process runs (for a process supervisor's restarts);
`/health/ready` answers 200 only when the database answers, a worker has beaten within
`TOHU_READY_HEARTBEAT_SECONDS` and no task has waited longer than `TOHU_READY_QUEUE_SECONDS`, and
503 naming the check that failed otherwise (for a load balancer, and for an operator's alerts).
Each worker process beats every `HEARTBEAT_SECONDS` from a thread of its own.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django_tasks_db.models import DBTaskResult

from tohu.core import clock
from tohu.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 15.0
# heartbeats of workers gone this long are removed when the next one beats
FORGET_AFTER = timedelta(days=1)


def worker_name() -> str:
    """Name this process: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def beat(worker: str, started_at: datetime) -> None:
    """Record that this worker is alive now."""
    now = clock.now()
    WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"seen_at": now, "started_at": started_at}
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def _beat_forever(stop: threading.Event, interval: float) -> None:
    worker, started_at = worker_name(), clock.now()
    # the thread starts while the apps load: the first beat waits until they have (a query before
    # that is one Django warns about)
    while not apps.ready:
        if stop.wait(0.05):
            return
    while True:
        try:
            close_old_connections()
            beat(worker, started_at)
        except DatabaseError as error:  # a busy or lost database: try again next time
            logger.warning("worker heartbeat not recorded: %s", error)
        if stop.wait(interval):
            break
    WorkerHeartbeat.objects.filter(worker=worker).delete()
    connection.close()


def start_heartbeat(interval: float = HEARTBEAT_SECONDS) -> threading.Event:
    """Beat from a daemon thread until the returned event is set (or the process ends)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat_forever, args=(stop, interval), name="tohu-heartbeat", daemon=True
    )
    thread.start()
    return stop


def is_worker_process(argv: list[str]) -> bool:
    """Say whether this process is the background worker (`tohu worker`, `manage.py db_worker`)."""
    from tohu.cli import asks_for_help

    return len(argv) > 1 and argv[1] in ("worker", "db_worker") and not asks_for_help(argv[1:])


@dataclass(frozen=True)
class Readiness:
    """What `/health/ready` and the operations page report."""

    database: bool
    database_error: str
    last_heartbeat: datetime | None
    workers: int
    queue_depth: int
    oldest_waiting_task: str
    oldest_waiting_since: datetime | None
    running: int

    @property
    def heartbeat_age(self) -> float | None:
        if self.last_heartbeat is None:
            return None
        return (clock.now() - self.last_heartbeat).total_seconds()

    @property
    def queue_age(self) -> float:
        if self.oldest_waiting_since is None:
            return 0.0
        return max(0.0, (clock.now() - self.oldest_waiting_since).total_seconds())

    def problems(self) -> list[str]:
        """Say what keeps Tohu from being ready, in words an operator acts on."""
        if not self.database:
            return [f"the database does not answer: {self.database_error}"]
        found = []
        heartbeat_limit = settings.TOHU_READY_HEARTBEAT_SECONDS
        age = self.heartbeat_age
        if age is None:
            found.append("no background worker has ever beaten: start `tohu worker`")
        elif age > heartbeat_limit:
            found.append(
                f"no background worker has beaten for {age:.0f} s (limit {heartbeat_limit} s)"
            )
        queue_limit = settings.TOHU_READY_QUEUE_SECONDS
        if self.queue_age > queue_limit:
            found.append(
                f"the oldest waiting task ({self.oldest_waiting_task}) has waited "
                f"{self.queue_age:.0f} s (limit {queue_limit} s)"
            )
        return found


def readiness() -> Readiness:
    """Check the database, the heartbeats and the queue."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        recent = clock.now() - timedelta(seconds=settings.TOHU_READY_HEARTBEAT_SECONDS)
        heartbeats = WorkerHeartbeat.objects.order_by("-seen_at")
        newest = heartbeats.first()
        waiting = DBTaskResult.objects.ready().order_by("enqueued_at")
        oldest = waiting.only("task_path", "enqueued_at").first()
        return Readiness(
            database=True,
            database_error="",
            last_heartbeat=newest.seen_at if newest else None,
            workers=heartbeats.filter(seen_at__gte=recent).count(),
            queue_depth=waiting.count(),
            oldest_waiting_task=oldest.task_path if oldest else "",
            oldest_waiting_since=oldest.enqueued_at if oldest else None,
            running=DBTaskResult.objects.running().count(),
        )
    except DatabaseError as error:
        return Readiness(False, str(error).strip()[:200], None, 0, 0, "", None, 0)


def start_heartbeat_in_worker(argv: list[str] | None = None) -> threading.Event | None:
    """Start the heartbeat when this process is the worker (called as the app loads)."""
    if not is_worker_process(sys.argv if argv is None else argv):
        return None
    return start_heartbeat()
