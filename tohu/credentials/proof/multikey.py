"""Multibase (base58btc) and Multikey encodings of Ed25519 keys, and did:key.

base58btc keeps each leading zero byte as a leading "1": a signature that starts with a zero byte
must round-trip to the same 64 bytes, or it will not verify.
"""

from __future__ import annotations

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

# Multicodec prefixes (varint): ed25519-pub 0xed, ed25519-priv 0x1300.
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


class MultibaseError(ValueError):
    """Raise when a multibase or Multikey value cannot be read."""


def encode_base58btc(data: bytes) -> str:
    """Return multibase base58btc text ("z" and base58 with the Bitcoin alphabet)."""
    return "z" + base58.b58encode(data).decode("ascii")


def decode_base58btc(text: str) -> bytes:
    """Read multibase base58btc text, refusing any other base or alphabet."""
    if not text.startswith("z"):
        raise MultibaseError("the value is not multibase base58btc (it does not start with z)")
    try:
        return base58.b58decode(text[1:])
    except ValueError as error:
        raise MultibaseError(f"the value is not base58btc: {error}") from None


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """Return the Multikey `publicKeyMultibase` of an Ed25519 public key (z6Mk...)."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return encode_base58btc(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    """Read an Ed25519 Multikey `publicKeyMultibase`."""
    data = decode_base58btc(text)
    if not data.startswith(ED25519_PUB_PREFIX) or len(data) != 34:
        raise MultibaseError("the key is not an Ed25519 Multikey public key")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def private_key_from_multibase(text: str) -> Ed25519PrivateKey:
    """Read an Ed25519 Multikey `secretKeyMultibase` (as the test vectors publish keys)."""
    data = decode_base58btc(text)
    if not data.startswith(ED25519_PRIV_PREFIX) or len(data) != 34:
        raise MultibaseError("the key is not an Ed25519 Multikey secret key")
    return Ed25519PrivateKey.from_private_bytes(data[2:])


def did_key(public_key: Ed25519PublicKey) -> str:
    """Return the did:key DID of an Ed25519 public key."""
    return f"did:key:{public_key_multibase(public_key)}"
