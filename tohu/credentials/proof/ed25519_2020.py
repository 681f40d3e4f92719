"""The `Ed25519Signature2020` Linked Data proof, verified (W3C CCG; what learner wallets such as
the Digital Credentials Consortium's sign their DID authentication with).

The data signed is the same as `eddsa-rdfc-2022`'s: SHA-256 of the RDFC-1.0 (URDNA2015) canonical
proof options (the proof without `proofValue`, with the document's @context) followed by SHA-256
of the canonical document without its proof; the signature is Ed25519, written as multibase
base58btc `proofValue`. The proof's terms are defined by the suite's context
(`https://w3id.org/security/suites/ed25519-2020/v1`), which the document must name, as
jsonld-signatures requires.
"""

from __future__ import annotations

from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tohu.credentials.proof.eddsa import ProofError, hash_data
from tohu.credentials.proof.loader import ED25519_2020_V1
from tohu.credentials.proof.multikey import MultibaseError, decode_base58btc
from tohu.credentials.proof.rdf import Processor

PROOF_TYPE = "Ed25519Signature2020"


def check_proof_shape(document: dict[str, Any]) -> dict[str, Any]:
    """Return the document's proof if this suite can check it, or say what is wrong."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("there is no single proof object")
    if proof.get("type") != PROOF_TYPE:
        raise ProofError(f"the proof is {proof.get('type')!r}, not {PROOF_TYPE}")
    for required in ("verificationMethod", "proofPurpose", "proofValue", "created"):
        if not isinstance(proof.get(required), str):
            raise ProofError(f"the proof has no {required}")
    contexts = document.get("@context")
    if ED25519_2020_V1 not in (contexts if isinstance(contexts, list) else [contexts]):
        raise ProofError(f"the document's @context does not include {ED25519_2020_V1}")
    return proof


def verify(
    document: dict[str, Any], *, public_key: Ed25519PublicKey, processor: Processor | None = None
) -> bool:
    """Check the document's Ed25519Signature2020 proof; a malformed proof raises ProofError."""
    proof = check_proof_shape(document)
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
