"""The register API: search, detail, CTDL, Open Badges 3.0 and the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import Persona
from tests.register.conftest import Register
from tohu.register.exports import ctid

API = "/api/v1/micro-credentials"


def test_search_answers_a_page_with_total_and_the_next_pages_address(
    register: Register, public: Client
) -> None:
    response = public.get(API, {"sort": "listing_number", "limit": "4"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"total", "items", "next"}
    assert body["total"] == 6
    assert [item["listing_number"] for item in body["items"]] == ["2001", "2002", "2003", "2004"]
    assert body["next"].startswith(
        f"http://127.0.0.1:8000{API}?sort=listing_number&limit=4&cursor="
    )
    assert response["Link"] == f'<{body["next"]}>; rel="next"'
    last = public.get(body["next"])
    assert [item["listing_number"] for item in last.json()["items"]] == ["2005", "2006"]
    assert last.json()["next"] is None
    assert not last.has_header("Link")


def test_search_items_summarise_each_listing(register: Register, public: Client) -> None:
    item = public.get(API, {"q": "rangahau"}).json()["items"][0]
    assert item == {
        "listing_number": "2004",
        "title": "Whakapapa Research Methods",
        "listed_title": "Whakapapa Research Methods (Micro-credential)",
        "title_mi": "Rangahau Whakapapa ki te Wananga",
        "version": 1,
        "level": 5,
        "credits": 15,
        "nzsced_code": "090599",
        "status": "current",
        "listed_on": "2024-04-10",
        "next_review_due": "2027-04-10",
        "developer": {
            "id": "did:web:127.0.0.1%3A8000:issuers:southern-skills",
            "slug": "southern-skills",
            "name": "Southern Skills Academy",
            "name_mi": "",
        },
        "url": "http://127.0.0.1:8000/micro-credentials/2004/",
        "api_url": "http://127.0.0.1:8000/api/v1/micro-credentials/2004",
    }


def test_search_with_words_ranks_and_with_none_lists_newest_first(
    register: Register, public: Client
) -> None:
    ranked = public.get(API, {"q": "operating"}).json()
    newest = public.get(API).json()
    assert [i["listing_number"] for i in ranked["items"]] == ["2001", "2002"]
    assert [i["listing_number"] for i in newest["items"]][:2] == ["2005", "2004"]
    assert ranked["next"] is None


def test_detail_has_every_listing_detail(register: Register, public: Client) -> None:
    body = public.get(f"{API}/2001").json()
    assert body["listing_number"] == "2001"
    assert body["credits"] == 6
    assert body["field_of_study"] == "Process and Resources Engineering, n.e.c."
    assert body["purpose"]["use"] == "Used by warehouses to show safe forklift driving."
    assert body["learning_outcomes"][-1] == "Load a truck"
    assert body["review_period_years"] == 3
    assert body["next_review_due"] == "2027-01-10"
    assert body["te_hono"] is False
    assert body["accredited_providers"] == [
        {
            "provider": {
                "id": "did:web:127.0.0.1%3A8000:issuers:southern-skills",
                "slug": "southern-skills",
                "name": "Southern Skills Academy",
                "name_mi": "",
            },
            "granted_on": "2024-02-01",
            "conditions": "",
        }
    ]
    assert body["links"]["ctdl"].endswith(f"{API}/2001/ctdl")


def test_detail_lists_versions_newest_first_with_what_changed(
    register: Register, public: Client
) -> None:
    versions = public.get(f"{API}/2001").json()["versions"]
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["change_summary"] == "Added loading; credits up to 6."
    changes = {c["field"]: (c["before"], c["after"]) for c in versions[0]["changes"]}
    assert changes["credits"] == (5, 6)
    assert changes["learning_outcomes"][1][-1] == "Load a truck"
    assert set(changes) == {"credits", "learning_outcomes"}
    assert versions[1]["changes"] == []


def test_detail_has_the_status_history(register: Register, public: Client) -> None:
    history = public.get(f"{API}/2006").json()["status_history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("", "current"),
        ("current", "expiring"),
        ("expiring", "discontinued"),
    ]
    assert history[1]["end_date"] == "2024-12-31"


def test_an_unknown_listing_is_404(register: Register, public: Client) -> None:
    for path in ("9999", "9999/ctdl", "9999/achievement", "not a number", "x" * 300):
        response = public.get(f"{API}/{path}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("suffix", ["", "/ctdl", "/achievement"])
def test_a_removed_listing_is_404_for_the_public_and_other_organisations(
    register: Register, public: Client, provider: Persona, suffix: str
) -> None:
    assert public.get(f"{API}/2007{suffix}").status_code == 404
    assert provider.client.get(f"{API}/2007{suffix}").status_code == 404


def test_a_removed_listing_is_shown_to_the_quality_assurer(
    register: Register, quality_assurer: Persona
) -> None:
    response = quality_assurer.client.get(f"{API}/2007")
    assert response.status_code == 200
    assert response.json()["status"] == "removed"
    assert response.json()["removed_reason"] == "Listed twice by mistake."
    listed = quality_assurer.client.get(API, {"status": "removed"}).json()
    assert [i["listing_number"] for i in listed["items"]] == ["2007"]


def _credential_node(document: dict[str, Any]) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = document["@graph"]
    [node] = [n for n in nodes if n["@type"] == "ceterms:MicroCredential"]
    return node


def test_ctdl_describes_a_micro_credential_in_json_ld(register: Register, public: Client) -> None:
    response = public.get(f"{API}/2003/ctdl")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document: dict[str, Any] = response.json()
    assert document["@context"] == "https://credreg.net/ctdl/schema/context/json"
    node = _credential_node(document)
    assert node["ceterms:ctid"] == ctid("2003")
    assert node["ceterms:ctid"].startswith("ce-")
    assert node["ceterms:name"] == {
        "en-NZ": "Kaitiakitanga in Practice (Micro-credential)",
        "mi": "Te Mahi Kaitiaki",
    }
    assert "wānanga" in node["ceterms:description"]["en-NZ"]
    assert node["ceterms:subjectWebpage"] == "http://127.0.0.1:8000/micro-credentials/2003/"
    [credit] = node["ceterms:requires"][0]["ceterms:creditValue"]
    assert credit["@type"] == "ceterms:ValueProfile"
    assert credit["schema:value"] == 10
    assert node["ceterms:credentialStatusType"]["ceterms:targetNode"] == "credentialStat:Active"
    assert node["ceterms:instructionalProgramType"][0]["ceterms:codedNotation"] == "050999"
    assert node["ceterms:atLevel"][0]["ceterms:codedNotation"] == "4"
    [owner] = node["ceterms:ownedBy"]
    [organisation] = [n for n in document["@graph"] if n["@id"] == owner]
    assert organisation["ceterms:name"]["en-NZ"] == "Southern Skills Academy"
    assert "ceterms:offeredBy" not in node
    # listed with a title in te reo, delivered in English
    assert node["ceterms:inLanguage"] == ["en"]


@pytest.mark.parametrize(
    ("number", "credential_status"),
    [
        ("2001", "credentialStat:Active"),
        ("2005", "credentialStat:Active"),
        ("2006", "credentialStat:Deprecated"),
    ],
)
def test_ctdl_status_follows_the_listing_status(
    register: Register, public: Client, number: str, credential_status: str
) -> None:
    node = _credential_node(public.get(f"{API}/{number}/ctdl").json())
    assert "ceterms:lifeCycleStatusType" not in node  # not a property of a CTDL credential
    assert node["ceterms:credentialStatusType"]["ceterms:targetNode"] == credential_status


def test_ctids_are_stable_and_unique() -> None:
    assert ctid("2001") == ctid("2001")
    assert ctid("2001") != ctid("2002")


def test_the_achievement_is_an_open_badges_3_micro_credential(
    register: Register, public: Client
) -> None:
    response = public.get(f"{API}/2001/achievement")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    achievement = response.json()
    assert achievement["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert achievement["id"] == (
        "http://127.0.0.1:8000/micro-credentials/2001/versions/2/achievement.json"
    )
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["name"] == "Forklift Operation Basics (Micro-credential)"
    assert achievement["description"].startswith("Used by warehouses")
    assert "- Load a truck" in achievement["criteria"]["narrative"]
    assert achievement["creditsAvailable"] == 6.0
    assert achievement["fieldOfStudy"] == "Process and Resources Engineering, n.e.c."
    assert achievement["humanCode"] == "2001"
    assert achievement["inLanguage"] == "en-NZ"
    assert achievement["creator"]["type"] == ["Profile"]
    assert achievement["creator"]["name"] == "Ringa Hora Services Industry Skills Board"
    # one Profile id per organisation: its DID, whichever listing names it
    assert achievement["creator"]["id"] == "did:web:127.0.0.1%3A8000:issuers:ringa-hora"
    assert {a["targetType"] for a in achievement["alignment"] if "targetType" in a} == {
        "ceterms:Credential",
        "ext:QualificationsFrameworkLevel",
    }
    assert all(a["type"] == ["Alignment"] for a in achievement["alignment"])


def test_the_openapi_document_lists_the_register_endpoints(db: None, public: Client) -> None:
    document = public.get("/api/v1/openapi.json").json()
    paths = document["paths"]
    for path in (
        "/api/v1/micro-credentials",
        "/api/v1/micro-credentials/{listing_number}",
        "/api/v1/micro-credentials/{listing_number}/ctdl",
        "/api/v1/micro-credentials/{listing_number}/achievement",
        "/api/v1/micro-credentials.csv",
        "/api/v1/micro-credentials.json",
    ):
        assert "get" in paths[path], path
    search = paths["/api/v1/micro-credentials"]["get"]
    parameters = {p["name"]: p for p in search["parameters"]}
    assert set(parameters) == {
        "q",
        "level",
        "credits_min",
        "credits_max",
        "field",
        "developer",
        "provider",
        "status",
        "sort",
        "updated_since",
        "cursor",
        "limit",
    }
    assert all(p["description"] for p in parameters.values())
    assert parameters["level"]["schema"]["items"]["maximum"] == 10
    assert parameters["limit"]["schema"]["maximum"] == 100
    assert search["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(search["responses"]) == {"200", "400", "429"}
    assert (
        "application/ld+json"
        in (
            paths["/api/v1/micro-credentials/{listing_number}/ctdl"]["get"]["responses"]["200"][
                "content"
            ]
        )
    )
    assert (
        "text/csv" in paths["/api/v1/micro-credentials.csv"]["get"]["responses"]["200"]["content"]
    )
    detail = paths["/api/v1/micro-credentials/{listing_number}"]["get"]
    assert detail["parameters"][0]["description"]
    assert "MicroCredentialDetailOut" in document["components"]["schemas"]
