"""`tohu daily`: the housekeeping every Tohu installation runs once a day (cron or a timer).

Each job is idempotent, so running the command twice in a day does nothing the second time.
The jobs are the tasks named in the TOHU_DAILY_TASKS setting.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run (or, with --enqueue, queue for `tohu worker`) every daily housekeeping task."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the tasks instead of running them here."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for path in settings.TOHU_DAILY_TASKS:
            task = import_string(path)
            if options["enqueue"]:
                result = task.enqueue()
                self.stdout.write(f"{path}: queued as {result.id}")
            else:
                outcome = task.call()
                self.stdout.write(f"{path}: {outcome}")
