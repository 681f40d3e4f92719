"""Background work yields the processor to people's requests: `tohu worker` and
`tohu results import` raise their own niceness to TOHU_BACKGROUND_NICENESS when they start
(tohu/core/priority.py). Each is run in a process of its own, so the suite keeps its priority."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

from tests.achievements.large_import import REPO, command_env, large_file
from tohu.achievements.models import Completion

BASE = os.nice(0)  # a process started from the suite starts at the suite's niceness

RAISE_TWICE = """
import os, django
django.setup()
from tohu.core.priority import run_in_background
print(run_in_background(), run_in_background(), os.nice(0))
"""


def _python(script: str, env: dict[str, str], *args: str) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=REPO, env=env, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return [int(word) for word in done.stdout.splitlines()[-1].split()]  # its last line


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("10", max(BASE, 10)), ("3", max(BASE, 3)), ("0", BASE), ("40", 19)],
)
def test_background_work_raises_its_niceness_once_and_never_lowers_it(
    setting: str, expected: int
) -> None:
    env = {**os.environ, "TOHU_BACKGROUND_NICENESS": setting}
    assert _python(RAISE_TWICE, env) == [expected, expected, expected]


def test_a_niceness_below_zero_is_refused_with_the_setting_named() -> None:
    env = {**os.environ, "TOHU_BACKGROUND_NICENESS": "-5"}
    done = subprocess.run(
        [sys.executable, "-c", RAISE_TWICE],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "TOHU_BACKGROUND_NICENESS=-5 is below the minimum of 0" in done.stderr


def on_a_server(test: Callable[..., None]) -> Callable[..., None]:
    """PostgreSQL: the other process reaches the test database only on a server."""
    for mark in (
        pytest.mark.postgres,
        pytest.mark.django_db(transaction=True),
        pytest.mark.skipif(
            connection.vendor != "postgresql", reason="the other process needs a shared server"
        ),
    ):
        test = mark(test)
    return test


IMPORT_THEN_SAY_NICENESS = """
import os, sys, django
django.setup()
from django.core.management import call_command
call_command("results", "import", sys.argv[1], "--provider", sys.argv[2])
print(os.nice(0))
"""


@on_a_server
def test_the_results_command_imports_at_the_background_niceness(tmp_path: Path) -> None:
    large = large_file(tmp_path, 20)
    env = {**command_env(), "TOHU_BACKGROUND_NICENESS": "7"}
    said = _python(IMPORT_THEN_SAY_NICENESS, env, str(large.path), large.provider.moe_number)
    assert said == [max(BASE, 7)]
    assert Completion.objects.count() == 20  # it imported the file


@on_a_server
def test_the_worker_runs_at_the_background_niceness() -> None:
    env = {**command_env(), "TOHU_BACKGROUND_NICENESS": "7"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while os.getpriority(os.PRIO_PROCESS, worker.pid) != max(BASE, 7):
            assert worker.poll() is None, "the worker stopped"
            assert time.monotonic() < deadline, "the worker kept the suite's priority"
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
