"""`tohu backup` during a running import, then `tohu restore` into an empty database: the audit
chain verifies and the row counts are those of one consistent moment, on the database the run
uses (SQLite, or PostgreSQL when DATABASE_URL names one). Every step is a real `tohu` process
against databases of the test's own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
TOHU = str(Path(sys.executable).with_name("tohu"))
ROWS = 20_000
TABLES = [
    "organisations_organisation",
    "learners_learner",
    "register_microcredential",
    "achievements_completion",
    "core_auditevent",
]

SEED = f"""
import os, django
django.setup()
from datetime import date
from tests.factories import OrganisationFactory, accredit, listed_micro_credential
from tohu.learners.models import Learner
from tohu.organisations.models import OrganisationType
developer = OrganisationFactory.create(slug="isb", org_type=OrganisationType.ISB, moe_number="")
provider = OrganisationFactory.create(slug="pte", org_type=OrganisationType.PTE, moe_number="7001")
accredit(provider, listed_micro_credential(developer=developer, listing_number="4321"))
Learner.objects.bulk_create(
    Learner(nsn=f"{{n:010d}}", family_name=f"F{{n}}", date_of_birth=date(2000, 1, 1))
    for n in range(1, {ROWS} + 1)
)
"""


class Database:
    """A database of the test's own, of the same kind as the run's."""

    def __init__(self, tmp_path: Path, name: str) -> None:
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            settings = connection.settings_dict
            self.name = f"tohu_backup_{name}_{uuid.uuid4().hex[:8]}"
            host, port, user = settings["HOST"], settings["PORT"] or 5432, settings["USER"]
            self.url = f"postgres://{user}@{host}:{port}/{self.name}"
            self._admin(f'CREATE DATABASE "{self.name}"')

    def _admin(self, statement: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement)

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def env(self) -> dict[str, str]:
        # tasks the import queues (signing credentials) wait in the queue, as in production
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_SETTINGS_MODULE": "tohu.settings",
            "TOHU_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        }

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [TOHU, *args], env=self.env(), cwd=REPO, capture_output=True, text=True,
            timeout=900, check=check,
        )  # fmt: skip

    def counts(self) -> dict[str, int]:
        found = {}
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as db:
                for table in TABLES:
                    found[table] = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            return found
        import psycopg

        settings = connection.settings_dict
        with psycopg.connect(
            host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
            dbname=self.name,
        ) as db:  # fmt: skip
            for table in TABLES:
                row = db.execute(f"SELECT count(*) FROM {table}").fetchone()
                assert row is not None
                found[table] = row[0]
        return found


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    source, target = Database(tmp_path, "source"), Database(tmp_path, "target")
    try:
        yield source, target
    finally:
        source.drop()
        target.drop()


pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_during_an_import_restores_whole_into_an_empty_database(
    databases: tuple[Database, Database], tmp_path: Path
) -> None:
    source, target = databases
    source.run("migrate", "--noinput", "-v0")
    subprocess.run(
        [sys.executable, "-c", SEED], env=source.env(), cwd=REPO, check=True, timeout=600
    )
    results = tmp_path / "june.csv"
    lines = "".join(f"{n:010d},4321,2025-05-01\n" for n in range(1, ROWS + 1))
    results.write_text("nsn,listing_number,date_of_achievement\n" + lines)
    importing = subprocess.Popen(
        [TOHU, "results", "import", str(results), "--provider", "7001"],
        env=source.env(),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert importing.stderr is not None
    seen = b""
    deadline = time.monotonic() + 300
    while b" rows (" not in seen:  # the import is under way
        chunk = importing.stderr.read1(256)  # type: ignore[attr-defined]
        assert chunk, f"the import ended before the backup: {seen!r}"
        seen += chunk
        assert time.monotonic() < deadline
    backup = tmp_path / "tohu.backup"
    made = source.run("backup", str(backup))
    assert made.stdout.startswith(f"Backed up the {source.vendor} database to {backup}")
    importing.stderr.read()
    importing.stderr.close()
    assert importing.wait(timeout=600) == 0
    after = source.counts()
    assert after["achievements_completion"] == ROWS

    restored = target.run("restore", str(backup))
    assert "the audit chain is intact" in restored.stdout, restored.stderr
    verified = target.run("audit", "verify")
    assert verified.stdout.startswith("The audit chain is intact")
    counts = target.counts()
    # the snapshot is of one moment: everything before the import, and the import whole or not;
    # an import caught part-way is failed by the restore and its hidden rows taken back
    assert counts["achievements_completion"] in (0, ROWS)
    if counts["achievements_completion"] == 0:
        assert "The backup caught 1 results import(s) part-way" in restored.stdout
    for table in ("organisations_organisation", "learners_learner", "register_microcredential"):
        assert counts[table] == after[table], table
    assert 0 < counts["core_auditevent"] <= after["core_auditevent"]

    # a database that is not empty is refused, and left as it was
    again = target.run("restore", str(backup), check=False)
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr
    assert target.counts() == counts
    assert source.run("backup", str(backup), check=False).returncode != 0  # never overwritten
