"""Find the documents a verifier needs: DID documents and status list credentials.

Tohu's own are read from its database (nothing goes over the network for them); did:key is
worked out from the key itself; any other did:web and status list goes through the careful
fetcher.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from tohu.core.site import site_url
from tohu.credentials.dids import did_web_url, slug_of_local_did
from tohu.credentials.models import StatusList
from tohu.credentials.proof.loader import DID_V1, MULTIKEY_V1
from tohu.credentials.proof.multikey import MultibaseError, public_key_from_multibase
from tohu.credentials.publishing import organisation_did_document, signed_status_list
from tohu.credentials.verification.fetch import Fetcher, FetchRefused
from tohu.organisations.models import Organisation


class ResolutionFailed(Exception):
    """Raise when a document cannot be had; the message says why, for the person checking."""


def local_issuer(did: str) -> Organisation | None:
    """Return the organisation behind one of Tohu's own DIDs, if it is one."""
    slug = slug_of_local_did(did)
    if slug is None:
        return None
    return Organisation.objects.filter(slug=slug).first()


def did_key_document(did: str) -> dict[str, Any]:
    """Return the DID document a did:key (Ed25519) stands for."""
    multibase = did.removeprefix("did:key:")
    try:
        public_key_from_multibase(multibase)
    except MultibaseError as error:
        raise ResolutionFailed(f"{did} is not an Ed25519 did:key: {error}") from None
    method_id = f"{did}#{multibase}"
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [
            {
                "id": method_id,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": multibase,
            }
        ],
        "assertionMethod": [method_id],
        "authentication": [method_id],
    }


class Resolver:
    def __init__(self, fetcher: Fetcher | None = None) -> None:
        self.fetcher = fetcher or Fetcher()

    def did_document(self, did: str) -> dict[str, Any]:
        if did.startswith("did:key:"):
            return did_key_document(did)
        if not did.startswith("did:web:"):
            raise ResolutionFailed(f"{did} uses a DID method Tohu cannot resolve")
        organisation = local_issuer(did)
        if organisation is not None:
            return organisation_did_document(organisation)
        if slug_of_local_did(did) is not None:
            raise ResolutionFailed(f"{did} is not an issuer Tohu hosts")
        try:
            document = self.fetcher.json(did_web_url(did))
        except (FetchRefused, ValueError) as error:
            raise ResolutionFailed(
                f"the DID document of {did} could not be fetched: {error}"
            ) from None
        if not isinstance(document, dict) or document.get("id") != did:
            raise ResolutionFailed(f"the document fetched for {did} is not its DID document")
        return document

    def status_list(self, url: str) -> dict[str, Any]:
        local = self._local_status_list(url)
        if local is not None:
            return local
        try:
            document = self.fetcher.json(url)
        except FetchRefused as error:
            raise ResolutionFailed(f"the status list could not be fetched: {error}") from None
        if not isinstance(document, dict):
            raise ResolutionFailed(f"{url} is not a status list credential")
        return document

    def _local_status_list(self, url: str) -> dict[str, Any] | None:
        if not url.startswith(site_url() + "/"):
            return None
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            raise ResolutionFailed(f"{url} is not a status list Tohu publishes") from None
        if match.view_name != "credentials:status-list":
            raise ResolutionFailed(f"{url} is not a status list Tohu publishes")
        found = (
            StatusList.objects.select_related("issuer")
            .filter(
                issuer__slug=match.kwargs["slug"],
                purpose=match.kwargs["purpose"],
                number=match.kwargs["number"],
            )
            .first()
        )
        if found is None:
            raise ResolutionFailed(f"{url} is not a status list Tohu publishes")
        return signed_status_list(found, found.issuer)
