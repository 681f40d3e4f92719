"""`tohu audit verify`: walk the audit chain and report the first broken link."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tohu.core.audit import verify_chain


class Command(BaseCommand):
    help = "Work with the audit log. `verify` checks every row's hash and link."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"The audit chain is broken at event #{broken.sequence}: {broken.reason}. "
                f"{checked} events before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"The audit chain is intact: {checked} events."))
