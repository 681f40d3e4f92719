"""`tohu translations export [--language mi]`: write the translators' reviews (made on
/translation/review/) into the language's `.po` file and review.json, and compile its `.mo`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tohu.core.permissions import Action, require
from tohu.core.principal import COMMAND
from tohu.core.translation import export_reviews


class Command(BaseCommand):
    help = "Export the translators' reviews to the catalogue (.po, review.json, .mo)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        export = commands.add_parser("export", help="Write reviews into the catalogue.")
        export.add_argument("--language", default="mi")

    def handle(self, *args: Any, **options: Any) -> None:
        require(COMMAND, Action.TRANSLATION_REVIEW)
        if options["command"] != "export":
            raise CommandError(f"unknown command {options['command']}")
        written = export_reviews(options["language"])
        self.stdout.write(f"exported {written} reviewed strings ({options['language']})")
