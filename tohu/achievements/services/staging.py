"""The staging table an import writes its checked rows into, one per database connection.

SQLite takes them with executemany, PostgreSQL with COPY; de-duplication and the check against
completions already recorded run in SQL, and the final INSERT ... SELECT ... ON CONFLICT DO
NOTHING leans on the ROA-dup unique constraint, so concurrent imports never double a row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.db import connection

TABLE = "tmp_achievements_staging"
COMPLETION_TABLE = "achievements_completion"
FETCH = 2000

# line, nsn, micro_credential_id, version_id, date_of_achievement (ISO text, which both
# databases read as a date), late, provider_reference
StagedRow = tuple[int, str, int, int, str, bool, str]


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# SQLite's page cache for an import, in KiB (a negative cache_size is KiB)
IMPORT_CACHE_KIB = 8192


@contextmanager
def import_memory() -> Iterator[None]:
    """On SQLite, hold an import to a small page cache and no memory map; restore both after.

    The settings give SQLite connections a 64 MB page cache and a 256 MB memory map, which the
    register's searches read from. Both count in the process's resident memory, and a large
    import writes through every page of the completions table and its indexes: with them, a
    million-row import would grow with the file (168 MB against 95 MB for 100,000 rows), where
    everything else in it is streamed. Writing does not need them.
    """
    if _is_postgres():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA mmap_size")
        row = cursor.fetchone()
        mmap_size = int(row[0]) if row else 0
        cursor.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
        cursor.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={cache_size}")
            cursor.execute(f"PRAGMA mmap_size={mmap_size}")


def create() -> None:
    """Make an empty staging table for this connection."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {TABLE} (line bigint NOT NULL, nsn varchar(10) NOT NULL, "
            "micro_credential_id bigint NOT NULL, version_id bigint NOT NULL, "
            "date_of_achievement date NOT NULL, late boolean NOT NULL, "
            "provider_reference varchar(100) NOT NULL)"
        )


def drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def add(rows: Sequence[StagedRow]) -> None:
    """Write checked rows: COPY on PostgreSQL, one executemany on SQLite."""
    if not rows:
        return
    columns = "line, nsn, micro_credential_id, version_id, date_of_achievement, late, "
    columns += "provider_reference"
    with connection.cursor() as cursor:
        if _is_postgres():
            with cursor.cursor.copy(f"COPY {TABLE} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {TABLE} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                rows,
            )


def index() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX {TABLE}_key ON {TABLE} (nsn, version_id, line)")
        if _is_postgres():
            cursor.execute(f"ANALYZE {TABLE}")


def _fetch(sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(FETCH):
            yield from batch


def repeated_in_file() -> Iterator[tuple[int, str, int]]:
    """Yield (line, nsn, first line) for each row that repeats an earlier row of the file."""
    return _fetch(
        f"SELECT s.line, s.nsn, MIN(f.line) FROM {TABLE} s JOIN {TABLE} f "  # noqa: S608
        "ON f.nsn = s.nsn AND f.version_id = s.version_id AND f.line < s.line "
        "GROUP BY s.line, s.nsn ORDER BY s.line"
    )


def already_recorded() -> Iterator[tuple[int, str, int, int, date | str, date | str]]:
    """Yield (line, nsn, version_id, provider_id, recorded date, file date) for rows whose
    learner already holds a recorded completion of that version."""
    return _fetch(
        f"SELECT s.line, s.nsn, s.version_id, c.provider_id, c.date_of_achievement, "  # noqa: S608
        f"s.date_of_achievement FROM {TABLE} s JOIN {COMPLETION_TABLE} c "
        "ON c.nsn = s.nsn AND c.version_id = s.version_id AND c.status = 'recorded' "
        "ORDER BY s.line"
    )


def remove(lines: Sequence[int]) -> None:
    """Take rows with problems out before a partial import records the rest."""
    with connection.cursor() as cursor:
        sql = f"DELETE FROM {TABLE} WHERE line = %s"  # noqa: S608
        cursor.executemany(sql, [(line,) for line in lines])


def count(where: str = "1 = 1") -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE {where}")  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def record(*, provider_id: int, batch_id: int, reported_on: date, created_at: datetime) -> int:
    """Insert the staged rows as completions; return how many were new (ROA-dup skips)."""
    ops = connection.ops
    params = [
        provider_id,
        ops.adapt_datefield_value(reported_on),
        batch_id,
        ops.adapt_datetimefield_value(created_at),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {COMPLETION_TABLE} (nsn, micro_credential_id, version_id, provider_id, "  # noqa: S608
            "date_of_achievement, provider_reference, reported_on, late, status, batch_id, "
            "reason, created_at) "
            "SELECT nsn, micro_credential_id, version_id, %s, date_of_achievement, "
            f"provider_reference, %s, late, 'recorded', %s, '', %s FROM {TABLE} "
            "WHERE true ON CONFLICT DO NOTHING",
            params,
        )
        return int(cursor.rowcount)
