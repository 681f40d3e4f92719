"""A real `tohu results import` process killed part-way (SIGKILL) leaves nothing visible; recovery
fails its batch and takes back its rows, and the same file sent again is recorded whole.
PostgreSQL: the command runs in its own process against the test database, which it can reach
only on a server (tests/achievements/test_import_under_load.py kills imports on SQLite too)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from tests.achievements.conftest import HEADER, import_file
from tests.factories import OrganisationFactory, accredit, listed_micro_credential
from tohu.achievements.models import BatchStatus, Completion, ImportBatch
from tohu.learners.models import Learner
from tohu.organisations.models import OrganisationType

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the killed process needs a shared server"
    ),
]
ROWS = 60_000
REPO = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    settings = connection.settings_dict
    user, host, port = settings["USER"], settings["HOST"], settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


def test_a_killed_import_leaves_nothing_and_the_file_can_be_sent_again(tmp_path: Path) -> None:
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
    env = {**os.environ, "DATABASE_URL": _database_url()}
    command = [sys.executable, "manage.py", "results", "import", str(path)]
    process = subprocess.Popen(
        [*command, "--provider", provider.moe_number],
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    assert process.stderr is not None
    # wait for the progress bar to pass the first chunks, then kill the process outright
    seen = b""
    deadline = time.monotonic() + 120
    while b" rows (" not in seen or b"\r[" not in seen:
        chunk = process.stderr.read1(256)  # type: ignore[attr-defined]
        assert chunk, f"the import ended before it could be killed: {seen!r}"
        seen += chunk
        assert time.monotonic() < deadline
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert Completion.objects.count() == 0
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.RECORDING
    # its process is gone from this host: recovery takes it at once
    recover = subprocess.run(
        [sys.executable, "manage.py", "results", "recover"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert recover.stdout.strip() == f"Recovered 1 unfinished import(s): {batch.pk}."
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert Completion.every_row.count() == 0
    again = import_file(provider, path.read_bytes())
    assert again.outcome.rows_recorded == ROWS
    assert Completion.objects.count() == ROWS
