"""Benchmark the results-file ingest against the fastest raw write of the same rows.

    python -m bench.achievements_ingest [--rows 1000000] [--small 100000] [--database both]

For each database (a fresh SQLite file under a temporary directory; PostgreSQL database
`tohu_ach_bench` on TOHU_BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/) it:

1. migrates, lists 4 micro-credentials, accredits a provider and puts rows/4 learners in the index;
2. writes a results file of `rows` rows (4 completions per learner);
3. raw: writes the same rows, already resolved to ids, into the completions table in one
   transaction (SQLite: one executemany; PostgreSQL: COPY), then empties the table;
4. ingest: `results_import` of the file (every check, staging, de-duplication, batch row, audit),
   for the small file and the large one, each in a fresh process so the peak memory is its own;
5. ORM: saves a sample of rows one by one through the ORM (`Completion.save()`), for the speed-up;
6. the learner's record page with 200 completions: p95 of 200 requests through the test client.

Every step runs in its own Python process. Targets: ingest >= 0.5 of the raw rate on both
databases; peak memory <= 200 MB and the same for both file sizes, and (when both databases run)
SQLite's peak within 10% of PostgreSQL's; record page p95 < 30 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
MICRO_CREDENTIALS = ("7001", "7002", "7003", "7004")
PROVIDER_MOE = "9999"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/"
BENCH_DB = "tohu_ach_bench"
TARGET_RATIO = {"sqlite": 0.5, "postgresql": 0.5}
# SQLite's peak memory against PostgreSQL's, for the large file
TARGET_MEMORY_SPREAD = 1.10
TARGET_MEMORY_MB = 200
TARGET_P95_MS = 30.0
# the raw write runs this many times and the fastest counts: a stricter baseline
RAW_RUNS = 2

# --- the child processes -----------------------------------------------------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tohu.settings")
    import django

    django.setup()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _row(i: int, today: date) -> tuple[str, str, date, str]:
    """The i-th completion: 4 per learner, one of each micro-credential, within 60 days."""
    learner = i // len(MICRO_CREDENTIALS) + 1
    listing = MICRO_CREDENTIALS[i % len(MICRO_CREDENTIALS)]
    day = today - timedelta(days=1 + (i // len(MICRO_CREDENTIALS)) % 60)
    return f"{learner:010d}", listing, day, f"R{i}"


def _bulk(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # the driver's own cursor with its own "?" marks: nothing between the rows and SQLite
            marks = ", ".join(["?"] * len(columns))
            cursor.cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                rows,
            )


def child_setup(rows: int, path: Path) -> dict[str, Any]:
    """Migrate, list and accredit, fill the learner index, write the results file."""
    _django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from tests.factories import accredit, listed_micro_credential
    from tohu.core import clock
    from tohu.organisations.models import Organisation

    call_command("migrate", verbosity=0)
    developer = Organisation.objects.create(slug="bench-isb", name="Bench ISB", org_type="isb")
    provider = Organisation.objects.create(
        slug="bench-pte", name="Bench PTE", org_type="pte", moe_number=PROVIDER_MOE
    )
    for number in MICRO_CREDENTIALS:
        micro_credential = listed_micro_credential(
            developer=developer, listing_number=number, listed_on=date(2024, 3, 1)
        )
        accredit(provider, micro_credential)
    learners = rows // len(MICRO_CREDENTIALS) + 1
    born = connection.ops.adapt_datefield_value(date(2000, 1, 1))
    now = connection.ops.adapt_datetimefield_value(clock.now())
    with transaction.atomic():
        _bulk(
            "learners_learner",
            ["nsn", "family_name", "given_names", "date_of_birth", "credential_name", "created_at"],
            ((f"{n:010d}", f"Family{n}", "Aroha", born, "", now) for n in range(1, learners + 1)),
        )
    today = clock.today()
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("nsn,listing_number,date_of_achievement,provider_reference\r\n")
        for i in range(rows):
            nsn, listing, day, reference = _row(i, today)
            out.write(f"{nsn},{listing},{day.isoformat()},{reference}\r\n")
    return {"learners": learners, "bytes": path.stat().st_size}


def _ids() -> tuple[int, dict[str, tuple[int, int]]]:
    from tohu.organisations.models import Organisation
    from tohu.register.models import MicroCredential

    provider = Organisation.objects.get(moe_number=PROVIDER_MOE)
    ids = {
        mc.listing_number: (mc.pk, mc.current_version_id or 0)
        for mc in MicroCredential.objects.filter(listing_number__in=MICRO_CREDENTIALS)
    }
    return provider.pk, ids


def _empty_completions() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM achievements_completion")
        cursor.execute("DELETE FROM achievements_importbatch")


def child_raw(rows: int) -> dict[str, Any]:
    """The fastest raw write of the same rows into the same table, in one transaction.

    Written twice, the faster run counts (the first also pays for growing the database file),
    with the connection set as an import sets it (`staging.import_memory`).
    """
    _django()
    from django.db import connection, transaction

    from tohu.achievements.services import staging
    from tohu.core import clock

    provider_id, ids = _ids()
    today, now = clock.today(), clock.now()
    # SQLite takes dates as text: convert the constant ones once, as Django would store them
    sqlite = connection.vendor == "sqlite"
    reported_on = connection.ops.adapt_datefield_value(today) if sqlite else today
    created_at = connection.ops.adapt_datetimefield_value(now) if sqlite else now
    columns = [
        "nsn",
        "micro_credential_id",
        "version_id",
        "provider_id",
        "date_of_achievement",
        "provider_reference",
        "reported_on",
        "late",
        "status",
        "reason",
        "created_at",
    ]

    def resolved() -> Iterator[tuple[Any, ...]]:
        for i in range(rows):
            nsn, listing, day, reference = _row(i, today)
            mc_id, version_id = ids[listing]
            yield (
                nsn,
                mc_id,
                version_id,
                provider_id,
                day.isoformat() if sqlite else day,
                reference,
                reported_on,
                False,
                "recorded",
                "",
                created_at,
            )

    runs = []
    for _ in range(RAW_RUNS):
        with staging.import_memory():
            started = time.perf_counter()
            with transaction.atomic():
                _bulk("achievements_completion", columns, resolved())
            runs.append(time.perf_counter() - started)
        _empty_completions()
    seconds = min(runs)
    return {"seconds": seconds, "rate": rows / seconds, "peak_mb": _peak_mb(), "runs": runs}


def child_ingest(path: Path, keep: bool = False) -> dict[str, Any]:
    """The validated ingest of the file, exactly as `tohu results import` runs it."""
    _django()
    from tohu.achievements.models import Channel, Completion
    from tohu.achievements.results_file import CsvSource
    from tohu.achievements.services import results_import
    from tohu.core.principal import COMMAND
    from tohu.organisations.models import Organisation

    provider = Organisation.objects.get(moe_number=PROVIDER_MOE)
    started = time.perf_counter()
    with path.open("rb") as stream:
        outcome = results_import(
            reporter=COMMAND,
            provider=provider,
            source=CsvSource(stream, name=path.name, size=path.stat().st_size),
            channel=Channel.COMMAND,
        )
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    recorded = Completion.objects.count()
    if not keep:  # kept, the record page is measured beside a national-sized table
        _empty_completions()
    return {
        "seconds": seconds,
        "rate": outcome.rows_total / seconds,
        "rows": outcome.rows_total,
        "recorded": recorded,
        "status": str(outcome.status),
        "problems": outcome.problems_total,
        "peak_mb": peak,
    }


def child_orm(rows: int) -> dict[str, Any]:
    """Each row saved through the ORM one by one (in one transaction, to be generous)."""
    _django()
    from django.db import transaction

    from tohu.achievements.models import Completion
    from tohu.core import clock

    provider_id, ids = _ids()
    today, now = clock.today(), clock.now()
    started = time.perf_counter()
    with transaction.atomic():
        for i in range(rows):
            nsn, listing, day, reference = _row(i, today)
            mc_id, version_id = ids[listing]
            Completion(
                nsn=nsn,
                micro_credential_id=mc_id,
                version_id=version_id,
                provider_id=provider_id,
                date_of_achievement=day,
                provider_reference=reference,
                reported_on=today,
                created_at=now,
            ).save()
    seconds = time.perf_counter() - started
    _empty_completions()
    return {"seconds": seconds, "rate": rows / seconds}


def child_record_page(requests: int) -> dict[str, Any]:
    """p95 of the learner's record page with 200 completions, through the test client."""
    _django()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.factories import accredit, listed_micro_credential
    from tohu.achievements.models import Channel, Completion
    from tohu.achievements.results_file import RowsSource
    from tohu.achievements.services import results_import
    from tohu.core import clock
    from tohu.core.principal import COMMAND
    from tohu.learners.models import Learner
    from tohu.organisations.models import Organisation

    setup_test_environment()
    developer = Organisation.objects.get(slug="bench-isb")
    provider = Organisation.objects.get(moe_number=PROVIDER_MOE)
    user = User.objects.create(username="bench-learner")
    # the last learner in the index: the results file gives them no completions of their own
    learner = Learner.objects.order_by("-nsn").first()
    assert learner is not None
    assert not Completion.objects.filter(nsn=learner.nsn).exists()
    learner.user = user
    learner.save()
    day = (clock.today() - timedelta(days=10)).isoformat()
    items = []
    for n in range(200):
        micro_credential = listed_micro_credential(
            developer=developer,
            listing_number=str(8000 + n),
            listed_on=date(2024, 3, 1),
            title=f"Bench skill {n}",
        )
        accredit(provider, micro_credential)
        items.append(
            {"nsn": learner.nsn, "listing_number": str(8000 + n), "date_of_achievement": day}
        )
    results_import(
        reporter=COMMAND,
        provider=provider,
        source=RowsSource(items=items),
        channel=Channel.COMMAND,
    )
    if connection.vendor == "postgresql":
        # the ingest before wrote a million rows: analyze them as autovacuum would within a
        # minute, and write its dirty pages out now, so the page is measured, not a checkpoint
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE achievements_completion")
            cursor.execute("CHECKPOINT")
    client = Client()
    client.force_login(user)
    timings = []
    for _ in range(20):
        client.get("/achievements/record/")
    connection.force_debug_cursor = True
    connection.queries_log.clear()
    response = client.get("/achievements/record/")
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    assert response.status_code == 200
    assert "Total: 200 micro-credentials" in response.content.decode()
    for _ in range(requests):
        started = time.perf_counter()
        client.get("/achievements/record/")
        timings.append((time.perf_counter() - started) * 1000)
    in_table = Completion.objects.count()
    _empty_completions()
    timings.sort()
    return {
        "p50_ms": timings[len(timings) // 2],
        "p95_ms": timings[int(len(timings) * 0.95) - 1],
        "queries": queries,
        "completions": 200,
        "completions_in_table": in_table,
    }


CHILDREN = {
    "setup": lambda a: child_setup(a.rows, Path(a.file)),
    "raw": lambda a: child_raw(a.rows),
    "ingest": lambda a: child_ingest(Path(a.file), keep=a.keep),
    "orm": lambda a: child_orm(a.rows),
    "record": lambda a: child_record_page(a.rows),
}


# --- the parent ----------------------------------------------------------------------------------


def _run_child(step: str, env: dict[str, str], **args: Any) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.achievements_ingest", "--child", step]
    for key, value in args.items():
        if isinstance(value, bool):
            command += [f"--{key}"] if value else []
        else:
            command += [f"--{key}", str(value)]
    done = subprocess.run(  # noqa: S603
        command, env=env, cwd=REPO, capture_output=True, text=True, check=False, timeout=3600
    )
    if done.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _postgres_recreate(base: str) -> str:
    import psycopg

    admin = base.rstrip("/") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return base.rstrip("/") + f"/{BENCH_DB}"


def _environment(database: str, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SECRET_KEY="bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        TOHU_KEY_ENCRYPTION_KEY="YmVuY2gtb25seS1rZXktZW5jcnlwdGlvbi1rZXktMDE=",
        TOHU_AUDIT_KEY="YmVuY2gtb25seS1hdWRpdC1jaGVja3BvaW50LWtleSE=",
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        TOHU_STATIC_MANIFEST="0",
        TOHU_VAR_DIR=str(workdir),
        # queued tasks (the credential sweep the ingest queues after commit) are kept, not run:
        # the import never waits for credentials, and this times the import
        TOHU_TASK_BACKEND="django_tasks.backends.dummy.DummyBackend",
        PYTHONPATH=str(REPO),
    )
    if database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        base = os.environ.get("TOHU_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
        env["DATABASE_URL"] = _postgres_recreate(base)
    (workdir / "static").mkdir(exist_ok=True)
    return env


def bench_database(database: str, rows: int, small: int, orm_rows: int) -> dict[str, Any]:
    """Run every step against one database; return the figures."""
    with tempfile.TemporaryDirectory(prefix="tohu-bench-ach-") as tmp:
        workdir = Path(tmp)
        env = _environment(database, workdir)
        large, little = workdir / "large.csv", workdir / "small.csv"
        setup = _run_child("setup", env, rows=rows, file=large)
        with large.open("rb") as source, little.open("wb") as out:
            for number, line in enumerate(source):
                if number > small:
                    break
                out.write(line)
        raw = _run_child("raw", env, rows=rows)
        ingest_small = _run_child("ingest", env, file=little)
        # the large file's completions stay for the record page, which empties the table after
        ingest = _run_child("ingest", env, file=large, keep=True)
        record = _run_child("record", env, rows=200)
        orm = _run_child("orm", env, rows=orm_rows)
    return {
        "database": database,
        "rows": rows,
        "file_mb": setup["bytes"] / 1e6,
        "raw": raw,
        "ingest": ingest,
        "ingest_small": ingest_small,
        "orm": orm,
        "record": record,
        "ratio": ingest["rate"] / raw["rate"],
        "speedup_over_orm": ingest["rate"] / orm["rate"],
    }


def report(figures: dict[str, Any]) -> tuple[str, bool]:
    vendor = "postgresql" if figures["database"] == "postgres" else "sqlite"
    target = TARGET_RATIO[vendor]
    ingest, small = figures["ingest"], figures["ingest_small"]
    # "the same": within 15% of the small file's peak (the interpreter and Django are most of it)
    memory_ok = (
        ingest["peak_mb"] <= TARGET_MEMORY_MB and ingest["peak_mb"] <= small["peak_mb"] * 1.15
    )
    checks = {
        "ratio": figures["ratio"] >= target,
        "memory": memory_ok,
        "recorded": ingest["recorded"] == figures["rows"],
        "record p95": figures["record"]["p95_ms"] < TARGET_P95_MS,
    }
    lines = [
        f"{figures['database']}: {figures['rows']:,} rows ({figures['file_mb']:.1f} MB file)",
        f"  raw write          {figures['raw']['seconds']:7.2f} s  "
        f"{figures['raw']['rate']:>10,.0f} rows/s",
        f"  validated ingest   {ingest['seconds']:7.2f} s  {ingest['rate']:>10,.0f} rows/s"
        f"  = {figures['ratio']:.2f} of raw (target >= {target})",
        f"  ORM one by one     {figures['orm']['rate']:>20,.0f} rows/s"
        f"  (ingest is {figures['speedup_over_orm']:.1f}x faster)",
        f"  peak memory        {small['peak_mb']:.0f} MB for {small['rows']:,} rows, "
        f"{ingest['peak_mb']:.0f} MB for {ingest['rows']:,} rows "
        f"(target <= {TARGET_MEMORY_MB}, same)",
        f"  record page (200)  p50 {figures['record']['p50_ms']:.1f} ms, p95 "
        f"{figures['record']['p95_ms']:.1f} ms, {figures['record']['queries']} queries, "
        f"{figures['record']['completions_in_table']:,} completions in the table "
        f"(target p95 < {TARGET_P95_MS:.0f} ms)",
        "  " + ", ".join(f"{name}: {'ok' if ok else 'MISSED'}" for name, ok in checks.items()),
    ]
    return "\n".join(lines), all(checks.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.achievements_ingest")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--orm-rows", type=int, default=20_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--json", help="Also write the figures to this file.")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child](args), default=str))
        return 0
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    all_figures, passed = [], True
    for database in databases:
        figures = bench_database(database, args.rows, args.small, args.orm_rows)
        text, ok = report(figures)
        print(text, flush=True)
        all_figures.append(figures)
        passed = passed and ok
    if len(all_figures) == 2:
        sqlite_mb, postgres_mb = (f["ingest"]["peak_mb"] for f in all_figures)
        flat = sqlite_mb <= postgres_mb * TARGET_MEMORY_SPREAD
        print(
            f"peak memory, SQLite against PostgreSQL: {sqlite_mb:.0f} / {postgres_mb:.0f} MB "
            f"(target within {TARGET_MEMORY_SPREAD - 1:.0%}): {'ok' if flat else 'MISSED'}"
        )
        passed = passed and flat
    if args.json:
        Path(args.json).write_text(json.dumps(all_figures, indent=2, default=str))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
