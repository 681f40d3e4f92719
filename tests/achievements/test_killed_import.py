"""A real `tohu results import` process killed part-way (SIGKILL) leaves nothing visible; recovery
fails its batch and takes back its rows, and the same file sent again is recorded whole.
PostgreSQL: the command runs in its own process against the test database, which it can reach
only on a server (tests/achievements/test_import_under_load.py kills imports on SQLite too)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from django.db import connection

from tests.achievements.large_import import large_file, run_tohu, start_import, wait_for_progress
from tohu.achievements.models import BatchStatus, Completion, ImportBatch

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the killed process needs a shared server"
    ),
]
ROWS = 60_000


def test_a_killed_import_leaves_nothing_and_the_file_can_be_sent_again(tmp_path: Path) -> None:
    large = large_file(tmp_path, ROWS)
    process = start_import(large)
    # wait for the progress bar to pass the first chunks, then kill the process outright
    wait_for_progress(process, b" rows (", b"\r[")
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert Completion.objects.count() == 0
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.RECORDING
    # its process is gone from this host: recovery takes it at once
    recover = run_tohu("results", "recover")
    assert recover.returncode == 0, recover.stderr
    assert recover.stdout.strip() == f"Recovered 1 unfinished import(s): {batch.pk}."
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert Completion.every_row.count() == 0
    # sent again with the same command, the whole file is recorded
    again = run_tohu("results", "import", str(large.path), "--provider", large.provider.moe_number)
    assert again.returncode == 0, again.stderr[-3000:]
    # (the other process runs on today's date, not the tests' frozen one: the rows are late)
    assert again.stdout.startswith(f"{ROWS} completions recorded;"), again.stdout
    assert Completion.objects.count() == ROWS
    assert ImportBatch.objects.get(status=BatchStatus.RECORDED).rows_recorded == ROWS
