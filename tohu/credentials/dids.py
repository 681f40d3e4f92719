"""did:web identifiers and DID documents for the organisations Tohu hosts.

`did:web:<host>:issuers:<slug>` resolves to `https://<host>/issuers/<slug>/did.json`. The DID
document lists every key that is not compromised as a Multikey in `assertionMethod`: a retired
key stays so that what it signed still verifies; a compromised key is removed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.urls import reverse

from tohu.core.site import absolute_url, site_url
from tohu.credentials.models import IssuerKey, KeyStatus
from tohu.credentials.proof.loader import DID_V1, MULTIKEY_V1
from tohu.organisations.models import Organisation


def did_host() -> str:
    """Return the host part of Tohu's did:web DIDs (a port is percent-encoded, as did:web says)."""
    return quote(urlsplit(site_url()).netloc, safe="")


def issuer_did(organisation: Organisation) -> str:
    """Return the organisation's DID."""
    return f"did:web:{did_host()}:issuers:{organisation.slug}"


def slug_of_local_did(did: str) -> str | None:
    """Return the organisation slug if the DID is one Tohu hosts, else None."""
    prefix = f"did:web:{did_host()}:issuers:"
    if did.startswith(prefix) and ":" not in did[len(prefix) :]:
        return did[len(prefix) :]
    return None


def did_web_url(did: str) -> str:
    """Return the https address of a did:web DID's document (the did:web method's rule)."""
    parts = did.split(":")
    if len(parts) < 3 or parts[:2] != ["did", "web"]:
        raise ValueError(f"{did} is not a did:web DID")
    host = unquote(parts[2])
    path = "/".join(unquote(part) for part in parts[3:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def verification_method_id(key: IssuerKey, organisation: Organisation) -> str:
    return f"{issuer_did(organisation)}#{key.fragment}"


def did_document(organisation: Organisation, keys: list[IssuerKey]) -> dict[str, Any]:
    """Return the organisation's DID document from its keys (compromised ones left out)."""
    did = issuer_did(organisation)
    methods = [
        {
            "id": f"{did}#{key.fragment}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in keys
        if key.status != KeyStatus.COMPROMISED
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def organisation_page(organisation: Organisation) -> str:
    return absolute_url(reverse("credentials:organisation", args=[organisation.slug]))
