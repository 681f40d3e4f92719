"""Bodies larger than their address takes are refused with 413 before a byte is read; each
organisation has a quota of kept results files, refused with a message that says so."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.achievements.conftest import HEADER, csv_bytes, upload, url
from tests.conftest import Persona
from tohu.achievements.models import ImportBatch
from tohu.learners.models import Learner
from tohu.register.models import MicroCredential

GIGABYTE = 1024 * 1024 * 1024


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read before the size was checked")

    def readline(self, size: int | None = -1) -> bytes:
        raise AssertionError("the body was read before the size was checked")


def _send(client: Client, path: str, size: int, content_type: str) -> Any:
    extra: dict[str, Any] = {"CONTENT_LENGTH": str(size), "wsgi.input": Unreadable()}
    return client.generic("POST", path, b"", content_type=content_type, **extra)


MULTIPART = "multipart/form-data; boundary=xyz"


def test_an_anonymous_gigabyte_to_the_upload_address_is_refused_unread(
    public: Client, forklift: MicroCredential
) -> None:
    response = _send(public, url("upload"), GIGABYTE, MULTIPART)
    assert response.status_code == 413
    page = response.content.decode()
    assert "The request is too large: it sends 1024.0 MB" in page
    assert "takes at most 1.0 MB" in page
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/sign-in/", "/applications/new/", "/verify/", "/achievements/provider/x/report/"]
)
def test_a_form_takes_a_small_body_only(provider: Persona, path: str) -> None:
    response = _send(provider.client, path, 2 * 1024 * 1024, "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "takes at most 1.0 MB" in response.content.decode()


def test_a_signed_in_provider_may_send_a_results_file_larger_than_a_form(
    provider: Persona, public: Client, forklift: MicroCredential, settings: Any
) -> None:
    settings.TOHU_FORM_MAX_BYTES = 10_000
    settings.TOHU_RESULTS_FILE_MAX_BYTES = 100 * 1024 * 1024
    rows = [f"{n:010d},4321,2025-05-01" for n in range(1, 2001)]
    content = csv_bytes(HEADER, *rows)
    assert len(content) > 5 * settings.TOHU_FORM_MAX_BYTES
    refused = public.post(url("upload"), {"file": SimpleUploadedFile("june.csv", content)})
    assert refused.status_code == 413
    assert upload(provider.client, content).upload
    assert _send(provider.client, url("upload"), 101 * 1024 * 1024, MULTIPART).status_code == 413


def test_the_api_answers_413_as_json(public: Client) -> None:
    response = _send(public, "/api/v1/completions", 9 * 1024 * 1024, "application/json")
    assert response.status_code == 413
    body = response.json()
    assert (body["status"], body["code"], body["limit"]) == (413, "too_large", 8 * 1024 * 1024)
    assert body["detail"].startswith("The request is too large: it sends 9.0 MB")


def test_an_upload_past_the_organisations_quota_is_refused_and_nothing_is_kept(
    provider: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
    settings: Any,
) -> None:
    first = csv_bytes(HEADER, "0000012345,4321,2025-05-01")
    settings.TOHU_RESULTS_UPLOAD_QUOTA_BYTES = len(first) + 10
    kept = upload(provider.client, first)
    assert default_storage.exists(kept.upload)
    files_before = default_storage.listdir("results/uploads")[1]
    second = csv_bytes(HEADER, "0000067890,4321,2025-05-01")
    data = {"file": SimpleUploadedFile("july.csv", second, "text/csv")}
    response = provider.client.post(url("upload"), data)
    assert response.status_code == 413
    page = response.content.decode()
    assert "Southern Skills Academy has 0.0 MB of results files kept" in page
    assert "would take it past its quota of 0.0 MB" in page
    assert "Files are deleted 90 days after their import finishes" in page
    assert ImportBatch.objects.count() == 1
    assert default_storage.listdir("results/uploads")[1] == files_before
