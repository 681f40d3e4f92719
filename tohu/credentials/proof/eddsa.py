"""The `eddsa-rdfc-2022` Data Integrity cryptosuite (W3C Recommendation, vc-di-eddsa section 3.3).

Create: canonicalize the proof options (with the document's @context) and the document without its
proof, hash each with SHA-256, sign proofHash || documentHash with Ed25519, and write the signature
as base58btc multibase `proofValue`. Verify does the same and checks the signature.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tohu.credentials.proof.multikey import MultibaseError, decode_base58btc, encode_base58btc
from tohu.credentials.proof.rdf import Processor
from tohu.credentials.proof.rdfc import canonicalize

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"


class ProofError(ValueError):
    """Raise when a proof is malformed or cannot be checked; the message says which part."""


@dataclass(frozen=True)
class Hashes:
    """What is signed, kept for test vectors and for showing a verifier's working."""

    canonical_document: str
    canonical_proof: str
    document_hash: bytes
    proof_hash: bytes

    @property
    def signed_data(self) -> bytes:
        return self.proof_hash + self.document_hash


_default_processor = Processor()


def hash_data(
    document: dict[str, Any], proof_options: dict[str, Any], processor: Processor | None = None
) -> Hashes:
    """Canonicalize and hash the document (without proof) and the proof options."""
    processor = processor or _default_processor
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {key: value for key, value in proof_options.items() if key != "proofValue"}
    options["@context"] = document["@context"]
    canonical_document = canonicalize(processor.to_dataset(unsecured))
    canonical_proof = processor.canonical_cached(options)
    return Hashes(
        canonical_document=canonical_document,
        canonical_proof=canonical_proof,
        document_hash=hashlib.sha256(canonical_document.encode("utf-8")).digest(),
        proof_hash=hashlib.sha256(canonical_proof.encode("utf-8")).digest(),
    )


def proof_options(
    *, verification_method: str, created: str, purpose: str = "assertionMethod"
) -> dict[str, Any]:
    """Return the proof configuration of a new proof."""
    return {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": purpose,
    }


def sign(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    processor: Processor | None = None,
) -> dict[str, Any]:
    """Return a copy of the document with an `eddsa-rdfc-2022` proof added."""
    options = proof_options(verification_method=verification_method, created=created)
    hashes = hash_data(document, options, processor)
    signature = private_key.sign(hashes.signed_data)
    return {**document, "proof": {**options, "proofValue": encode_base58btc(signature)}}


def check_proof_shape(proof: Any) -> dict[str, Any]:
    """Return the proof if it is one this cryptosuite can check, or say what is wrong."""
    if not isinstance(proof, dict):
        raise ProofError("the credential has no single proof object")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(
            f"the proof is {proof.get('type')!r} / {proof.get('cryptosuite')!r}; "
            f"only {PROOF_TYPE} / {CRYPTOSUITE} can be checked"
        )
    for required in ("verificationMethod", "proofPurpose", "proofValue"):
        if not isinstance(proof.get(required), str):
            raise ProofError(f"the proof has no {required}")
    return proof


def verify(
    document: dict[str, Any], *, public_key: Ed25519PublicKey, processor: Processor | None = None
) -> bool:
    """Check the document's proof against the key; a malformed proof raises ProofError."""
    proof = check_proof_shape(document.get("proof"))
    try:
        signature = decode_base58btc(proof["proofValue"])
    except MultibaseError as error:
        raise ProofError(f"the proofValue cannot be read: {error}") from None
    if len(signature) != 64:
        raise ProofError(f"the proofValue holds {len(signature)} bytes, not an Ed25519 signature")
    hashes = hash_data(document, proof, processor)
    try:
        public_key.verify(signature, hashes.signed_data)
    except InvalidSignature:
        return False
    return True
