"""The staging table an import writes its checked rows into, one per database connection.

Recording: each chunk of checked rows goes into the (emptied) staging table, SQLite by
executemany and PostgreSQL by COPY, and one INSERT ... SELECT ... ON CONFLICT DO NOTHING
RETURNING moves it into the completions table under the import's batch. The ROA-dup unique
constraint decides which rows are new, so concurrent imports never double a row; the rows it
skipped are then read back with the completion that holds their place, so each row's outcome is
exact (not counted as the difference of totals).

On PostgreSQL a chunk is first copied straight into the completions table (`record_direct`, one
COPY in a savepoint), without the staging copy: when the constraint refuses any row, nothing of
the chunk is kept and it takes the way above, which finds each row's outcome. Either way a row is
recorded only if the constraint let it in, so the outcomes stay exact under concurrency.

A dry run records nothing: the whole file is staged, and repeats in the file and completions
already held are found in SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction

TABLE = "tmp_achievements_staging"
COMPLETION_TABLE = "achievements_completion"
BATCH_TABLE = "achievements_importbatch"
FETCH = 2000
COLUMNS = (
    "line, nsn, micro_credential_id, version_id, date_of_achievement, late, provider_reference"
)

# line, nsn, micro_credential_id, version_id, date_of_achievement (ISO text, which both
# databases read as a date), late, provider_reference
StagedRow = tuple[int, str, int, int, str, bool, str]

# line, nsn, version_id, the holder's provider id, the date held, the file's date, the holder's
# batch id (or None), its line in that batch (or None), that batch's status (or None)
HeldRow = tuple[int, str, int, int, Any, Any, int | None, int | None, str | None]


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
    million-row import would grow with the file, where everything else in it is streamed.
    Writing does not need them.
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
        cursor.execute(f"PRAGMA temp.cache_size=-{IMPORT_CACHE_KIB}")
        cursor.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={cache_size}")
            cursor.execute(f"PRAGMA mmap_size={mmap_size}")


def create() -> None:
    """Make an empty staging table for this connection (again, after a lost connection)."""
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


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608


def add(rows: Sequence[StagedRow]) -> None:
    """Write checked rows: COPY on PostgreSQL, one executemany on SQLite."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if _is_postgres():
            with cursor.cursor.copy(f"COPY {TABLE} ({COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {TABLE} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
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


HELD = (
    "SELECT s.line, s.nsn, s.version_id, c.provider_id, c.date_of_achievement, "  # noqa: S608
    "s.date_of_achievement, c.batch_id, c.batch_line, b.status "
    f"FROM {TABLE} s JOIN {COMPLETION_TABLE} c "
    "ON c.nsn = s.nsn AND c.version_id = s.version_id AND c.status = 'recorded' "
    f"LEFT JOIN {BATCH_TABLE} b ON b.id = c.batch_id "
)


def already_recorded() -> Iterator[HeldRow]:
    """Dry run: each staged row whose learner already holds a recorded completion of that
    version (also one of an import still being recorded), with that completion."""
    return _fetch(HELD + "ORDER BY s.line")


def held_by_others(batch_id: int) -> list[HeldRow]:
    """After `record`: each staged row not recorded, with the completion holding its place."""
    with connection.cursor() as cursor:
        cursor.execute(
            HELD + "WHERE COALESCE(c.batch_id, 0) <> %s OR COALESCE(c.batch_line, 0) <> s.line "
            "ORDER BY s.line",
            [batch_id],
        )
        return list(cursor.fetchall())


def record(*, provider_id: int, batch_id: int, reported_on: date, created_at: datetime) -> set[int]:
    """Insert the staged rows as completions of the batch; return the lines recorded (the
    others were held already: ROA-dup). Within the chunk the earliest line comes first."""
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
            "reason, created_at, batch_line) "
            "SELECT nsn, micro_credential_id, version_id, %s, date_of_achievement, "
            f"provider_reference, %s, late, 'recorded', %s, '', %s, line FROM {TABLE} "
            "WHERE true ORDER BY line ON CONFLICT DO NOTHING RETURNING batch_line",
            params,
        )
        return {int(row[0]) for row in cursor.fetchall()}


RECORD_COLUMNS = (
    "nsn, micro_credential_id, version_id, provider_id, date_of_achievement, provider_reference, "
    "reported_on, late, status, batch_id, reason, created_at, batch_line"
)
UNIQUE_VIOLATION = "23505"


def copies_straight() -> bool:
    """Whether chunks are first copied straight into the completions table (PostgreSQL)."""
    return _is_postgres()


def record_direct(
    rows: Sequence[StagedRow],
    *,
    provider_id: int,
    batch_id: int,
    reported_on: date,
    created_at: datetime,
) -> bool:
    """PostgreSQL: COPY the rows straight into the completions table under the batch, in a
    savepoint. True when every row went in; False, with none of them kept, when the ROA-dup
    constraint refused one (held already, by anyone, or repeated in the file): `record` then
    finds each row's outcome. Any other error is raised."""
    try:
        with transaction.atomic(), connection.cursor() as cursor, connection.wrap_database_errors:
            sql = f"COPY {COMPLETION_TABLE} ({RECORD_COLUMNS}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for line, nsn, mc_id, version_id, day, late, reference in rows:
                    copy.write_row(
                        (nsn, mc_id, version_id, provider_id, day, reference, reported_on, late,
                         "recorded", batch_id, "", created_at, line)
                    )  # fmt: skip
    except IntegrityError as error:
        if getattr(error.__cause__, "sqlstate", None) != UNIQUE_VIOLATION:
            raise
        return False
    return True


def delete_batch_rows(batch_id: int, limit: int) -> int:
    """Delete up to `limit` completions of an unfinished batch; return how many went."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {COMPLETION_TABLE} WHERE id IN "  # noqa: S608
            f"(SELECT id FROM {COMPLETION_TABLE} WHERE batch_id = %s LIMIT %s)",
            [batch_id, limit],
        )
        return int(cursor.rowcount)
