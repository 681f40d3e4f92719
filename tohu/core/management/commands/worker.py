"""`tohu worker`: django-tasks' database worker, made to survive a busy or briefly lost database.

When it starts it lowers its own priority (tohu/core/priority.py: people's requests go first
on a busy machine) and runs the recovery steps in TOHU_WORKER_STARTUP (imports a killed worker left
unfinished are failed and their rows taken back). A transient database error ("database is
locked" on SQLite; a lost connection, deadlock or failed serialization on PostgreSQL) never
stops it: it waits, longer each time up to MAX_DELAY, and goes on; saving a task's result is
tried again the same way, so a finished task is not left marked as running.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from tohu.core.priority import run_in_background
from tohu.core.retry import backoff, is_transient, retrying

logger = logging.getLogger("tohu.worker")


def _run_startup() -> None:
    for path in settings.TOHU_WORKER_STARTUP:
        step: Callable[[], object] = import_string(path)
        try:
            done = retrying(step)
        except Exception:
            logger.exception("worker start-up step %s failed; the worker goes on", path)
        else:
            logger.info("worker start-up step %s: %s", path, done)


class ResilientWorker(db_worker.Worker):
    """The database worker, kept alive through transient database errors."""

    def run(self) -> None:
        attempt = 0
        while self.running:
            try:
                super().run()
                return
            except DatabaseError as error:
                if not is_transient(error):
                    raise
                attempt += 1
                delay = backoff(attempt)
                logger.warning("database unavailable (%s); worker waits %.1f s", error, delay)
                close_old_connections()
                time.sleep(delay)

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        for name in ("set_successful", "set_failed"):
            save: Callable[..., Any] = getattr(db_task_result, name)
            setattr(db_task_result, name, _retried(save))
        super().run_task(db_task_result)


def _retried(save: Callable[..., Any]) -> Callable[..., Any]:
    def save_retrying(*args: Any) -> Any:
        return retrying(lambda: save(*args))

    return save_retrying


class Command(db_worker.Command):
    help = "Run queued background tasks (recovering unfinished imports first)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        run_in_background()
        _run_startup()
        # the parent's handle builds its worker by this module-level name
        db_worker.Worker = ResilientWorker  # type: ignore[misc]
        super().handle(*args, **options)
