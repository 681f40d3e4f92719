"""`tohu keys rotate ORG` and `tohu keys retire KEY --compromised`: operators' key changes."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tohu.core.errors import DomainError
from tohu.core.principal import COMMAND
from tohu.credentials.selectors import key_by_reference
from tohu.credentials.services.issuing import issuer_key_retire_compromised
from tohu.credentials.services.keys import issuer_key_rotate
from tohu.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Issuers' signing keys. `rotate ORG` signs with a new key from now on (the old one stays "
        "in the DID document, so what it signed still verifies). `retire KEY --compromised` "
        "removes a key from the DID document, revokes every credential it signed and issues a "
        "replacement for each. KEY is <organisation>#key-<n> or the public key (z6Mk...)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rotate = actions.add_parser("rotate", help="Sign with a new key from now on.")
        rotate.add_argument("organisation", help="The organisation's slug.")
        retire = actions.add_parser("retire", help="Retire a compromised key.")
        retire.add_argument("key", help="<organisation>#key-<n> or the public key multibase.")
        retire.add_argument(
            "--compromised",
            action="store_true",
            help="Required: say the key is compromised (what it signed is revoked).",
        )
        retire.add_argument("--reason", default="", help="Why, for the audit log.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "rotate":
                self._rotate(options["organisation"])
            else:
                self._retire(options["key"], options["compromised"], options["reason"])
        except DomainError as error:
            raise CommandError(error.message) from None

    def _rotate(self, slug: str) -> None:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"No organisation has the slug {slug!r}.")
        key = issuer_key_rotate(organisation=organisation, actor=COMMAND)
        self.stdout.write(
            f"{organisation.slug} now signs with {key.fragment} ({key.public_key_multibase})."
        )

    def _retire(self, reference: str, compromised: bool, reason: str) -> None:
        if not compromised:
            raise CommandError(
                "Say --compromised: a key that is merely old is rotated (tohu keys rotate ORG)."
            )
        key = key_by_reference(reference)
        reissued = issuer_key_retire_compromised(key=key, reason=reason, actor=COMMAND)
        self.stdout.write(
            f"Retired {key.organisation.slug}#{key.fragment} as compromised; revoked and "
            f"re-issued {reissued} credential(s)."
        )
