"""Faults during work, each ending with nothing lost and every batch finished.

PostgreSQL's connection is cut under a running import (pg_terminate_backend on the import's own
connection, not a restart of the shared server); the worker is killed part-way through an
upload; a page's query runs past the web statement timeout. The disk filling during an upload is
in tests/achievements/test_disk_full.py (a real small tmpfs)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.achievements.large_import import (
    REPO,
    command_env,
    large_file,
    run_tohu,
    start_import,
    tohu,
    wait_for_progress,
)
from tests.conftest import Persona
from tests.factories import UserFactory
from tohu.achievements.models import BatchStatus, Completion, ImportBatch
from tohu.core.models import AuditEvent
from tohu.organisations.models import Membership, Role

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="cuts a connection to a shared server"
    ),
]
ROWS = 30_000
LOST = "The import stopped: the connection to the database was lost"


def _cut_other_connections() -> int:
    """Terminate every other connection to the test database (the import's); say how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return len(cursor.fetchall())


def test_a_connection_cut_mid_import_records_all_or_nothing_and_says_so(tmp_path: Path) -> None:
    large = large_file(tmp_path, ROWS)
    process = start_import(large)
    seen = wait_for_progress(process, b" rows (")
    assert _cut_other_connections(), "the import's connection was not found"
    out, err = process.communicate(timeout=600)
    said = (seen + err).decode()
    recorded = Completion.objects.count()
    assert recorded in (0, ROWS), f"{recorded} of {ROWS} rows recorded"
    unfinished = ImportBatch.objects.exclude(status__in=BatchStatus.finished())
    assert list(unfinished.values_list("pk", "status")) == []
    # a cut the import's retries cure goes unnoticed; any other ends with a message, no traceback
    assert "Traceback" not in said, said[-3000:]
    if process.returncode == 0:
        assert recorded == ROWS
        assert out.decode().startswith(f"{ROWS} completions recorded;")
    else:
        assert process.returncode == 3, said[-3000:]
        batch = ImportBatch.objects.get()
        assert batch.status == BatchStatus.FAILED
        assert f"{LOST} (" in said, said[-3000:]
        assert f"Nothing from the file was recorded: import {batch.pk} is failed." in said


def test_a_database_gone_for_good_mid_import_says_so_and_recovery_fails_the_batch(
    tmp_path: Path,
) -> None:
    """No new connection is allowed after the cut, so the import's retries run out: the command
    ends with a message and exit status 3, not a traceback, and its hidden batch is finished as
    failed by `tohu results recover` once the database is back."""
    import psycopg

    large = large_file(tmp_path, ROWS)
    settings = connection.settings_dict
    # the test database's own connections cannot close it to new ones: the server's database can
    server = psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
        dbname="postgres", autocommit=True,
    )  # fmt: skip
    name = settings["NAME"]
    process = start_import(large)
    try:
        seen = wait_for_progress(process, b" rows (")
        server.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        assert _cut_other_connections(), "the import's connection was not found"
        out, err = process.communicate(timeout=600)
    finally:
        server.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        server.close()
        if process.returncode is None:
            process.kill()
            process.communicate(timeout=30)
    said = (seen + err).decode()
    assert process.returncode == 3, said[-3000:]
    assert out == b""
    assert "Traceback" not in said, said[-3000:]
    batch = ImportBatch.objects.get()
    assert f"{LOST} (" in said
    assert (
        "and the database could not be reached to tell what became of it. Nothing from the file "
        "is visible: its import stays hidden and unfinished until `tohu results recover` "
        "finishes it as failed (run it once the database is back). Send the file again." in said
    ), said[-3000:]
    assert batch.status == BatchStatus.RECORDING
    assert Completion.objects.count() == 0
    recover = run_tohu("results", "recover")
    assert recover.stdout.strip() == f"Recovered 1 unfinished import(s): {batch.pk}.", recover
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert Completion.every_row.count() == 0


QUEUE_UPLOAD = """
import sys, django
django.setup()
from django.core.files.base import ContentFile
from django.db import transaction
from tohu.achievements.services import uploads
from tohu.organisations.models import Membership
membership = Membership.objects.select_related("user", "organisation").get(
    organisation__slug="pte", role="admin"
)
content = open(sys.argv[1], "rb").read()
with transaction.atomic():
    batch = uploads.upload_queue(
        reporter=membership.user, provider=membership.organisation,
        upload=ContentFile(content, name="big.csv"), file_name="big.csv", partial=False,
    )
print(batch.pk)
"""


def _worker() -> subprocess.Popen[bytes]:
    return tohu(
        "worker", "--interval", "0.2", "--no-startup-delay",
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_a_worker_killed_mid_task_leaves_the_batch_finished_and_nothing_half_recorded(
    tmp_path: Path,
) -> None:
    large = large_file(tmp_path, ROWS)
    Membership.objects.create(
        user=UserFactory.create(), organisation=large.provider, role=Role.ADMIN
    )
    queued = subprocess.run(
        [sys.executable, "-c", QUEUE_UPLOAD, str(large.path)],
        cwd=REPO, env=command_env(), capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    batch = ImportBatch.objects.get(pk=int(queued.stdout.strip().splitlines()[-1]))
    worker = _worker()
    try:
        deadline = time.monotonic() + 300
        while True:  # kill the worker once it is part-way through the file
            batch.refresh_from_db()
            if batch.status != BatchStatus.QUEUED and batch.progress_done > 0:
                break
            assert batch.status not in BatchStatus.finished(), "finished before the kill"
            assert time.monotonic() < deadline, "the worker never started the batch"
            time.sleep(0.1)
        worker.kill()
        worker.wait(timeout=30)
        worker = _worker()  # a new worker, as a supervisor would start
        deadline = time.monotonic() + 300
        while batch.status not in BatchStatus.finished():
            assert time.monotonic() < deadline, f"the batch stayed {batch.status}"
            time.sleep(0.5)
            batch.refresh_from_db()
    finally:
        worker.send_signal(2)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
    recorded = Completion.objects.count()
    assert recorded in (0, ROWS), f"{recorded} of {ROWS} rows recorded"
    assert (batch.rows_recorded or 0) == recorded
    if batch.status != BatchStatus.RECORDED:
        assert batch.message, "a failed batch says why"


def test_a_page_whose_query_runs_past_its_time_answers_503_and_changes_nothing(
    provider: Persona,
) -> None:
    import psycopg

    settings = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 500")
    # another session holds the register's table: the search page's query waits, and is cut off
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
        dbname=settings["NAME"],
    ) as other:  # fmt: skip
        other.execute("LOCK TABLE register_microcredential IN ACCESS EXCLUSIVE MODE")
        events = AuditEvent.objects.count()
        started = time.monotonic()
        response = provider.client.get("/", {"q": "forklift"})
        took = time.monotonic() - started
        api = provider.client.get("/api/v1/micro-credentials", {"q": "forklift"})
        other.rollback()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    assert response.status_code == 503
    page = response.content.decode()
    assert "This took too long, and Tohu stopped it; nothing was changed." in page
    assert response["X-Request-ID"] in page
    assert took < 60  # cut off, not left waiting for the lock
    assert (api.status_code, api.json()["code"]) == (503, "timeout")
    assert AuditEvent.objects.count() == events
    assert provider.client.get("/", {"q": "forklift"}).status_code == 200
