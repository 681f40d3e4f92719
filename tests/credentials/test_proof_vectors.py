"""The proof layer reproduces the published eddsa-rdfc-2022 test vectors byte for byte."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.credentials.conftest import vector
from tohu.credentials.proof import eddsa, loader, multikey
from tohu.credentials.proof.rdf import Processor


def _processor(contexts: dict[str, Any], aliases: dict[str, str] | None = None) -> Processor:
    def load(url: str, options: object = None) -> dict[str, Any]:
        if url in contexts:
            return {"contextUrl": None, "documentUrl": url, "document": contexts[url]}
        return loader.load_document((aliases or {}).get(url, url))

    return Processor(load)


def test_w3c_vector_canonical_proof_and_hashes_match():
    data = vector("w3c-vc-di-eddsa-rdfc-2022.json")
    signed = data["signed"]
    hashes = eddsa.hash_data(signed, signed["proof"], _processor(data["contexts"]))
    assert hashes.canonical_proof == data["canonicalProof"]
    assert hashes.signed_data.hex() == data["combinedHash"]


def test_w3c_vector_signing_gives_the_published_proof_value():
    data = vector("w3c-vc-di-eddsa-rdfc-2022.json")
    signed = data["signed"]
    private_key = multikey.private_key_from_multibase(data["keyPair"]["secretKeyMultibase"])
    assert (
        multikey.public_key_multibase(private_key.public_key())
        == (data["keyPair"]["publicKeyMultibase"])
    )
    unsigned = {key: value for key, value in signed.items() if key != "proof"}
    resigned = eddsa.sign(
        unsigned,
        private_key=private_key,
        verification_method=signed["proof"]["verificationMethod"],
        created=signed["proof"]["created"],
        processor=_processor(data["contexts"]),
    )
    assert resigned == signed


def test_w3c_vector_verifies_and_a_changed_copy_does_not():
    data = vector("w3c-vc-di-eddsa-rdfc-2022.json")
    public_key = multikey.public_key_from_multibase(data["keyPair"]["publicKeyMultibase"])
    processor = _processor(data["contexts"])
    assert eddsa.verify(data["signed"], public_key=public_key, processor=processor)
    tampered = {
        **data["signed"],
        "credentialSubject": {
            "id": "did:example:abcdefgh",
            "alumniOf": "The School of Other Examples",
        },
    }
    assert not eddsa.verify(tampered, public_key=public_key, processor=processor)


def test_1edtech_open_badges_vector_matches_hash_for_hash():
    data = vector("1edtech-ob-v3p0-eddsa.json")
    processor = _processor({}, data["contextAliases"])
    hashes = eddsa.hash_data(data["document"], data["proofOptions"], processor)
    assert hashes.canonical_document == data["canonicalDocument"]
    assert hashes.canonical_proof == data["canonicalProof"]
    assert hashes.document_hash.hex() == data["documentHash"]
    assert hashes.proof_hash.hex() == data["proofHash"]
    private_key = Ed25519PrivateKey.from_private_bytes(
        bytes.fromhex(data["keyPair"]["privateKeyHex"])[:32]
    )
    assert (
        multikey.public_key_multibase(private_key.public_key())
        == (data["keyPair"]["publicKeyMultibase"])
    )
    signature = private_key.sign(hashes.signed_data)
    assert signature.hex() == data["signatureHex"]
    assert multikey.encode_base58btc(signature) == data["proofValue"]
