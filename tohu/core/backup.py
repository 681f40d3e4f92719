"""Backups of the whole database while Tohu runs, and restoring one into an empty database.

SQLite: the online backup API copies a consistent snapshot page by page while others read and
write. PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, compressed), restored with
`pg_restore`. A backup is written beside its path and renamed into place only when complete, so
a path never holds half a backup. Uploaded files (results files, application documents) live
under `TOHU_VAR_DIR/media` and are backed up with the file system, not by these commands.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


class BackupError(Exception):
    """Raise when a backup or restore cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Done:
    """What a backup or restore did."""

    path: Path
    size: int
    engine: str


def _settings() -> dict[str, Any]:
    return connection.settings_dict


def _pg_environment() -> dict[str, str]:
    settings = _settings()
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings.get(key):
            env[name] = str(settings[key])
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    env["PGDATABASE"] = str(settings["NAME"])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client programs "
            f"(`apt-get install postgresql-client`), of the server's version or newer."
        )
    return found


def _sqlite_module() -> Any:
    connection.ensure_connection()
    return type(connection.connection).__module__.split(".")[0]


def backup(path: Path) -> Done:
    """Write a backup of the database to `path` while Tohu keeps running."""
    path = path.resolve()
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new name for each backup.")
    if not path.parent.is_dir():
        raise BackupError(f"There is no directory {path.parent} to write the backup in.")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(partial)
        elif connection.vendor == "postgresql":
            _pg_dump(partial)
        else:
            raise BackupError(f"Tohu cannot back up a {connection.vendor} database.")
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return Done(path=path, size=path.stat().st_size, engine=connection.vendor)


def _sqlite_backup(target: Path) -> None:
    import importlib

    module = importlib.import_module(_sqlite_module())
    connection.ensure_connection()
    source = connection.connection
    destination = module.connect(str(target))
    try:
        with destination:
            # in one step: one read transaction, a consistent snapshot; in WAL mode writers go on
            # meanwhile (copying in steps would restart at every write another connection makes)
            source.backup(destination)
    finally:
        destination.close()


def _pg_dump(target: Path) -> None:
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)],
        env=_pg_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


def database_is_empty() -> bool:
    """Say whether the database has no tables of Tohu's (nothing migrated into it yet)."""
    return "django_migrations" not in connection.introspection.table_names()


def restore(path: Path) -> Done:
    """Restore a backup made by `backup` into this (empty) database."""
    path = path.resolve()
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    with path.open("rb") as file:
        head = file.read(16)
    if not database_is_empty():
        raise BackupError(
            "The database is not empty: restore into a new, empty database (create it, point "
            "DATABASE_URL at it, and run `tohu restore` again). Nothing was changed."
        )
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{path} is not a SQLite backup made by `tohu backup`.")
        _sqlite_restore(path)
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_CUSTOM_MAGIC):
            raise BackupError(f"{path} is not a PostgreSQL backup made by `tohu backup`.")
        _pg_restore(path)
    else:
        raise BackupError(f"Tohu cannot restore into a {connection.vendor} database.")
    connection.close()
    return Done(path=path, size=path.stat().st_size, engine=connection.vendor)


def _sqlite_restore(path: Path) -> None:
    import importlib

    module = importlib.import_module(_sqlite_module())
    source = module.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_restore(path: Path) -> None:
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            _tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            str(_settings()["NAME"]),
            str(path),
        ],
        env=_pg_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed, and restored nothing: {done.stderr.strip()}")
