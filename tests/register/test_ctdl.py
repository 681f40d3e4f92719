"""The CTDL documents: organisations as @id references to their nodes (the same id as in Open
Badges and the API), versions with their own ids, and every document checked against Credential
Engine's published terms (tests/register/ctdl: a JSON Schema and a JSON-LD context derived from
the Registry Assistant, see derive.py), with JSON-LD expansion dropping nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.test import Client
from jsonschema import Draft202012Validator
from pyld import jsonld

from tests.factories import accredit, listed_micro_credential, version_details
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Organisation
from tohu.register import document_schemas, services

API = "/api/v1/micro-credentials"
TERMS = Path(__file__).parent / "ctdl"
SCHEMA = json.loads((TERMS / "ctdl-schema.json").read_text(encoding="utf-8"))
CONTEXT = json.loads((TERMS / "ctdl-context.jsonld").read_text(encoding="utf-8"))
CTDL_CONTEXT_URL = "https://credreg.net/ctdl/schema/context/json"
BY_TYPE = {
    definition["properties"]["@type"]["const"]: name
    for name, definition in SCHEMA["$defs"].items()
    if "@type" in definition.get("properties", {})
}


def _offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    if url != CTDL_CONTEXT_URL:
        raise AssertionError(f"only the CTDL context is loaded, not {url}")
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": CONTEXT["@context"]}}


def check_against_ctdl_terms(document: dict[str, Any]) -> None:
    """Each node against the Registry Assistant's class; expansion keeps every value."""
    assert document["@context"] == CTDL_CONTEXT_URL
    for node in document["@graph"]:
        definition = {**SCHEMA, "$ref": f"#/$defs/{BY_TYPE[node['@type']]}"}
        Draft202012Validator(definition).validate(node)
    expanded = jsonld.expand(document, {"documentLoader": _offline_loader})
    assert _leaves(expanded) == _leaves(document["@graph"]), "expansion dropped a value"
    assert _keys(document["@graph"]) <= _keys_expanded(expanded)


def _leaves(value: Any) -> int:
    """Count the scalar values (each string, number, boolean) in a document."""
    if isinstance(value, dict):
        return sum(_leaves(v) for k, v in value.items() if k not in ("@type", "@language"))
    if isinstance(value, list):
        return sum(_leaves(v) for v in value)
    return 1


def _keys(value: Any) -> set[str]:
    prefixes = {k: v for k, v in CONTEXT["@context"].items() if isinstance(v, str)}
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if ":" in key and not key.startswith("@"):
                prefix, name = key.split(":", 1)
                found.add(prefixes[prefix] + name)
            if not (isinstance(inner, dict) and key.endswith(("name", "description", "condition"))):
                found |= _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= _keys(inner)
    return found


def _keys_expanded(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if not key.startswith("@"):
                found.add(key)
            found |= _keys_expanded(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= _keys_expanded(inner)
    return found


def _ctdl(client: Client, number: str) -> dict[str, Any]:
    response = client.get(f"{API}/{number}/ctdl")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    Draft202012Validator(document_schemas.CTDL_DOCUMENT).validate(document)
    check_against_ctdl_terms(document)
    return document


def _nodes(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    [credential] = [n for n in document["@graph"] if n["@type"] == "ceterms:MicroCredential"]
    organisations = {
        n["@id"]: n for n in document["@graph"] if n["@type"] == "ceterms:CredentialOrganization"
    }
    return credential, organisations


def test_organisations_are_nodes_named_by_the_same_id_as_in_open_badges_and_the_api(
    isb: Organisation, provider_org: Organisation, nzqa: Organisation, public: Client
) -> None:
    accredit(provider_org, listed_micro_credential(developer=isb, listing_number="4321"))
    credential, organisations = _nodes(_ctdl(public, "4321"))
    [owner] = credential["ceterms:ownedBy"]
    [offered] = credential["ceterms:offeredBy"]
    assert credential["ceterms:approvedBy"] == credential["ceterms:accreditedBy"]
    [approver] = credential["ceterms:approvedBy"]
    assert {owner, offered, approver} == set(organisations)
    achievement = public.get(f"{API}/4321/achievement").json()
    assert owner == achievement["creator"]["id"]
    assert owner.endswith(":issuers:ringa-hora")
    assert offered.endswith(":issuers:southern-skills")
    detail = public.get(f"{API}/4321").json()
    assert detail["developer"]["id"] == owner
    assert detail["accredited_providers"][0]["provider"]["id"] == offered
    node = organisations[owner]
    assert node["ceterms:subjectWebpage"] == "http://127.0.0.1:8000/issuers/ringa-hora/"
    assert public.get("/issuers/ringa-hora/").status_code == 200


def test_outcomes_credits_level_and_field_are_what_ctdl_says(
    isb: Organisation, public: Client
) -> None:
    listed_micro_credential(developer=isb, listing_number="4321", notional_hours=150)
    credential, _ = _nodes(_ctdl(public, "4321"))
    assert "ceterms:keyword" not in credential
    assert "ceterms:lifeCycleStatusType" not in credential
    [condition] = credential["ceterms:requires"]
    assert condition["@type"] == "ceterms:ConditionProfile"
    assert condition["ceterms:condition"]["en-NZ"]
    [credit] = condition["ceterms:creditValue"]
    assert credit["@type"] == "ceterms:ValueProfile"
    assert credit["schema:description"]["en-NZ"].startswith("NZQCF credits")
    [level] = credential["ceterms:atLevel"]
    assert level["ceterms:framework"].startswith("https://www2.nzqa.govt.nz/")
    assert level["ceterms:targetNode"].endswith(f"#level-{level['ceterms:codedNotation']}")
    [field] = credential["ceterms:instructionalProgramType"]
    assert field["ceterms:targetNode"].endswith("#" + field["ceterms:codedNotation"])
    [duration] = credential["ceterms:estimatedDuration"]
    assert duration["ceterms:exactDuration"] == "PT150H"
    [place] = credential["ceterms:jurisdiction"][0]["ceterms:mainJurisdiction"]
    assert place["ceterms:addressCountry"] == {"en-NZ": "New Zealand"}
    assert credential["ceterms:dateEffective"] == date(2024, 3, 1).isoformat()
    assert "ceterms:expirationDate" not in credential
    assert "ceterms:previousVersion" not in credential


def test_each_version_has_its_own_document_and_page_linked_by_latest_and_previous(
    isb: Organisation, public: Client
) -> None:
    listing = listed_micro_credential(developer=isb, listing_number="4321")
    services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=listing,
        details=version_details(title="Forklift Operation Advanced", credits=6),
        approved_on=date(2025, 2, 1),
        effective_from=date(2025, 3, 1),
        change_summary="Credits up to 6.",
    )
    credential, _ = _nodes(_ctdl(public, "4321"))
    latest = credential["ceterms:latestVersion"]
    previous = credential["ceterms:previousVersion"]
    assert latest.endswith("/micro-credentials/4321/versions/2/ctdl.json")
    assert previous.endswith("/micro-credentials/4321/versions/1/ctdl.json")
    response = public.get(previous.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    old = response.json()
    check_against_ctdl_terms(old)
    first, _ = _nodes(old)
    assert first["@id"] == previous
    assert first["ceterms:ctid"] != credential["ceterms:ctid"]
    assert first["ceterms:nextVersion"] == latest
    assert first["ceterms:requires"][0]["ceterms:creditValue"][0]["schema:value"] == 5
    page = public.get("/micro-credentials/4321/versions/1/")
    assert page.status_code == 200
    assert "no longer in force" in page.content.decode()
    achievement = public.get("/micro-credentials/4321/versions/1/achievement.json").json()
    assert achievement["id"].endswith("/micro-credentials/4321/versions/1/achievement.json")
    assert achievement["version"] == "1"
    assert public.get("/micro-credentials/4321/versions/9/").status_code == 404
    assert public.get("/micro-credentials/4321/versions/9/ctdl.json").status_code == 404


def test_maori_text_is_tagged_mi_and_a_listing_in_te_reo_is_in_mi(
    isb: Organisation, public: Client
) -> None:
    listed_micro_credential(
        developer=isb,
        listing_number="4322",
        title_mi="Te Mahi Kaitiaki",
        purpose_mi="He tohu mō te tiaki whenua.",
        in_te_reo_maori=True,
    )
    credential, _ = _nodes(_ctdl(public, "4322"))
    assert credential["ceterms:name"]["mi"] == "Te Mahi Kaitiaki"
    assert credential["ceterms:description"]["mi"] == "He tohu mō te tiaki whenua."
    assert credential["ceterms:inLanguage"] == ["mi"]
    expanded = jsonld.expand(
        {"@context": CTDL_CONTEXT_URL, "@graph": [credential]},
        {"documentLoader": _offline_loader},
    )
    names = expanded[0]["https://purl.org/ctdl/terms/name"]
    assert {"@value": "Te Mahi Kaitiaki", "@language": "mi"} in names
    detail = public.get(f"{API}/4322").json()
    assert (detail["language"], detail["title_mi"]) == ("mi", "Te Mahi Kaitiaki")
    achievement = public.get(f"{API}/4322/achievement").json()
    assert achievement["inLanguage"] == "mi"
    assert achievement["name"] == "Te Mahi Kaitiaki"
    page = public.get("/micro-credentials/4322/").content.decode()
    assert '<p class="title-mi" lang="mi">Te Mahi Kaitiaki</p>' in page


def test_a_property_ctdl_has_not_is_refused_by_the_derived_schema(
    isb: Organisation, public: Client
) -> None:
    listed_micro_credential(developer=isb, listing_number="4321")
    document = _ctdl(public, "4321")
    credential, _ = _nodes(document)
    credential["ceterms:lifeCycleStatusType"] = credential["ceterms:credentialStatusType"]
    definition = {**SCHEMA, "$ref": "#/$defs/Credential"}
    assert not Draft202012Validator(definition).is_valid(credential)
    credential.pop("ceterms:lifeCycleStatusType")
    credential["ceterms:name"] = "not a language map"
    expanded = jsonld.expand(document, {"documentLoader": _offline_loader})
    assert expanded  # expansion itself accepts it; the schema does not
    assert not Draft202012Validator(definition).is_valid(credential)
