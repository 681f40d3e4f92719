"""`tohu reviews prompt` and `tohu reviews import-schemes FILE`."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tohu.core.dates import DateProblem, parse_date
from tohu.core.principal import COMMAND
from tohu.reviews import services


class Command(BaseCommand):
    help = (
        "Reviews. `prompt` schedules reviews, sends the prompts due and marks overdue reviews "
        "(REV-remind; running it twice sends nothing twice). `schedule` only schedules. "
        "`import-schemes FILE` imports former training schemes from CSV, all or nothing "
        "(TRANS-2025)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["prompt", "schedule", "import-schemes"])
        parser.add_argument("file", nargs="?", help="The CSV file for import-schemes.")
        parser.add_argument("--today", help="Treat this day (YYYY-MM-DD) as today (prompt).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the prompt task for `tohu worker`."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import-schemes":
            self._import(options["file"])
        elif action == "schedule":
            created = services.reviews_schedule(actor=COMMAND)
            self.stdout.write(f"Scheduled {len(created)} review(s).")
        else:
            self._prompt(options)

    def _prompt(self, options: dict[str, Any]) -> None:
        if options["enqueue"]:
            from tohu.reviews.tasks import prompt_reviews

            result = prompt_reviews.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        today = _day(options["today"])
        run = services.reviews_prompt(today=today)
        details = ", ".join(f"{kind} {count}" for kind, count in sorted(run.prompted.items()))
        self.stdout.write(
            f"Scheduled {run.scheduled} review(s); sent {run.emails} email(s)"
            + (f" ({details})." if details else "; nothing was due.")
        )

    def _import(self, file: str | None) -> None:
        if not file:
            raise CommandError("Name the CSV file: tohu reviews import-schemes FILE")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} is not a file.")
        with path.open("rb") as stream:
            try:
                result = services.schemes_import(actor=COMMAND, stream=stream, source=path.name)
            except services.SchemeFileRejected as rejected:
                for problem in rejected.problems:
                    self.stderr.write(str(problem))
                raise CommandError(rejected.message) from None
        scopes = ", ".join(f"{scope} {count}" for scope, count in sorted(result.by_scope.items()))
        self.stdout.write(
            f"Imported {result.imported} scheme(s) ({scopes}); {result.reviews} to review now."
        )


def _day(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return parse_date(raw, iso_only=True)
    except DateProblem as problem:
        raise CommandError(f"--today: {problem}") from None
