"""Baked badges: an Open Badges 3.0 credential carried inside its PNG image.

The credential goes into an iTXt chunk with the keyword `openbadgecredential`, uncompressed, as
the Open Badges 3.0 specification's baking section says; the image is the credential's QR code,
which leads to /verify. `unbake_png` reads it back (the /verify page accepts a baked badge).
"""

from __future__ import annotations

import struct
import zlib

KEYWORD = b"openbadgecredential"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class NotABadge(ValueError):
    """Raise when a file is not a PNG, or carries no credential."""


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    if not png.startswith(PNG_SIGNATURE):
        raise NotABadge("The file is not a PNG image.")
    found, position = [], len(PNG_SIGNATURE)
    while position + 8 <= len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        if len(data) != length:
            raise NotABadge("The PNG image is cut short.")
        found.append((kind, data))
        position += 12 + length
        if kind == b"IEND":
            break
    return found


def bake_png(png: bytes, credential_json: str) -> bytes:
    """Return the PNG with the credential in an iTXt chunk (replacing any already there)."""
    text = KEYWORD + b"\x00" + b"\x00\x00" + b"\x00" + b"\x00" + credential_json.encode("utf-8")
    baked = bytearray(PNG_SIGNATURE)
    for kind, data in _chunks(png):
        if kind == b"iTXt" and data.startswith(KEYWORD + b"\x00"):
            continue
        if kind == b"IEND":
            baked += _chunk(b"iTXt", text)
        baked += _chunk(kind, data)
    return bytes(baked)


def unbake_png(png: bytes) -> str:
    """Return the credential a baked PNG carries, or raise NotABadge."""
    for kind, data in _chunks(png):
        if kind != b"iTXt" or not data.startswith(KEYWORD + b"\x00"):
            continue
        rest = data[len(KEYWORD) + 1 :]
        compressed, _method = rest[0], rest[1]
        language_end = rest.index(b"\x00", 2)
        translated_end = rest.index(b"\x00", language_end + 1)
        text = rest[translated_end + 1 :]
        if compressed:
            text = zlib.decompress(text)
        return text.decode("utf-8")
    raise NotABadge("The image carries no Open Badges credential.")
