"""Check what an uploaded file is from its content, not its name: PDF, DOCX or XLSX.

DOCX and XLSX are ZIP packages whose `[Content_Types].xml` declares the main part under `word/`
or `xl/`. The ZIP is inspected without being extracted, with limits against zip bombs.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from tohu.core.errors import InvalidInput, Problem

MAX_BYTES_DEFAULT = 20 * 1024 * 1024
# a real Office file is rarely more than ~20 times larger unpacked; bombs are thousands of times
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 5000
MAX_CONTENT_TYPES_BYTES = 512 * 1024

_MAIN_PART = {
    "docx": re.compile(
        rb'PartName="/word/[^"]+"\s+ContentType="application/vnd\.openxmlformats-officedocument'
        rb'\.wordprocessingml\.document\.main\+xml"'
    ),
    "xlsx": re.compile(
        rb'PartName="/xl/[^"]+"\s+ContentType="application/vnd\.openxmlformats-officedocument'
        rb'\.spreadsheetml\.sheet\.main\+xml"'
    ),
}
_KIND_NAMES = {"pdf": "a PDF", "docx": "a Word document (DOCX)", "xlsx": "an Excel workbook (XLSX)"}


def max_bytes() -> int:
    return int(getattr(settings, "TOHU_APPLICATION_ATTACHMENT_MAX_BYTES", MAX_BYTES_DEFAULT))


@dataclass(frozen=True)
class CheckedFile:
    """What the content said the file is, its size and digest."""

    kind: str
    size: int
    sha256: str


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, field="file", problems=[Problem(None, message, field="file")])


def _office_kind(stream: IO[bytes], name: str) -> str:
    try:
        package = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(f"{name} is not a PDF, DOCX or XLSX file.") from None
    with package:
        entries = package.infolist()
        if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
            raise _refuse(f"{name} unpacks to far more than a document does; it was refused.")
        try:
            info = package.getinfo("[Content_Types].xml")
        except KeyError:
            raise _refuse(f"{name} is a ZIP archive, not a Word or Excel document.") from None
        if info.file_size > MAX_CONTENT_TYPES_BYTES:
            raise _refuse(f"{name} is not a Word or Excel document.")
        try:
            with package.open(info) as part:
                declared = part.read(MAX_CONTENT_TYPES_BYTES + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            raise _refuse(f"{name} is damaged or encrypted and cannot be read.") from None
    for kind, pattern in _MAIN_PART.items():
        if pattern.search(declared):
            return kind
    raise _refuse(f"{name} is an Office package, but not a Word document or Excel workbook.")


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(stream: IO[bytes], *, name: str, size: int) -> CheckedFile:
    """Return the file's kind from its content, or raise InvalidInput with a clear message.

    The name's extension must agree with the content: an .exe renamed .pdf, or a ZIP renamed
    .docx, is refused.
    """
    limit = max_bytes()
    if size > limit:
        raise _refuse(f"{name} is {size / 1048576:.1f} MB; the limit is {limit // 1048576} MB.")
    if size == 0:
        raise _refuse(f"{name} is empty.")
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    kind = "pdf" if head.startswith(b"%PDF-") else _office_kind(stream, name)
    stream.seek(0)
    extension = _extension(name)
    if extension != kind:
        raise _refuse(
            f"{name} is named as .{extension or '(no extension)'} but its content is "
            f"{_KIND_NAMES[kind]}; rename it .{kind} and upload it again."
        )
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(0)
    return CheckedFile(kind=kind, size=size, sha256=digest.hexdigest())
