"""`tohu restore PATH`: restore a backup into an empty database, then check the audit chain."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from tohu.core.audit import verify_chain
from tohu.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `tohu backup` into the (empty) database DATABASE_URL names, "
        "then check the audit chain as `tohu audit verify` does and fail the imports the backup "
        "caught part-way (their providers send them again)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = restore(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        checked, broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"Restored {done.path}, but its audit chain is broken at event "
                f"#{broken.sequence}: {broken.reason}."
            )
        self.stdout.write(
            f"Restored the {done.engine} database from {done.path}; "
            f"the audit chain is intact: {checked} events."
        )
        unfinished: list[int] = []
        for path in settings.TOHU_AFTER_RESTORE:
            unfinished += import_string(path)()
        if unfinished:
            listed = ", ".join(f"#{batch}" for batch in unfinished)
            self.stdout.write(
                f"The backup caught {len(unfinished)} results import(s) part-way ({listed}): "
                "each is now failed with nothing recorded, and its provider sends the file again."
            )
