"""`tohu backup PATH`: back up the whole database while Tohu runs (docs/operations.md)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tohu.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database to PATH while Tohu runs: SQLite's online backup, or pg_dump's "
        "custom format on PostgreSQL. Restore it with `tohu restore PATH`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="a new file to write the backup to")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = backup(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up the {done.engine} database to {done.path} ({done.size:,} bytes). "
            "Restore it into an empty database with `tohu restore PATH`."
        )
