"""A credential with everything a third party needs to verify it offline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tohu.credentials import status
from tohu.credentials.models import Credential
from tohu.credentials.publishing import organisation_did_document, signed_status_list
from tohu.credentials.services.issuing import credential_signed


@dataclass(frozen=True)
class CredentialBundle:
    credential: dict[str, Any]
    did_document: dict[str, Any]
    status_lists: dict[str, dict[str, Any]]

    def files(self) -> dict[str, dict[str, Any]]:
        """Return file name to document: credential.json, did.json, status-list-<n>.json."""
        named = {"credential.json": self.credential, "did.json": self.did_document}
        # each status list credential's id is the address it is published at
        for number, (_, document) in enumerate(sorted(self.status_lists.items()), start=1):
            named[f"status-list-{number}.json"] = document
        return named


def credential_bundle(completion_id: int) -> CredentialBundle | None:
    """Return the completion's newest credential (signing it if due) and what verifies it."""
    found = (
        Credential.objects.select_related("issuer", "status_list", "suspension_list")
        .filter(completion_id=completion_id)
        .order_by("-id")
        .first()
    )
    if found is None:
        return None
    signed = credential_signed(found)
    assert signed.document is not None
    lists = [signed.status_list, signed.suspension_list]
    by_url = {status.list_url(found, signed.issuer.slug): found for found in lists if found}
    entries = signed.document["credentialStatus"]
    urls = [
        e["statusListCredential"] for e in (entries if isinstance(entries, list) else [entries])
    ]
    return CredentialBundle(
        credential=signed.document,
        did_document=organisation_did_document(signed.issuer),
        status_lists={url: signed_status_list(by_url[url], signed.issuer) for url in urls},
    )
