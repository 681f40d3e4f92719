"""W3C Bitstring Status List v1.0: the bits, random index allocation and the list credential.

Index 0 is the most significant bit of the first byte (the specification's order); the
published `encodedList` is the GZIP-compressed bitstring as multibase base64url ("u", no padding).
"""

from __future__ import annotations

import base64
import gzip
import secrets
from datetime import datetime
from typing import Any

from django.urls import reverse

from tohu.core.site import absolute_url
from tohu.credentials.models import STATUS_LIST_SIZE, StatusList, StatusPurpose
from tohu.credentials.proof.loader import VC_V2

# A list stops taking new entries when this full, so a random free index is found in a few tries
# and every list keeps a large crowd of unused entries.
FULL_FRACTION = 0.75


def empty_bits(size: int = STATUS_LIST_SIZE) -> bytes:
    return bytes(size // 8)


def bit(bits: bytes | memoryview, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def with_bit(bits: bytes | memoryview, index: int, value: bool) -> bytes:
    changed = bytearray(bits)
    if value:
        changed[index // 8] |= 0x80 >> (index % 8)
    else:
        changed[index // 8] &= ~(0x80 >> (index % 8)) & 0xFF
    return bytes(changed)


def is_full(status_list: StatusList) -> bool:
    return status_list.allocated_count >= int(status_list.size * FULL_FRACTION)


def allocate(status_list: StatusList, count: int) -> list[int]:
    """Hand out `count` unused indexes at random, marking them in the (locked) list row."""
    allocated = bytearray(status_list.allocated)
    chosen: list[int] = []
    while len(chosen) < count:
        index = secrets.randbelow(status_list.size)
        mask = 0x80 >> (index % 8)
        if not allocated[index // 8] & mask:
            allocated[index // 8] |= mask
            chosen.append(index)
    status_list.allocated = bytes(allocated)
    status_list.allocated_count += count
    return chosen


def encode_list(bits: bytes | memoryview) -> str:
    """Return the list as the specification publishes it: u + base64url(gzip(bits))."""
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_list(encoded: str) -> bytes:
    """Read an `encodedList` (multibase base64url of GZIP), refusing anything else."""
    if not encoded.startswith("u"):
        raise ValueError("the encodedList is not multibase base64url (it does not start with u)")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def list_url(status_list: StatusList, issuer_slug: str) -> str:
    path = reverse(
        "credentials:status-list", args=[issuer_slug, status_list.purpose, status_list.number]
    )
    return absolute_url(path)


def status_entry(status_list: StatusList, issuer_slug: str, index: int) -> dict[str, Any]:
    """Return the credential's `credentialStatus` entry."""
    url = list_url(status_list, issuer_slug)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": status_list.purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def list_credential(
    status_list: StatusList, *, issuer_did: str, issuer_slug: str, valid_from: datetime
) -> dict[str, Any]:
    """Return the unsigned BitstringStatusListCredential of the list as it is now."""
    url = list_url(status_list, issuer_slug)
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did,
        "validFrom": valid_from.isoformat(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": StatusPurpose(status_list.purpose).value,
            "encodedList": encode_list(status_list.bits),
        },
    }
