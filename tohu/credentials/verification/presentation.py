"""Checking a wallet's DID authentication: a Verifiable Presentation signed by its holder's key,
bound to the exchange's challenge and domain (VC-API exchanges, `DIDAuthentication`).

The holder is a did:key (Ed25519), as learner wallets make; the proof is `Ed25519Signature2020`
(what the Digital Credentials Consortium's wallet signs with) or a `DataIntegrityProof` with
`eddsa-rdfc-2022`, for the purpose `authentication`.
"""

from __future__ import annotations

import hmac
from typing import Any

from tohu.credentials.proof import ed25519_2020, eddsa
from tohu.credentials.proof.loader import ContextNotShipped
from tohu.credentials.proof.multikey import MultibaseError, public_key_from_multibase
from tohu.credentials.proof.rdf import UnsafeDocument
from tohu.credentials.proof.rdfc import TooComplex
from tohu.credentials.verification.resolver import ResolutionFailed, did_key_document


class PresentationRefused(Exception):
    """Raise when a presentation does not authenticate; the message says why."""


def _types(document: dict[str, Any]) -> list[Any]:
    found = document.get("type")
    return found if isinstance(found, list) else [found]


def did_auth_holder(presentation: Any, *, challenge: str, domain: str) -> str:
    """Return the holder's DID if the presentation authenticates it for this challenge and
    domain; else raise PresentationRefused."""
    if not isinstance(presentation, dict) or "VerifiablePresentation" not in _types(presentation):
        raise PresentationRefused("the answer is not a Verifiable Presentation")
    holder = presentation.get("holder")
    holder = holder.get("id") if isinstance(holder, dict) else holder
    if not isinstance(holder, str) or not holder.startswith("did:key:"):
        raise PresentationRefused("the presentation's holder is not a did:key DID")
    proof = presentation.get("proof")
    if not isinstance(proof, dict):
        raise PresentationRefused("the presentation is not signed (it has no single proof)")
    if proof.get("proofPurpose") != "authentication":
        raise PresentationRefused("the proof's purpose is not authentication")
    if not hmac.compare_digest(str(proof.get("challenge", "")), challenge):
        raise PresentationRefused("the proof is not for this exchange's challenge")
    if proof.get("domain") != domain:
        raise PresentationRefused(f"the proof is not for the domain {domain}")
    method_id = str(proof.get("verificationMethod", ""))
    if method_id.split("#")[0] != holder:
        raise PresentationRefused("the presentation was not signed by its holder's key")
    try:
        controller = did_key_document(holder)
    except ResolutionFailed as error:
        raise PresentationRefused(str(error)) from None
    methods = {m["id"]: m for m in controller["verificationMethod"]}
    if method_id not in methods or method_id not in controller["authentication"]:
        raise PresentationRefused(f"{method_id} is not a key its DID authenticates with")
    try:
        public_key = public_key_from_multibase(methods[method_id]["publicKeyMultibase"])
        if proof.get("type") == ed25519_2020.PROOF_TYPE:
            valid = ed25519_2020.verify(presentation, public_key=public_key)
        else:
            eddsa.check_proof_shape(proof)
            valid = eddsa.verify(presentation, public_key=public_key)
    except ContextNotShipped as error:
        raise PresentationRefused(
            f"it uses a JSON-LD context Tohu does not have ({error.url})"
        ) from None
    except (UnsafeDocument, TooComplex, eddsa.ProofError, MultibaseError) as error:
        raise PresentationRefused(f"its proof cannot be checked: {error}") from None
    if not valid:
        raise PresentationRefused("the signature does not match the presentation")
    return holder
