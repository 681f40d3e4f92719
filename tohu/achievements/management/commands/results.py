"""`tohu results import FILE --provider MOE_NUMBER [--dry-run] [--partial] [--error-report PATH]`
and `tohu results recover [--stale-after SECONDS]`.

import: exit 0 when the file was recorded (or, with --dry-run, would be), 1 when it was
rejected, 2 when the command was used wrongly, 3 when the database was lost part-way (nothing
of the file is recorded; the message says what became of its batch). recover: finish every
import whose process died part-way as failed, taking back the rows it wrote (`tohu worker` does
it when it starts).
"""

from __future__ import annotations

import os
import sys
import time
from argparse import ArgumentParser
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError
from django.db import Error, InterfaceError, OperationalError

from tohu.achievements.models import BatchStatus, Channel, ImportBatch
from tohu.achievements.results_file import CsvSource
from tohu.achievements.services import Progress, results_import
from tohu.achievements.services.batches import STALE_AFTER, batches_recover, owner_here
from tohu.core.errors import DomainError
from tohu.core.principal import COMMAND
from tohu.core.priority import run_in_background
from tohu.core.retry import retrying
from tohu.organisations.models import Organisation

BAR_WIDTH = 30
DATABASE_LOST = 3


class ProgressBar:
    """A progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.started = time.monotonic()

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and progress.bytes_read < progress.size:
            return
        self.last = now
        fraction = min(progress.bytes_read / progress.size, 1.0) if progress.size else 1.0
        filled = int(BAR_WIDTH * fraction)
        rate = progress.rows / max(now - self.started, 1e-6)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {fraction:4.0%} "
            f"{progress.rows:,} rows ({rate:,.0f}/s)"
        )
        self.stream.flush()

    def done(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def database_lost(error: Exception) -> str:
    """Say, without a traceback, that the database went away and what became of the batch."""
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    try:
        batch = retrying(
            lambda: ImportBatch.objects.filter(owner=owner_here()).order_by("-pk").first()
        )
    except Error:
        return (
            f"The import stopped: the connection to the database was lost ({reason}), and the "
            "database could not be reached to tell what became of it. Nothing from the file is "
            "visible: its import stays hidden and unfinished until `tohu results recover` "
            "finishes it as failed (run it once the database is back). Send the file again."
        )
    if batch is None:
        kept = "Nothing from the file was recorded."
    elif batch.status == BatchStatus.RECORDED:
        kept = f"Import {batch.pk} had been recorded before that: {batch.message}"
    elif batch.is_finished:
        kept = f"Nothing from the file was recorded: import {batch.pk} is {batch.status}."
    else:
        kept = (
            f"Nothing from the file is visible: import {batch.pk} is unfinished until "
            "`tohu results recover` finishes it as failed."
        )
    again = "" if batch is not None and batch.status == BatchStatus.RECORDED else " Send it again."
    return f"The import stopped: the connection to the database was lost ({reason}). {kept}{again}"


class Command(BaseCommand):
    help = "Import a results file of completions for a provider."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        importer = commands.add_parser("import", help="Check and record a results file.")
        importer.add_argument("file", help="The results file (CSV, UTF-8).")
        importer.add_argument("--provider", required=True, help="The provider's MoE number.")
        importer.add_argument("--dry-run", action="store_true", help="Check only; record nothing.")
        importer.add_argument(
            "--partial", action="store_true", help="Record the valid rows, report the rest."
        )
        importer.add_argument("--error-report", help="Write the error report (CSV) here.")
        recover = commands.add_parser(
            "recover", help="Fail every import whose process died part-way, taking back its rows."
        )
        recover.add_argument(
            "--stale-after",
            type=float,
            default=STALE_AFTER.total_seconds(),
            help="Also take imports silent this many seconds (default: %(default)s) as dead.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "recover":
            recovered = batches_recover(stale_after=timedelta(seconds=options["stale_after"]))
            listed = ", ".join(str(pk) for pk in recovered) or "none"
            self.stdout.write(f"Recovered {len(recovered)} unfinished import(s): {listed}.")
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.", returncode=2)
        provider = Organisation.objects.filter(moe_number=options["provider"]).first()
        if provider is None:
            raise CommandError(
                f"No organisation has MoE number {options['provider']}.", returncode=2
            )
        status = self._import(path, provider, options)
        if status != 0:
            sys.exit(status)

    def _import(self, path: Path, provider: Organisation, options: dict[str, Any]) -> int:
        run_in_background()  # people's requests go first on a busy machine
        bar = ProgressBar(sys.stderr)
        report_path = options.get("error_report")
        report = open(report_path, "w", newline="", encoding="utf-8") if report_path else None  # noqa: SIM115
        try:
            with path.open("rb") as stream:
                source = CsvSource(stream, name=path.name, size=os.fstat(stream.fileno()).st_size)
                outcome = results_import(
                    reporter=COMMAND,
                    provider=provider,
                    source=source,
                    channel=Channel.COMMAND,
                    partial=options["partial"],
                    dry_run=options["dry_run"],
                    progress=bar,
                    error_report=report,
                )
        except DomainError as error:
            raise CommandError(str(error), returncode=2) from None
        except (OperationalError, InterfaceError) as error:
            raise CommandError(database_lost(error), returncode=DATABASE_LOST) from None
        finally:
            bar.done()
            if report is not None:
                report.close()
        self.stdout.write(("Dry run: " if outcome.dry_run else "") + outcome.summary)
        for problem in outcome.problems_preview[:10]:
            self.stderr.write(
                f"line {problem.row} {problem.field or '-'} [{problem.rule_id}] {problem.message}"
            )
        if outcome.problems_total > 10:
            where = report_path or "the error report (--error-report PATH)"
            self.stderr.write(f"... and {outcome.problems_total - 10} more in {where}.")
        return 0 if outcome.ok else 1
