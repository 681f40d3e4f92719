"""The disk fills while an upload is written: a real, small tmpfs holds the files. The person is
told plainly, no batch is made, and no part of the file is left behind."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.achievements.conftest import HEADER, csv_bytes, url
from tests.conftest import Persona
from tohu.achievements.models import ImportBatch
from tohu.register.models import MicroCredential


@pytest.fixture
def small_disk(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """Mount a 256 KB tmpfs as the media storage (needs the right to mount, as root has)."""
    mount = tmp_path / "media"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(mount)},
        },
    }
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def test_a_full_disk_while_writing_an_upload_keeps_nothing_and_says_so(
    provider: Persona, forklift: MicroCredential, small_disk: Path
) -> None:
    (small_disk / "filler").write_bytes(b"x" * 200 * 1024)  # the disk is nearly full
    rows = [f"{n:010d},4321,2025-05-01" for n in range(1, 4001)]
    content = csv_bytes(HEADER, *rows)
    assert len(content) > 100 * 1024
    response = provider.client.post(url("upload"), {"file": SimpleUploadedFile("a.csv", content)})
    assert response.status_code == 503
    page = response.content.decode()
    assert "Tohu could not keep the file: the server&#x27;s storage is full" in page
    assert "Nothing was recorded or kept" in page
    assert ImportBatch.objects.count() == 0
    assert _files(small_disk) == [small_disk / "filler"]
    # with room again, the same file goes through
    (small_disk / "filler").unlink()
    response = provider.client.post(url("upload"), {"file": SimpleUploadedFile("a.csv", content)})
    assert response.status_code == 302
    assert ImportBatch.objects.count() == 1
