"""`tohu worker` survives a busy or briefly lost database and recovers unfinished imports first."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import OperationalError, connection

from tohu.core.management.commands import worker as worker_command
from tohu.core.retry import MAX_DELAY, backoff

pytestmark = pytest.mark.django_db


@contextmanager
def failing_queries(count: int, message: str) -> Iterator[list[str]]:
    """The database answers the next `count` statements with an error, as a busy one does."""
    failed: list[str] = []

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        if len(failed) < count:
            failed.append(sql)
            raise OperationalError(message)
        return execute(sql, *args)

    with connection.execute_wrapper(wrapper):
        yield failed


def _worker() -> worker_command.ResilientWorker:
    return worker_command.ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


# the worker closes its connection between tries, as in production; a test transaction would
# not survive that on PostgreSQL
@pytest.mark.django_db(transaction=True)
def test_the_worker_waits_out_a_locked_database_and_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pauses: list[float] = []
    monkeypatch.setattr("tohu.core.management.commands.worker.time.sleep", pauses.append)
    locked = (
        "database is locked" if connection.vendor == "sqlite" else "server closed the connection"
    )
    with failing_queries(4, locked) as failed:
        _worker().run()  # batch mode: returns once it finds the queue empty
    assert len(failed) == 4
    assert pauses  # it waited between tries instead of dying


def test_an_error_that_waiting_cannot_cure_still_stops_the_worker() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("on PostgreSQL every OperationalError is taken as transient")
    with failing_queries(1, "no such table: nowhere"), pytest.raises(OperationalError):
        _worker().run()


def test_the_worker_runs_its_start_up_steps_and_survives_one_failing(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.TOHU_WORKER_STARTUP = [
        "tohu.achievements.services.batches.batches_recover",
        "tests.core.test_worker.broken_step",
    ]
    caplog.set_level(logging.INFO, logger="tohu.worker")
    worker_command._run_startup()
    messages = [record.getMessage() for record in caplog.records]
    assert any("batches_recover: []" in message for message in messages)
    assert any("broken_step failed" in message for message in messages)


def broken_step() -> None:
    raise ValueError("broken")


@pytest.mark.parametrize("attempt", [1, 2, 8, 1100, 10**6])
def test_the_pause_grows_to_its_cap_and_a_long_outage_never_overflows(attempt: int) -> None:
    pause = backoff(attempt)
    assert 0 < pause <= MAX_DELAY
    if attempt > 100:
        assert pause >= MAX_DELAY / 2  # jitter takes off at most half
