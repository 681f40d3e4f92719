"""A large results file and `tohu results import` in a process of its own, for the tests that
kill the import or cut its database connection (tests/achievements/test_killed_import.py,
tests/operations/test_faults.py). PostgreSQL only: the other process reaches the test database
on the server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import connection

from tests.achievements.conftest import HEADER
from tests.factories import OrganisationFactory, accredit, listed_micro_credential
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation, OrganisationType

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class LargeFile:
    """A provider accredited for listing 4321, `rows` learners, and a file of one completion
    each."""

    provider: Organisation
    path: Path
    rows: int


def large_file(tmp_path: Path, rows: int) -> LargeFile:
    developer = OrganisationFactory.create(slug="isb", org_type=OrganisationType.ISB, moe_number="")
    provider = OrganisationFactory.create(slug="pte", org_type=OrganisationType.PTE)
    accredit(provider, listed_micro_credential(developer=developer, listing_number="4321"))
    Learner.objects.bulk_create(
        Learner(nsn=f"{n:010d}", family_name=f"F{n}", date_of_birth=date(2000, 1, 1))
        for n in range(1, rows + 1)
    )
    path = tmp_path / "big.csv"
    path.write_text(
        HEADER + "\n" + "".join(f"{n:010d},4321,2025-05-01\n" for n in range(1, rows + 1))
    )
    return LargeFile(provider=provider, path=path, rows=rows)


def database_url() -> str:
    settings = connection.settings_dict
    user, host, port = settings["USER"], settings["HOST"], settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


def command_env() -> dict[str, str]:
    """The environment of a `tohu` process on the test database. Tasks are queued in the
    database, not run: an import queues the issuing of its credentials, which no test here
    waits for (run in the process, it signed 60,000 credentials for minutes)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "tohu.settings",
        "TOHU_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def tohu(*args: str, **popen: object) -> subprocess.Popen[bytes]:
    """Start `tohu ARGS...` (through manage.py, this checkout's code) on the test database."""
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "manage.py", *args], cwd=REPO, env=command_env(), **popen
    )


def run_tohu(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=command_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_import(large: LargeFile) -> subprocess.Popen[bytes]:
    provider = large.provider.moe_number
    return tohu(
        "results", "import", str(large.path), "--provider", provider,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def wait_for_progress(
    process: subprocess.Popen[bytes], *marks: bytes, timeout: float = 300
) -> bytes:
    """Read the import's standard error until its progress bar shows every mark (rows written);
    return what was read."""
    assert process.stderr is not None
    seen = b""
    deadline = time.monotonic() + timeout
    while not all(mark in seen for mark in marks):
        chunk = process.stderr.read1(256)  # type: ignore[attr-defined]
        assert chunk, f"the import ended before it could be stopped: {seen!r}"
        seen += chunk
        assert time.monotonic() < deadline, f"no progress in {timeout} s: {seen!r}"
    return seen
