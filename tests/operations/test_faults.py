"""Faults during work, each ending with nothing lost and every batch finished.

PostgreSQL's connection is cut under a running import (pg_terminate_backend on the import's own
connection, not a restart of the shared server); a page's query runs past the web statement
timeout. The disk filling during an upload is in tests/achievements/test_disk_full.py (a real
small tmpfs)."""

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
    assert took < 10
    assert (api.status_code, api.json()["code"]) == (503, "timeout")
    assert AuditEvent.objects.count() == events
    assert provider.client.get("/", {"q": "forklift"}).status_code == 200
