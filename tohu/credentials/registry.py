"""The trust registry: the accredited providers, their DIDs and keys, and what NZQA accredited
each to award, generated from the register's own accreditation records on every request.

Two forms, both read by verifiers already:
- `/trust/registry.json`: the Digital Credentials Consortium's known-issuer registry (a map from
  DID to name and url, as the DCC Learner Credential Wallet and VerifierPlus load it), each entry
  extended with its keys, accreditations and the address of its endorsement;
- `/trust/endorsements/<slug>.json`: an Open Badges 3.0 EndorsementCredential from the quality
  assurer's DID to the provider's, saying in words what it is accredited to award, signed.
See docs/credentials.md for the choice.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from django.core.cache import cache
from django.urls import reverse

from tohu.core import clock
from tohu.core.site import absolute_url
from tohu.credentials import keys
from tohu.credentials.dids import issuer_did, organisation_page, verification_method_id
from tohu.credentials.documents import CREDENTIAL_CONTEXT, profile
from tohu.credentials.models import IssuerKey
from tohu.credentials.proof import eddsa
from tohu.credentials.services.keys import issuer_key_active
from tohu.organisations.models import Organisation, OrganisationType
from tohu.register.models import Accreditation, MicroCredentialVersion
from tohu.rulebook import day_text


@dataclass(frozen=True)
class AccreditationEntry:
    listing_number: str
    title: str
    versions: list[int]
    granted_on: date
    ended_on: date | None
    status: str
    listing_status: str

    def as_json(self) -> dict[str, Any]:
        return {
            "listingNumber": self.listing_number,
            "title": self.title,
            "versions": self.versions,
            "from": self.granted_on.isoformat(),
            "to": self.ended_on.isoformat() if self.ended_on else None,
            "status": self.status,
            "listingStatus": self.listing_status,
        }


def quality_assurer() -> Organisation | None:
    """Return NZQA, which signs the registry's endorsements."""
    return Organisation.objects.filter(org_type=OrganisationType.NZQA).order_by("id").first()


def _accreditations() -> dict[int, list[AccreditationEntry]]:
    """Every accreditation, and every approval holder's own listings, by provider id."""
    by_provider: dict[int, list[AccreditationEntry]] = defaultdict(list)
    rows = Accreditation.objects.select_related("micro_credential__current_version").order_by(
        "micro_credential__listing_number", "granted_on"
    )
    versions: dict[int, list[int]] = defaultdict(list)
    numbers = MicroCredentialVersion.objects.values_list("micro_credential_id", "number")
    for micro_credential_id, number in numbers.order_by("number"):
        versions[micro_credential_id].append(number)
    for accreditation in rows:
        listing = accreditation.micro_credential
        by_provider[accreditation.provider_id].append(
            AccreditationEntry(
                listing_number=listing.listing_number,
                title=listing.current_version.title if listing.current_version else "",
                versions=versions[listing.pk],
                granted_on=accreditation.granted_on,
                ended_on=accreditation.ended_on,
                status=accreditation.status,
                listing_status=listing.status,
            )
        )
    return by_provider


def _keys(organisation_ids: list[int]) -> dict[int, list[IssuerKey]]:
    found: dict[int, list[IssuerKey]] = defaultdict(list)
    for key in IssuerKey.objects.filter(organisation_id__in=organisation_ids).order_by("number"):
        found[key.organisation_id].append(key)
    return found


def endorsement_url(organisation: Organisation) -> str:
    path = reverse("credentials:endorsement", args=[organisation.slug])
    return absolute_url(path)


def registry_document() -> dict[str, Any]:
    """Return the registry in the DCC known-issuer format, extended (four queries)."""
    accreditations = _accreditations()
    providers = list(Organisation.objects.filter(pk__in=accreditations.keys()).order_by("name"))
    keys_of = _keys([p.pk for p in providers])
    assurer = quality_assurer()
    entries = {}
    for provider in providers:
        did = issuer_did(provider)
        entries[did] = {
            "name": provider.name,
            "location": "Aotearoa New Zealand",
            "url": organisation_page(provider),
            "moeNumber": provider.moe_number or None,
            "nzbn": provider.nzbn or None,
            "keys": [
                {
                    "id": verification_method_id(key, provider),
                    "publicKeyMultibase": key.public_key_multibase,
                    "status": key.status,
                    "from": key.created_at.astimezone(UTC).isoformat(),
                    "to": key.retired_at.astimezone(UTC).isoformat() if key.retired_at else None,
                }
                for key in keys_of[provider.pk]
            ],
            "accreditations": [entry.as_json() for entry in accreditations[provider.pk]],
            "endorsement": endorsement_url(provider),
        }
    return {
        "meta": {
            "name": "Providers accredited to award New Zealand micro-credentials",
            "created": clock.now().astimezone(UTC).isoformat(),
            "updated": clock.now().astimezone(UTC).isoformat(),
            "governedBy": issuer_did(assurer) if assurer else None,
            "format": "DCC known-issuer registry (DID map), with Tohu's accreditation fields",
        },
        "registry": entries,
    }


def _comment(entries: list[AccreditationEntry]) -> str:
    lines = []
    for entry in entries:
        until = f" to {day_text(entry.ended_on)}" if entry.ended_on else ""
        lines.append(
            f"- {entry.listing_number} {entry.title}: accredited from "
            f"{day_text(entry.granted_on)}{until} ({entry.status})"
        )
    return "Accredited to award these micro-credentials:\n\n" + "\n".join(lines)


def endorsement(provider: Organisation) -> dict[str, Any] | None:
    """Return the quality assurer's signed EndorsementCredential of the provider, or None."""
    assurer = quality_assurer()
    entries = _accreditations().get(provider.pk)
    if assurer is None or not entries:
        return None
    document: dict[str, Any] = {
        "@context": CREDENTIAL_CONTEXT,
        "id": endorsement_url(provider),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": f"{assurer.name} accreditation of {provider.name}",
        "issuer": profile(assurer),
        "validFrom": min(e.granted_on for e in entries).isoformat() + "T00:00:00Z",
        "credentialSubject": {
            "id": issuer_did(provider),
            "type": ["EndorsementSubject"],
            "endorsementComment": _comment(entries),
        },
    }
    key = issuer_key_active(organisation=assurer)
    content = json.dumps(document, sort_keys=True) + key.public_key_multibase
    cache_key = "credentials:endorsement:" + hashlib.sha256(content.encode()).hexdigest()
    found: dict[str, Any] | None = cache.get(cache_key)
    if found is None:
        found = eddsa.sign(
            document,
            private_key=keys.unlocked(
                key.private_key_encrypted, public_key_multibase=key.public_key_multibase
            ),
            verification_method=verification_method_id(key, assurer),
            created=clock.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        cache.set(cache_key, found, 3600)
    return found
