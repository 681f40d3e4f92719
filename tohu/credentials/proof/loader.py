"""An offline JSON-LD document loader over the contexts shipped in `tohu/credentials/contexts/`.

Nothing is fetched at run time: a context that is not shipped is an error naming its URL. The
manifest records where each file came from (npm package, version, licence) and its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

CONTEXTS_DIR = Path(__file__).resolve().parent.parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"
STATUS_LIST_V1 = "https://www.w3.org/ns/credentials/status/v1"
ED25519_2020_V1 = "https://w3id.org/security/suites/ed25519-2020/v1"
CLR_V2P0 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"


class ContextNotShipped(Exception):
    """Raise when a document asks for a context Tohu does not ship (nothing is fetched)."""

    def __init__(self, url: str) -> None:
        super().__init__(f"the JSON-LD context {url} is not one Tohu ships; nothing is fetched")
        self.url = url


@cache
def manifest() -> tuple[dict[str, str], ...]:
    """Return the manifest's entries: url, file, package, version, licence, sha256."""
    entries = json.loads((CONTEXTS_DIR / "manifest.json").read_text(encoding="utf-8"))
    return tuple(entries)


@cache
def shipped_contexts() -> dict[str, dict[str, Any]]:
    """Read every shipped context once, checking each file against its recorded hash."""
    documents: dict[str, dict[str, Any]] = {}
    for entry in manifest():
        raw = (CONTEXTS_DIR / entry["file"]).read_bytes()
        if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
            raise ValueError(f"{entry['file']} does not match the hash in the manifest")
        documents[entry["url"]] = json.loads(raw)
    return documents


def load_document(url: str, options: object = None) -> dict[str, Any]:
    """Answer pyld's document loader with a shipped context, or refuse."""
    document = shipped_contexts().get(url)
    if document is None:
        raise ContextNotShipped(url)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
    }
