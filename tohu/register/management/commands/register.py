"""`tohu register discontinue-expired`: the daily status task, runnable by hand."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tohu.core.dates import DateProblem, parse_date
from tohu.register.services import micro_credentials_discontinue_expired


class Command(BaseCommand):
    help = (
        "Register housekeeping. `discontinue-expired` makes every expiring micro-credential "
        "whose end date has passed discontinued (LOR-8.3); running it twice changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["discontinue-expired"])
        parser.add_argument("--today", help="Treat this day (YYYY-MM-DD) as today.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for `tohu worker` instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from tohu.register.tasks import discontinue_expired

            result = discontinue_expired.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        today = self._today(options["today"])
        changed = micro_credentials_discontinue_expired(today=today)
        if not changed:
            self.stdout.write("No expiring micro-credential has passed its end date.")
            return
        self.stdout.write(f"Discontinued {len(changed)}: {', '.join(changed)}")

    def _today(self, raw: str | None) -> date | None:
        if raw is None:
            return None
        try:
            return parse_date(raw, iso_only=True)
        except DateProblem as problem:
            raise CommandError(f"--today: {problem}") from None
