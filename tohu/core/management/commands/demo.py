"""`tohu demo`: load the demo framework once and print the demo sign-ins.

`tohu demo --scale N` also adds N synthetic micro-credentials for benchmarks.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tohu.core.errors import DomainError
from tohu.demo.build import DemoSummary, add_synthetic, build_demo
from tohu.demo.specs import DEMO_TOTP_SECRET


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ArgumentTypeError("must be 0 or more")
    return value


class Command(BaseCommand):
    help = (
        "Load the demo framework (once: a second run changes nothing) and print the demo "
        "sign-ins; --scale N adds N synthetic micro-credentials."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale",
            type=_count,
            default=0,
            metavar="N",
            help="add N synthetic micro-credentials (for benchmarks)",
        )
        parser.add_argument(
            "--code",
            action="store_true",
            help="print the demo personas' authenticator code for now, and do nothing else",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="seed for the synthetic data (default 2026)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["code"]:
            self._print_code()
            return
        try:
            summary = build_demo(stdout=self.stdout)
        except DomainError as error:
            raise CommandError(error.message) from None
        if summary.already_loaded:
            self.stdout.write("The demo is already loaded: its data was left as it is.")
        else:
            self._add_activity()
        self._print_sign_ins(summary)
        if options["scale"]:
            started = time.perf_counter()
            added = add_synthetic(options["scale"], seed=options["seed"])
            self.stdout.write(
                f"Added {added} synthetic micro-credentials (seed {options['seed']}) "
                f"in {time.perf_counter() - started:.1f} s."
            )

    def _add_activity(self) -> None:
        """Give the demo a working life: reviews, applications, schemes, completions."""
        from tohu.demo.activity import add_activity

        done = add_activity()
        self.stdout.write(
            f"Moved {done.reviews_moved} next reviews on past their accepted earlier reviews, "
            f"scheduled {done.reviews_scheduled} reviews, made {done.applications} applications, "
            f"imported {done.schemes} former training schemes and reported "
            f"{done.completions} completions."
        )

    def _print_sign_ins(self, summary: DemoSummary) -> None:
        rows = [("Username", "Password", "Role", "Organisation")] + [
            (s.username, s.password, s.role + (" *" if s.second_factor else ""), s.organisation)
            for s in summary.sign_ins
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        self.stdout.write("\nDemo sign-ins (demo only: never use these passwords elsewhere):")
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))
        self.stdout.write(
            "\n* The quality assurer's staff and organisations' administrators must sign in with "
            "a second factor.\n  The demo gave them an authenticator app with the secret "
            f"{DEMO_TOTP_SECRET}: add it to yours\n  (without an app, `tohu demo --code` prints "
            "the code to type now).\n"
        )

    def _print_code(self) -> None:
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
        self.stdout.write(f"The demo authenticator code for now: {code} (it changes every 30 s).")
