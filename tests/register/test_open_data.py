"""The open-data files of the whole register: built after changes (not per request), gzip, with
an ETag and a generated-at time, served with conditional GET, listed on a page and in the API."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from jsonschema import Draft202012Validator

from tests.factories import version_details
from tests.register.conftest import Register
from tests.register.test_ctdl import check_against_ctdl_terms
from tohu.core.principal import SYSTEM
from tohu.organisations.services import organisation_nzbn_set
from tohu.register import document_schemas, open_data, services
from tohu.register.api import MicroCredentialDetailOut

PUBLIC_NUMBERS = ["2001", "2002", "2003", "2004", "2005", "2006"]


@pytest.fixture(autouse=True)
def open_data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.TOHU_OPEN_DATA_DIR = tmp_path / "open-data"
    return tmp_path / "open-data"


def _text(folder: Path, name: str) -> str:
    return gzip.decompress((folder / name).read_bytes()).decode("utf-8")


def test_every_file_holds_every_public_listing_in_full(
    register: Register, open_data_dir: Path
) -> None:
    built = open_data.build()
    assert built["built"] is True
    assert built["listings"] == 6
    rows = list(csv.DictReader(io.StringIO(_text(open_data_dir, "micro-credentials.csv.gz"))))
    assert [row["listing_number"] for row in rows] == PUBLIC_NUMBERS
    forklift = rows[0]
    assert forklift["version"] == "2"
    assert forklift["learning_outcomes"].splitlines() == [
        "Drive a forklift safely",
        "Inspect a forklift before use",
        "Load a truck",
    ]
    assert forklift["purpose_relevance"] == "Relevant to whānau and communities."
    assert forklift["accredited_provider_slugs"] == "southern-skills"
    assert rows[3]["language"] == "mi"
    lines = _text(open_data_dir, "micro-credentials.jsonl.gz").splitlines()
    details = [json.loads(line) for line in lines]
    assert [d["listing_number"] for d in details] == PUBLIC_NUMBERS
    for detail in details:
        MicroCredentialDetailOut.model_validate(detail)
    graph = json.loads(_text(open_data_dir, "micro-credentials.ctdl.jsonld.gz"))
    check_against_ctdl_terms(graph)
    nodes = graph["@graph"]
    credentials = [n for n in nodes if n["@type"] == "ceterms:MicroCredential"]
    organisations = {n["@id"] for n in nodes if n["@type"] == "ceterms:CredentialOrganization"}
    assert len(credentials) == 6
    roles = ("ceterms:ownedBy", "ceterms:offeredBy", "ceterms:approvedBy")
    named = {i for c in credentials for role in roles for i in c.get(role, [])}
    assert named == organisations  # every organisation named has its node, once
    achievements = [
        json.loads(line) for line in _text(open_data_dir, "achievements.jsonl.gz").splitlines()
    ]
    for document in achievements:
        Draft202012Validator(document_schemas.ACHIEVEMENT_DOCUMENT).validate(document)
    assert achievements[0]["id"].endswith("/micro-credentials/2001/versions/2/achievement.json")
    assert achievements[3]["inLanguage"] == "mi"


def test_a_build_with_nothing_changed_does_nothing_and_a_change_gives_new_etags(
    register: Register, open_data_dir: Path
) -> None:
    first = open_data.build()
    again = open_data.build()
    assert again["built"] is False
    assert again["files"] == first["files"]
    services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=register.barista,
        details=version_details(title="Espresso Barista Skills", credits=9),
        approved_on=date(2025, 2, 1),
        effective_from=date(2025, 3, 1),
        change_summary="Credits up to 9.",
    )
    changed = open_data.build()
    assert changed["built"] is True
    name = "micro-credentials.csv.gz"
    assert changed["files"][name]["sha256"] != first["files"][name]["sha256"]


def test_a_change_to_the_register_queues_a_build_that_runs_once_it_commits(
    register: Register, open_data_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as committed:
        services.micro_credential_status_set(
            actor=SYSTEM,
            micro_credential=register.barista,
            status="expiring",
            effective_on=date(2025, 1, 1),
            end_date=date(2025, 12, 31),
            reason="Being replaced.",
        )
    assert open_data.manifest() is None  # nothing is built before the change commits
    for callback in committed:
        callback()  # the test runner's task backend runs the queued build at once
    assert open_data.manifest() is not None
    rows = csv.DictReader(io.StringIO(_text(open_data_dir, "micro-credentials.csv.gz")))
    assert {r["listing_number"]: r["status"] for r in rows}["2002"] == "expiring"


def test_the_daily_housekeeping_builds_them(register: Register, open_data_dir: Path) -> None:
    call_command("daily", stdout=io.StringIO())
    assert (open_data_dir / "manifest.json").exists()


def test_the_files_are_served_with_their_etag_and_answer_304_when_unchanged(
    register: Register, public: Client
) -> None:
    assert public.get("/open-data/micro-credentials.csv.gz").status_code == 404  # not built
    built = open_data.build()
    entry = built["files"]["micro-credentials.csv.gz"]
    response = public.get("/open-data/micro-credentials.csv.gz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert response["ETag"] == f'"{entry["sha256"]}"'
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert len(body) == entry["bytes"]
    assert gzip.decompress(body).decode().startswith("listing_number,")
    unchanged = public.get(
        "/open-data/micro-credentials.csv.gz", headers={"If-None-Match": response["ETag"]}
    )
    assert unchanged.status_code == 304
    since = public.get(
        "/open-data/micro-credentials.csv.gz",
        headers={"If-Modified-Since": response["Last-Modified"]},
    )
    assert since.status_code == 304
    assert public.get("/open-data/manifest.json").status_code == 404
    assert public.get("/open-data/../settings.py").status_code == 404


def test_the_page_and_the_api_list_the_files(register: Register, public: Client) -> None:
    assert "not been built yet" in public.get("/open-data/").content.decode()
    assert public.get("/api/v1/open-data").json()["files"] == []
    open_data.build()
    page = public.get("/open-data/").content.decode()
    for file in open_data.FILES:
        assert f'href="/open-data/{file.name}"' in page
    listed = public.get("/api/v1/open-data").json()
    assert listed["listings"] == 6
    assert [f["url"] for f in listed["files"]] == [
        f"http://127.0.0.1:8000/open-data/{file.name}" for file in open_data.FILES
    ]
    root = public.get("/api/v1/").json()
    assert root["open_data"] == "http://127.0.0.1:8000/api/v1/open-data"
    assert 'href="/open-data/"' in public.get("/").content.decode()


def test_an_organisations_new_nzbn_queues_a_build_that_shows_it(
    register: Register, open_data_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    open_data.build()
    developer = register.whakapapa.developer
    with django_capture_on_commit_callbacks() as committed:
        organisation_nzbn_set(actor=SYSTEM, organisation=developer, nzbn="9429000000017")
    assert committed, "the change queued no build"
    assert "9429000000017" not in _text(open_data_dir, "micro-credentials.ctdl.jsonld.gz")
    for callback in committed:
        callback()
    assert "9429000000017" in _text(open_data_dir, "micro-credentials.ctdl.jsonld.gz")
