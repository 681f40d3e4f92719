"""`tohu organisations nzbn ORG NZBN`: record an organisation's New Zealand Business Number."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tohu.core.errors import DomainError
from tohu.core.principal import COMMAND
from tohu.organisations.models import Organisation
from tohu.organisations.services import organisation_nzbn_set


class Command(BaseCommand):
    help = (
        "Organisations' identifiers. `nzbn ORG NZBN` records the organisation's NZBN (13 digits, "
        'the last a check digit; give "" to clear it). Credentials signed from then on name it.'
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        nzbn = actions.add_parser("nzbn", help="Record the organisation's NZBN.")
        nzbn.add_argument("organisation", help="The organisation's slug.")
        nzbn.add_argument("nzbn", help='The NZBN, or "" to clear it.')

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation has the slug {options['organisation']!r}.")
        try:
            changed = organisation_nzbn_set(
                actor=COMMAND,
                organisation=organisation,
                nzbn=options["nzbn"],
                actor_label="tohu organisations nzbn",
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{changed.slug}: NZBN {changed.nzbn or '(none)'}.")
