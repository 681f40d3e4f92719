"""`tohu audit verify`: check the audit chain; `tohu audit checkpoint`: sign its head now."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tohu.core.audit import KeptCheckpoint, checkpoint, verify_chain


def _kept(path: str) -> list[KeptCheckpoint]:
    """Checkpoints from a copy of /audit/checkpoints.json kept outside Tohu."""
    try:
        published = json.loads(Path(path).read_text(encoding="utf-8"))
        return [
            KeptCheckpoint(sequence=int(c["sequence"]), hash=str(c["hash"]), mac=str(c["mac"]))
            for c in published["checkpoints"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{path} is not a copy of /audit/checkpoints.json: {error}") from None


class Command(BaseCommand):
    help = (
        "Work with the audit log. `verify` checks every row's hash, link and seal and the chain "
        "against the signed checkpoints (and, with --checkpoints, a copy kept outside); "
        "`checkpoint` signs the chain's head now."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])
        parser.add_argument(
            "--checkpoints",
            metavar="FILE",
            help="A copy of /audit/checkpoints.json to check the chain against as well.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            made = checkpoint()
            if made is None:
                self.stdout.write("The audit chain is empty: nothing to sign.")
            else:
                self.stdout.write(f"Checkpoint at event #{made.sequence} ({made.hash[:12]}…).")
            return
        kept = _kept(options["checkpoints"]) if options["checkpoints"] else []
        checked, broken = verify_chain(kept)
        if broken is not None:
            raise CommandError(
                f"The audit chain is broken at event #{broken.sequence}: {broken.reason}. "
                f"{checked} events before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"The audit chain is intact: {checked} events."))
