"""Faults during work, each ending with nothing lost and every batch finished.

PostgreSQL's connection is cut under a running import (pg_terminate_backend on the import's own
connection, not a restart of the shared server); the worker is killed part-way through an
upload; a page's query runs past the web statement timeout. The disk filling during an upload is
in tests/achievements/test_disk_full.py (a real small tmpfs)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from tests.achievements.conftest import HEADER
from tests.conftest import Persona
from tests.factories import OrganisationFactory, accredit, listed_micro_credential
from tohu.achievements.models import BatchStatus, Completion, ImportBatch
from tohu.core.models import AuditEvent
from tohu.learners.models import Learner
from tohu.organisations.models import OrganisationType

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="cuts a connection to a shared server"
    ),
]
ROWS = 30_000
REPO = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    settings = connection.settings_dict
    user, host, port = settings["USER"], settings["HOST"], settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


def test_a_connection_cut_mid_import_records_all_or_nothing_and_says_so(tmp_path: Path) -> None:
    developer = OrganisationFactory.create(slug="isb", org_type=OrganisationType.ISB, moe_number="")
    provider = OrganisationFactory.create(slug="pte", org_type=OrganisationType.PTE)
    accredit(provider, listed_micro_credential(developer=developer, listing_number="4321"))
    Learner.objects.bulk_create(
        Learner(nsn=f"{n:010d}", family_name=f"F{n}", date_of_birth=date(2000, 1, 1))
        for n in range(1, ROWS + 1)
    )
    path = tmp_path / "big.csv"
    path.write_text(
        HEADER + "\n" + "".join(f"{n:010d},4321,2025-05-01\n" for n in range(1, ROWS + 1))
    )
    process = subprocess.Popen(
        [sys.executable, "manage.py", "results", "import", str(path), "--provider",
         provider.moe_number],
        cwd=REPO,
        env={
            **os.environ,
            "DATABASE_URL": _database_url(),
            "TOHU_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        },
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    seen = b""
    deadline = time.monotonic() + 300
    while b" rows (" not in seen:
        chunk = process.stderr.read1(256)  # type: ignore[attr-defined]
        assert chunk, f"the import ended before its connection could be cut: {seen!r}"
        seen += chunk
        assert time.monotonic() < deadline
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchall(), "the import's connection was not found"
    _, err = process.communicate(timeout=600)
    said = (seen + err).decode()
    recorded = Completion.objects.count()
    assert recorded in (0, ROWS), f"{recorded} of {ROWS} rows recorded"
    unfinished = ImportBatch.objects.exclude(status__in=BatchStatus.finished())
    assert list(unfinished.values_list("pk", "status")) == []
    # the command says why it stopped (today the database's own error, with its traceback)
    if process.returncode != 0:
        assert "terminating connection" in said, said[-3000:]
    else:
        assert recorded == ROWS


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


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_worker_killed_mid_task_leaves_the_batch_finished_and_nothing_half_recorded(
    tmp_path: Path,
) -> None:
    from tests.factories import UserFactory
    from tohu.organisations.models import Membership, Role

    developer = OrganisationFactory.create(slug="isb", org_type=OrganisationType.ISB, moe_number="")
    provider = OrganisationFactory.create(slug="pte", org_type=OrganisationType.PTE)
    Membership.objects.create(user=UserFactory.create(), organisation=provider, role=Role.ADMIN)
    accredit(provider, listed_micro_credential(developer=developer, listing_number="4321"))
    Learner.objects.bulk_create(
        Learner(nsn=f"{n:010d}", family_name=f"F{n}", date_of_birth=date(2000, 1, 1))
        for n in range(1, ROWS + 1)
    )
    path = tmp_path / "big.csv"
    path.write_text(
        HEADER + "\n" + "".join(f"{n:010d},4321,2025-05-01\n" for n in range(1, ROWS + 1))
    )
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "tohu.settings",
        "TOHU_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    queued = subprocess.run(
        [sys.executable, "-c", QUEUE_UPLOAD, str(path)],
        cwd=REPO, env=env, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    batch = ImportBatch.objects.get(pk=int(queued.stdout.strip().splitlines()[-1]))
    worker = _worker(env)
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
        worker = _worker(env)  # a new worker, as a supervisor would start
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
