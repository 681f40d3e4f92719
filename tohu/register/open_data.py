"""The whole register as open data: CSV, JSON Lines, the CTDL graph and OB 3.0 Achievements.

The files are built after the register changes (a task queued after each change commits, and
`tohu daily`), never while a request waits. Each is gzip (with no time in its header, so the
same register gives the same bytes), written whole beside the old one and moved into its place,
so a reader never sees half a file. `manifest.json` beside them says when they were generated,
from which state of the register, and each file's size and ETag (the SHA-256 of its bytes); the
site serves them with that ETag and Last-Modified, and answers a conditional request with 304.

A build reads the register's generation (the audit chain's last hash: every change writes an
audit event) before it reads the data; when the manifest already holds that generation it does
nothing, so the many tasks a burst of changes queues cost one build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django_tasks import task

from tohu.core import clock, csv_files
from tohu.credentials.documents import achievement
from tohu.organisations.models import Organisation
from tohu.register import exports
from tohu.register.cache import generation
from tohu.register.selectors import (
    MicroCredentialDetail,
    micro_credential_details,
    organisations_named,
)

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class OpenDataFile:
    """One file of the open data: its name, what it holds and the type of what is inside."""

    kind: str
    name: str
    media_type: str
    description: str


FILES = (
    OpenDataFile(
        "csv",
        "micro-credentials.csv.gz",
        "text/csv",
        "Every listing, one row each, with every listing detail (UTF-8, header row first).",
    ),
    OpenDataFile(
        "jsonl",
        "micro-credentials.jsonl.gz",
        "application/jsonl",
        "Every listing in full, one JSON object a line: the API's detail of each listing.",
    ),
    OpenDataFile(
        "ctdl",
        "micro-credentials.ctdl.jsonld.gz",
        "application/ld+json",
        "The CTDL graph: every listing as a ceterms:MicroCredential and every organisation "
        "they name as a ceterms:CredentialOrganization, in one @graph.",
    ),
    OpenDataFile(
        "achievements",
        "achievements.jsonl.gz",
        "application/jsonl",
        "Every listing's version in force as an Open Badges 3.0 Achievement, one a line.",
    ),
)
BY_NAME = {file.name: file for file in FILES}


def directory() -> Path:
    """Where the files live: TOHU_OPEN_DATA_DIR (by default TOHU_VAR_DIR/open-data)."""
    return Path(settings.TOHU_OPEN_DATA_DIR)


def manifest() -> dict[str, Any] | None:
    """The manifest of the files last built, or None before the first build."""
    try:
        text = (directory() / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    found: dict[str, Any] = json.loads(text)
    return found


def file_path(name: str) -> Path | None:
    """The path of a built file by its name; None for a name that is not an open-data file."""
    return directory() / name if name in BY_NAME else None


# ---------------------------------------------------------------------------------------------
# The contents, line by line.


def _json(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _csv_lines(details: Iterable[MicroCredentialDetail]) -> Iterator[str]:
    links = exports.ListingLinks()
    rows = (exports.detail_csv_row(detail, links) for detail in details)
    return csv_files.stream_csv(exports.DETAIL_CSV_COLUMNS, rows)


def _jsonl_lines(details: Iterable[MicroCredentialDetail]) -> Iterator[str]:
    for detail in details:
        yield _json(exports.listing_detail(detail)) + "\n"


def _achievement_lines(details: Iterable[MicroCredentialDetail]) -> Iterator[str]:
    for detail in details:
        document = achievement(
            detail.micro_credential,
            detail.version,
            field_of_study=detail.field_of_study or "",
        )
        yield _json({"@context": exports.OB3_CONTEXT, **document}) + "\n"


def _ctdl_lines(
    details: list[MicroCredentialDetail],
    organisations: list[Organisation],
    approver: Organisation | None,
) -> Iterator[str]:
    """The CTDL graph: the credential nodes as they come, then every organisation they name."""
    yield '{"@context": ' + _json(exports.CTDL_CONTEXT) + ', "@graph": ['
    nodes = [
        *(exports.ctdl_credential(detail, approver=approver) for detail in details),
        *(exports.ctdl_organisation(organisation) for organisation in organisations),
    ]
    for index, node in enumerate(nodes):
        yield ("," if index else "") + "\n" + _json(node)
    yield "\n]}\n"


# ---------------------------------------------------------------------------------------------
# Writing.


def _write_gzip(folder: Path, name: str, lines: Iterable[str]) -> dict[str, Any]:
    """Write the lines as a gzip file in the folder, whole, then move it into place."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    digest = hashlib.sha256()
    try:
        with os.fdopen(handle, "wb") as raw:
            hashing = _Hashing(raw, digest)
            with gzip.GzipFile(filename="", mode="wb", fileobj=hashing, mtime=0) as packed:
                for line in lines:
                    packed.write(line.encode("utf-8"))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return {"bytes": hashing.size, "sha256": digest.hexdigest()}


class _Hashing:
    """A binary file that hashes and counts what passes through to the real one."""

    def __init__(self, raw: IO[bytes], digest: Any) -> None:
        self._raw, self._digest, self.size = raw, digest, 0

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        self.size += len(data)
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()


def build(*, force: bool = False) -> dict[str, Any]:
    """Build every file and the manifest, unless the register has not changed since the last
    build. Return the manifest (with "built": False when nothing was done)."""
    state = generation()  # first: a change after this read makes the next build run again
    kept = manifest()
    if kept is not None and kept.get("generation") == state and not force:
        return {**kept, "built": False}
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    generated_at = clock.now()
    details = list(micro_credential_details(user=None))
    organisations, approver = organisations_named(details)
    contents = {
        "csv": _csv_lines(details),
        "jsonl": _jsonl_lines(details),
        "ctdl": _ctdl_lines(details, organisations, approver),
        "achievements": _achievement_lines(details),
    }
    files = {
        file.name: {
            "kind": file.kind,
            "media_type": file.media_type,
            "encoding": "gzip",
            "description": file.description,
            **_write_gzip(folder, file.name, contents[file.kind]),
        }
        for file in FILES
    }
    document = {
        "generated_at": generated_at.isoformat(),
        "generation": state,
        "listings": len(details),
        "files": files,
    }
    _write_manifest(folder, document)
    return {**document, "built": True}


def _write_manifest(folder: Path, document: dict[str, Any]) -> None:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".manifest.", suffix=".part")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
        out.write("\n")
    os.replace(temporary, folder / MANIFEST)


def etag(entry: dict[str, Any]) -> str:
    """The strong ETag of a built file."""
    return f'"{entry["sha256"]}"'


def generated_at(document: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(document["generated_at"])


@task()
def build_open_data() -> str:
    """Rebuild the open-data files if the register changed since they were built (run by
    `tohu worker` after each change, and by `tohu daily`)."""
    built = build()
    if not built["built"]:
        return f"unchanged since {built['generated_at']}"
    return f"built {built['listings']} listings at {built['generated_at']}"


def enqueue_build() -> None:
    """Queue a build (the register's services call it once a change commits)."""
    build_open_data.enqueue()
