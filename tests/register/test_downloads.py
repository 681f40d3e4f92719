"""Downloads of any search, as CSV and JSON, from the page and the API: every matching row."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Persona
from tests.register.conftest import Register

PATHS = {
    "csv": ["/micro-credentials.csv", "/api/v1/micro-credentials.csv"],
    "json": ["/micro-credentials.json", "/api/v1/micro-credentials.json"],
}


def download(client: Client, path: str, params: dict[str, Any] | None = None) -> tuple[Any, str]:
    response = client.get(path, params or {})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("path", PATHS["csv"])
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["2005", "2004", "2003", "2002", "2001", "2006"]),
        ({"q": "operating"}, ["2001", "2002"]),
        ({"level": ["4"], "sort": "listing_number"}, ["2003", "2005"]),
        ({"provider": "southern-skills"}, ["2005", "2001"]),
        ({"q": "submarine"}, []),
        # pages do not limit a download
        ({"page_size": "1", "page": "3"}, ["2005", "2004", "2003", "2002", "2001", "2006"]),
    ],
)
def test_a_csv_download_has_exactly_the_matching_rows(
    register: Register, public: Client, path: str, params: dict[str, Any], expected: list[str]
) -> None:
    response, text = download(public, path, params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="micro-credentials.csv"'
    assert [row["listing_number"] for row in csv_rows(text)] == expected


def test_a_csv_row_carries_the_listing_details(register: Register, public: Client) -> None:
    _, text = download(public, "/micro-credentials.csv", {"q": "forklift"})
    assert text.splitlines()[0] == (
        "listing_number,title,title_mi,version,level,credits,notional_hours,nzsced_code,"
        "field_of_study,developer,developer_slug,status,listed_on,next_review_due,"
        "accredited_providers,url"
    )
    assert csv_rows(text) == [
        {
            "listing_number": "2001",
            "title": "Forklift Operation Basics (Micro-credential)",
            "title_mi": "",
            "version": "2",
            "level": "3",
            "credits": "6",
            "notional_hours": "50",
            "nzsced_code": "030399",
            "field_of_study": "Process and Resources Engineering, n.e.c.",
            "developer": "Ringa Hora Services Industry Skills Board",
            "developer_slug": "ringa-hora",
            "status": "current",
            "listed_on": "2024-01-10",
            "next_review_due": "2027-01-10",
            "accredited_providers": "Southern Skills Academy",
            "url": "http://127.0.0.1:8000/micro-credentials/2001/",
        }
    ]


def test_a_csv_download_keeps_macrons(register: Register, public: Client) -> None:
    _, text = download(public, "/api/v1/micro-credentials.csv", {"q": "kaitiaki"})
    assert csv_rows(text)[0]["title_mi"] == "Te Mahi Kaitiaki"


@pytest.mark.parametrize("path", PATHS["json"])
def test_a_json_download_has_exactly_the_matching_rows(
    register: Register, public: Client, path: str
) -> None:
    response, text = download(public, path, {"status": ["expiring", "discontinued"]})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(text)
    assert [item["listing_number"] for item in document["items"]] == ["2005", "2006"]
    assert document["count"] == 2
    assert document["search"] == {"status": ["expiring", "discontinued"]}
    assert document["items"][0]["accredited_providers"][0]["provider"]["slug"] == "southern-skills"
    assert document["items"][1]["field_of_study"] == "Programming"


def test_an_empty_json_download_is_valid_json(register: Register, public: Client) -> None:
    _, text = download(public, "/micro-credentials.json", {"q": "submarine"})
    assert json.loads(text)["items"] == []


@pytest.mark.parametrize("path", [*PATHS["csv"], *PATHS["json"]])
def test_downloads_leave_out_removed_listings_for_the_public_only(
    register: Register, public: Client, quality_assurer: Persona, path: str
) -> None:
    _, public_text = download(public, path)
    _, qa_text = download(quality_assurer.client, path)
    assert "2007" not in public_text
    assert "2007" in qa_text


def test_a_download_reads_in_a_few_queries_however_many_rows(
    register: Register, public: Client, count_queries: Any
) -> None:
    with count_queries() as captured:
        download(public, "/micro-credentials.csv")
    # the rows, then the accredited providers of each chunk of rows
    assert len(captured) <= 3


MALICIOUS = '=HYPERLINK("http://evil.example","click")'


@pytest.mark.parametrize("path", PATHS["csv"])
def test_a_csv_download_keeps_a_title_from_running_as_a_formula(
    register: Register, public: Client, path: str
) -> None:
    from tohu.register.models import MicroCredentialVersion

    version = register.forklift.current_version
    assert version is not None
    MicroCredentialVersion.objects.filter(pk=version.pk).update(title=MALICIOUS, title_mi="+SUM(1)")
    register.forklift.developer.__class__.objects.filter(pk=register.forklift.developer_id).update(
        name="@Evil developer"
    )
    _, text = download(public, path)
    (row,) = [row for row in csv_rows(text) if row["listing_number"] == "2001"]
    assert row["title"].startswith("'" + MALICIOUS)
    assert row["title_mi"] == "'+SUM(1)"
    assert row["developer"] == "'@Evil developer"
