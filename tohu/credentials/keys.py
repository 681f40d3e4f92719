"""Issuers' private keys (and other secrets kept at rest: `seal`), encrypted with AES-256-GCM
under the key-encryption key.

The key-encryption key comes from the environment (TOHU_KEY_ENCRYPTION_KEY) and never reaches the
database. Each ciphertext is bound to its public key (associated data), so a ciphertext copied
onto another key's row does not decrypt. Decrypted keys are kept in memory per process: signing
many credentials decrypts once.
"""

from __future__ import annotations

import base64
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.conf import settings

NONCE_BYTES = 12


class KeyDecryptionFailed(Exception):
    """Raise when a stored key does not decrypt: the wrong key-encryption key, or tampering."""


@cache
def _aead(encoded_key: str) -> AESGCM:
    return AESGCM(base64.b64decode(encoded_key))


def _kek() -> AESGCM:
    return _aead(settings.TOHU_KEY_ENCRYPTION_KEY)


def seal(secret: bytes, *, bound_to: str) -> bytes:
    """Return nonce || AES-GCM ciphertext of a secret kept at rest (an issuer's private key, an
    identity provider's client secret, a webhook endpoint's signing secret), bound to `bound_to`
    (associated data): the ciphertext copied onto another row does not open."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + _kek().encrypt(nonce, secret, bound_to.encode("utf-8"))


def unseal(blob: bytes | memoryview, *, bound_to: str, what: str) -> bytes:
    """Open what `seal` gave, or raise KeyDecryptionFailed naming `what`."""
    blob = bytes(blob)
    nonce, ciphertext = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    try:
        return _kek().decrypt(nonce, ciphertext, bound_to.encode("utf-8"))
    except InvalidTag:
        raise KeyDecryptionFailed(
            f"{what} does not decrypt with this TOHU_KEY_ENCRYPTION_KEY"
        ) from None


def encrypt_private_key(private_key: Ed25519PrivateKey, *, public_key_multibase: str) -> bytes:
    """Return nonce || AES-GCM ciphertext of the raw private key."""
    raw = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return seal(raw, bound_to=public_key_multibase)


def decrypt_private_key(
    blob: bytes | memoryview, *, public_key_multibase: str
) -> Ed25519PrivateKey:
    """Decrypt a stored private key, or raise KeyDecryptionFailed."""
    raw = unseal(
        blob, bound_to=public_key_multibase, what=f"the private key of {public_key_multibase}"
    )
    return Ed25519PrivateKey.from_private_bytes(raw)


_unlocked: dict[tuple[str, str], Ed25519PrivateKey] = {}


def unlocked(blob: bytes | memoryview, *, public_key_multibase: str) -> Ed25519PrivateKey:
    """Return the decrypted key, decrypting once per process and key-encryption key."""
    cache_key = (settings.TOHU_KEY_ENCRYPTION_KEY, public_key_multibase)
    if cache_key not in _unlocked:
        _unlocked[cache_key] = decrypt_private_key(blob, public_key_multibase=public_key_multibase)
    return _unlocked[cache_key]


def forget(public_key_multibase: str) -> None:
    """Drop a key from memory (a retired or compromised key signs nothing more)."""
    for cache_key in [k for k in _unlocked if k[1] == public_key_multibase]:
        del _unlocked[cache_key]
