"""`tohu credentials issue` and `tohu credentials export COMPLETION_ID --out DIR`."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tohu.credentials.exports import credential_bundle
from tohu.credentials.services.issuing import credentials_sweep


class Command(BaseCommand):
    help = (
        "Verifiable credentials. `issue` revokes, issues and signs what is due now (the task "
        "`tohu worker` runs after each change; --enqueue queues it). `export COMPLETION_ID --out "
        "DIR` writes the completion's signed credential, its issuer's DID document and every "
        "status list credential it refers to, so a third party can verify it offline."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        issue = actions.add_parser("issue", help="Issue and sign the credentials due now.")
        issue.add_argument("--enqueue", action="store_true", help="Queue it for the worker.")
        export = actions.add_parser("export", help="Write a credential and what verifies it.")
        export.add_argument("completion", type=int, help="The completion's id.")
        export.add_argument("--out", required=True, type=Path, help="The folder to write to.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "issue":
            self._issue(options["enqueue"])
        else:
            self._export(options["completion"], options["out"])

    def _issue(self, enqueue: bool) -> None:
        if enqueue:
            from tohu.credentials.tasks import issue_credentials

            result = issue_credentials.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        done = credentials_sweep()
        self.stdout.write(
            f"Revoked {done['revoked']}, issued {done['created']}, signed {done['signed']}."
        )

    def _export(self, completion_id: int, out: Path) -> None:
        bundle = credential_bundle(completion_id)
        if bundle is None:
            raise CommandError(
                f"Completion {completion_id} has no credential yet (run `tohu credentials issue`)."
            )
        out.mkdir(parents=True, exist_ok=True)
        for name, document in bundle.files().items():
            (out / name).write_text(
                json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        self.stdout.write(f"Wrote {', '.join(sorted(bundle.files()))} to {out}.")
