"""The public documents: DID documents and signed status list credentials.

A status list credential is signed when asked for and kept in the cache under the hash of its
bits and the key that signs it, so a revocation (or a new key) shows in the next answer (and
within a minute behind a cache that honours max-age=60).
"""

from __future__ import annotations

import hashlib
from datetime import UTC
from typing import Any

from django.core.cache import cache

from tohu.credentials import keys, status
from tohu.credentials.dids import did_document, issuer_did, verification_method_id
from tohu.credentials.models import StatusList
from tohu.credentials.proof import eddsa
from tohu.credentials.selectors import issuer_keys
from tohu.credentials.services.keys import issuer_key_active
from tohu.organisations.models import Organisation

STATUS_LIST_MAX_AGE = 60


def organisation_did_document(organisation: Organisation) -> dict[str, Any]:
    return did_document(organisation, issuer_keys(organisation))


def signed_status_list(status_list: StatusList, organisation: Organisation) -> dict[str, Any]:
    """Return the list's BitstringStatusListCredential, signed by the issuer's active key."""
    # keyed by the bits and the signing key: a change of either is a new answer at once
    key = issuer_key_active(organisation=organisation)
    digest = hashlib.sha256(bytes(status_list.bits)).hexdigest()
    cache_key = f"credentials:status-list:{status_list.pk}:{digest}:{key.public_key_multibase}"
    found: dict[str, Any] | None = cache.get(cache_key)
    if found is not None:
        return found
    changed = status_list.changed_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    document = status.list_credential(
        status_list,
        issuer_did=issuer_did(organisation),
        issuer_slug=organisation.slug,
        valid_from=status_list.changed_at.astimezone(UTC),
    )
    signed = eddsa.sign(
        document,
        private_key=keys.unlocked(
            key.private_key_encrypted, public_key_multibase=key.public_key_multibase
        ),
        verification_method=verification_method_id(key, organisation),
        created=changed,
    )
    cache.set(cache_key, signed, STATUS_LIST_MAX_AGE * 10)
    return signed
