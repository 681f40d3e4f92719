"""The learner's whole record as one CLR 2.0 `ClrCredential`, signed by the quality assurer.

A Comprehensive Learner Record (1EdTech CLR 2.0, context 2.0.1 on the VC Data Model 2.0) whose
subject is the learner, named as they chose and identified by a salted hash of the NSN, holding
every live Open Badges 3.0 credential of theirs exactly as its provider signed it. NZQA signs the
whole with `eddsa-rdfc-2022`, so the record and each credential in it verify on their own. It is
built and signed when downloaded: the set of credentials is the learner's at that moment.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext

from tohu.core.errors import NotFound
from tohu.credentials import keys
from tohu.credentials.dids import verification_method_id
from tohu.credentials.documents import nsn_hash, profile
from tohu.credentials.models import Credential
from tohu.credentials.proof import eddsa
from tohu.credentials.proof.loader import CLR_V2P0, OB_V3P0, VC_V2
from tohu.credentials.registry import quality_assurer
from tohu.credentials.services.keys import issuer_key_active
from tohu.learners.models import Learner

CLR_CONTEXT = [VC_V2, CLR_V2P0, OB_V3P0]


def clr_document(
    learner: Learner,
    credentials: Sequence[dict[str, Any]],
    *,
    assurer_profile: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Return the unsigned ClrCredential holding the (signed) credentials."""
    salt = secrets.token_hex(16)
    name = learner.name_on_credentials
    identifiers: list[dict[str, Any]] = [
        {
            "type": "IdentityObject",
            "identityType": "nationalIdentityNumber",
            "hashed": True,
            "identityHash": nsn_hash(learner.nsn, salt),
            "salt": salt,
        }
    ]
    if name:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": name,
            }
        )
    return {
        "@context": CLR_CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": f"Record of Achievement: {name}" if name else "Record of Achievement",
        "description": (
            "The New Zealand micro-credentials recorded for this learner, each as its provider "
            "signed it, gathered and signed by the quality assurer."
        ),
        "issuer": assurer_profile,
        "validFrom": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "type": ["ClrSubject"],
            "identifier": identifiers,
            "verifiableCredential": list(credentials),
        },
    }


def learner_clr(
    learner: Learner, credentials: Sequence[Credential], *, now: datetime
) -> dict[str, Any]:
    """Return the learner's CLR, signed now by the quality assurer's active key.

    `credentials` are the learner's live credentials, already signed. A learner with none has
    no record to give (CLR 2.0 asks for at least one credential).
    """
    documents = [c.document for c in credentials if c.document is not None]
    if not documents:
        raise NotFound(gettext("You have no credentials yet, so there is no record to download."))
    assurer = quality_assurer()
    if assurer is None:
        raise NotFound(
            gettext("The quality assurer is not set up, so the record cannot be signed.")
        )
    document = clr_document(learner, documents, assurer_profile=profile(assurer), now=now)
    key = issuer_key_active(organisation=assurer)
    return eddsa.sign(
        document,
        private_key=keys.unlocked(
            key.private_key_encrypted, public_key_multibase=key.public_key_multibase
        ),
        verification_method=verification_method_id(key, assurer),
        created=now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
