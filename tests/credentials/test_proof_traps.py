"""The known traps of signing JSON-LD in Python, each caught (issue: "Known traps").

Where a trap is pyld's own behaviour, the test first shows pyld doing it, so the test fails
(and can be retired) the day pyld changes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld
from pyld.nquads import serialize_nquad

from tests.credentials.conftest import NodeScript, vector
from tohu.credentials.proof import eddsa, loader, multikey, rdfc
from tohu.credentials.proof.rdf import Processor, UnsafeDocument

VC = loader.VC_V2


def canonical(document: dict[str, Any]) -> str:
    return rdfc.canonicalize(Processor().to_dataset(document))


def test_pyld_drops_an_undefined_term_silently_and_tohu_refuses_it():
    document = {"@context": [VC], "id": "urn:x", "type": "VerifiableCredential", "grade": "A"}
    expanded = jsonld.expand(document, {"documentLoader": loader.load_document})
    assert "grade" not in json.dumps(expanded)
    with pytest.raises(UnsafeDocument, match="grade"):
        Processor().to_dataset(document)


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ({"@context": [VC], "type": "Diploma"}, "type 'Diploma'"),
        ({"@context": [VC], "id": "credentials/1", "name": "x"}, "relative IRI"),
        ({"@context": [VC], "id": "urn:x", "name": None}, "null"),
        ({"@context": [VC], "id": "urn:x", "credentialSubject": {}}, "empty object"),
        (
            {"@context": [VC], "id": "urn:x", "name": {"@value": "x", "@language": "en gb"}},
            "language tag",
        ),
    ],
)
def test_what_safe_mode_refuses_is_refused(document, complaint):
    with pytest.raises(UnsafeDocument, match=complaint):
        Processor().to_dataset(document)


def test_every_control_character_is_escaped_where_pyld_escapes_five():
    text = 'a\b\f\x01\x7f\t\n\r"\\z'
    document = {"@context": [VC], "id": "urn:x", "name": text}
    quad = jsonld.to_rdf(document, {"documentLoader": loader.load_document})["@default"][0]
    assert "\f" in serialize_nquad(quad)
    assert canonical(document) == (
        '<urn:x> <https://schema.org/name> "a\\b\\f\\u0001\\u007F\\t\\n\\r\\"\\\\z" .\n'
    )


def test_iris_escape_spaces_and_angle_brackets():
    assert rdfc.escape_iri("urn:a b<c>") == "urn:a\\u0020b\\u003Cc\\u003E"


def test_direction_becomes_an_i18n_datatype():
    document = {
        "@context": [VC],
        "id": "urn:x",
        "name": {"@value": "שלום", "@language": "he", "@direction": "rtl"},
    }
    assert canonical(document) == (
        '<urn:x> <https://schema.org/name> "שלום"^^<https://www.w3.org/ns/i18n#he_rtl> .\n'
    )


def test_canonicalization_is_urdna2015_not_pylds_default_urgna2012():
    # blank nodes hashed through the quads that link them, where the two algorithms differ
    document = {
        "@context": {"@vocab": "urn:v#"},
        "@id": "urn:x",
        "p": [{"q": {"r": "x"}}, {"q": {"r": "y"}}, {"s": {"r": "x"}}],
    }
    ours = canonical(document)
    urdna = jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads"})
    urgna = jsonld.normalize(document, {"format": "application/n-quads"})
    assert ours == urdna
    assert urgna != urdna


def test_integers_beyond_2_to_the_53_are_refused():
    with pytest.raises(UnsafeDocument, match="2\\^53") as refused:
        Processor().to_dataset(
            {"@context": {"@vocab": "urn:v#"}, "@id": "urn:x", "count": 2**53 + 1}
        )
    assert refused.value.path == "/count"


def test_whole_floats_canonicalize_as_javascript_reads_them():
    document = {"@context": {"@vocab": "urn:v#"}, "@id": "urn:x", "a": 15.0, "b": 1e3}
    assert canonical(document) == (
        '<urn:x> <urn:v#a> "15"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        '<urn:x> <urn:v#b> "1000"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )


def test_contexts_come_from_the_package_never_the_network():
    with pytest.raises(loader.ContextNotShipped, match=r"https://example\.org/context"):
        Processor().to_dataset({"@context": "https://example.org/context", "@id": "urn:x"})


def test_shipped_contexts_match_their_manifest_hashes():
    assert set(loader.shipped_contexts()) == {entry["url"] for entry in loader.manifest()}
    for entry in loader.manifest():
        assert entry["package"]
        assert entry["version"]
        assert entry["licence"]


def _signature_starting_with_zero(private_key: Ed25519PrivateKey) -> tuple[bytes, bytes]:
    for n in range(5000):
        message = n.to_bytes(4, "big")
        signature = private_key.sign(message)
        if signature[0] == 0:
            return message, signature
    raise AssertionError("no signature starting with a zero byte in 5000 tries")


def test_leading_zero_bytes_survive_base58btc():
    assert multikey.encode_base58btc(b"\x00\x00\x01") == "z112"
    assert multikey.decode_base58btc("z112") == b"\x00\x00\x01"
    private_key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    message, signature = _signature_starting_with_zero(private_key)
    encoded = multikey.encode_base58btc(signature)
    assert encoded.startswith("z1")
    decoded = multikey.decode_base58btc(encoded)
    assert decoded == signature
    assert len(decoded) == 64
    private_key.public_key().verify(decoded, message)


def test_a_proof_value_that_is_not_64_bytes_is_a_clear_error():
    data = vector("w3c-vc-di-eddsa-rdfc-2022.json")
    signed = {**data["signed"], "proof": {**data["signed"]["proof"], "proofValue": "z112"}}
    public_key = multikey.public_key_from_multibase(data["keyPair"]["publicKeyMultibase"])
    with pytest.raises(eddsa.ProofError, match="3 bytes"):
        eddsa.verify(signed, public_key=public_key)


# Documents that exercise each trap, canonicalized by jsonld.js + rdf-canonize to compare.
CROSS_CHECK: list[dict[str, Any]] = [
    {"@context": [VC], "id": "urn:x", "name": 'a\b\f\x01\x1f\x7f\t\n\r"\\ é ā 😀'},
    {
        "@context": [VC],
        "id": "urn:x",
        "name": {"@value": "مرحبا", "@language": "ar", "@direction": "rtl"},
    },
    {
        "@context": {"@vocab": "urn:v#"},
        "@id": "urn:x",
        "knows": [{"name": "a", "likes": {"name": "b"}}, {"name": "a", "likes": {"name": "b"}}],
    },
    # blank nodes only Hash N-Degree Quads tells apart, past the reference's work limit
    {
        "@context": {"@vocab": "urn:v#"},
        "@graph": [
            {"@id": "_:a", "next": {"@id": "_:b"}},
            {"@id": "_:b", "next": {"@id": "_:c"}},
            {"@id": "_:c", "next": {"@id": "_:a"}},
            {"@id": "_:d", "next": {"@id": "_:a"}},
        ],
    },
    {
        "@context": {"@vocab": "urn:v#"},
        "@id": "urn:x",
        "a": 0.1,
        "b": 1.5e300,
        "c": -2.5,
        "d": 15.0,
        "e": 1e3,
        "f": 2**53 - 1,
        "g": True,
        "h": 1e21,
    },
    {"@context": [VC], "id": "urn:x", "type": "VerifiableCredential", "grade": "A"},
    {"@context": [VC], "type": "Diploma"},
]


def test_canonical_forms_match_jsonld_js_and_rdf_canonize(node_script: NodeScript):
    theirs = node_script("canonize.mjs", {"documents": CROSS_CHECK})
    for document, result in zip(CROSS_CHECK, theirs, strict=True):
        if "error" in result:
            with pytest.raises((UnsafeDocument, rdfc.TooComplex)):
                canonical(document)
        else:
            assert canonical(document) == result["canonical"], json.dumps(document)
    assert [result.get("code") for result in theirs if "error" in result] == [
        None,
        "invalid property",
        "relative @type reference",
    ]


def test_remembered_contexts_and_proofs_give_what_a_fresh_processor_gives():
    warmed = Processor()
    # the cross-check documents that canonicalize (not the one past the work limit)
    documents = [*CROSS_CHECK[:3], CROSS_CHECK[4], *vector_credentials()]
    for _ in range(3):
        for document in documents:
            fresh = rdfc.canonicalize(Processor(remember_expansions=False).to_dataset(document))
            assert rdfc.canonicalize(warmed.to_dataset(document)) == fresh
            assert warmed.canonical_cached(document) == fresh


@pytest.mark.django_db
def test_remembered_expansions_sign_tohus_credentials_exactly_as_a_fresh_expansion():
    from bench.credentials_signing import credentials

    documents = credentials(24)
    # the same Achievement under another listing's context position, and a changed one
    changed = json.loads(json.dumps(documents[1]))
    changed["credentialSubject"]["achievement"]["name"] = "Another name"
    moved = json.loads(json.dumps(documents[2]))
    moved["issuer"]["otherIdentifier"][0]["identifier"] = "9999"
    documents += [changed, moved, documents[0]]
    warmed = Processor()
    for document in documents:
        fresh = rdfc.canonicalize(Processor(remember_expansions=False).to_dataset(document))
        assert rdfc.canonicalize(warmed.to_dataset(document)) == fresh
    # the shared Achievement and issuer were expanded once and reused
    assert warmed.expansions is not None
    assert warmed.expansions.hits >= len(documents)
    # and what is refused stays refused when its node was remembered clean elsewhere
    bad = json.loads(json.dumps(documents[0]))
    bad["credentialSubject"]["achievement"]["undefinedTerm"] = 1
    with pytest.raises(UnsafeDocument, match="undefinedTerm"):
        warmed.to_dataset(bad)


def vector_credentials() -> list[dict[str, Any]]:
    """Open Badges documents of several shapes, on the shipped contexts."""
    base: dict[str, Any] = {
        "@context": [VC, loader.OB_V3P0],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:web:example.org", "type": ["Profile"], "name": "Example"},
        "validFrom": "2025-01-01T00:00:00Z",
    }
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://example.org/a/1",
            "type": ["Achievement"],
            "name": "A",
            "criteria": {"narrative": "Do it."},
        },
    }
    return [
        {**base, "id": "urn:uuid:1", "credentialSubject": subject},
        {
            **base,
            "id": "urn:uuid:2",
            "name": "Named",
            "credentialSubject": {
                **subject,
                "creditsEarned": 5,
                "identifier": [
                    {
                        "type": "IdentityObject",
                        "identityType": "name",
                        "hashed": False,
                        "identityHash": "Mere",
                    }
                ],
            },
        },
        {
            **base,
            "id": "urn:uuid:3",
            "credentialSubject": {
                **subject,
                "achievement": {
                    **subject["achievement"],
                    "alignment": [
                        {
                            "type": ["Alignment"],
                            "targetName": "L3",
                            "targetUrl": "https://example.org/l",
                        }
                    ],
                },
            },
        },
    ]
