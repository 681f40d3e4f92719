"""The CTDL document's shape: organisations as identified nodes (the same id as in Open Badges),
learning outcomes as a condition, the jurisdiction, duration, dates of the version in force."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from jsonschema import Draft202012Validator

from tests.factories import accredit, listed_micro_credential
from tohu.organisations.models import Organisation
from tohu.register import document_schemas

API = "/api/v1/micro-credentials"


def _ctdl(client: Client, number: str) -> dict[str, Any]:
    response = client.get(f"{API}/{number}/ctdl")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    Draft202012Validator(document_schemas.CTDL_DOCUMENT).validate(document)
    return document


def test_organisations_are_nodes_with_the_same_id_as_in_open_badges(
    isb: Organisation, provider_org: Organisation, public: Client
) -> None:
    accredit(provider_org, listed_micro_credential(developer=isb, listing_number="4321"))
    document = _ctdl(public, "4321")
    [owner] = document["ceterms:ownedBy"]
    [offered] = document["ceterms:offeredBy"]
    achievement = public.get(f"{API}/4321/achievement").json()
    assert owner["@id"] == achievement["creator"]["id"]
    assert owner["@id"].endswith(":issuers:ringa-hora")
    assert offered["@id"].endswith(":issuers:southern-skills")
    assert owner["ceterms:ctid"] != offered["ceterms:ctid"]
    detail = public.get(f"{API}/4321").json()
    assert detail["developer"]["id"] == owner["@id"]
    assert detail["accredited_providers"][0]["provider"]["id"] == offered["@id"]
    again = _ctdl(public, "4321")["ceterms:ownedBy"][0]
    assert again["ceterms:ctid"] == owner["ceterms:ctid"]


def test_outcomes_are_a_condition_and_the_listing_says_where_and_how_long(
    isb: Organisation, public: Client
) -> None:
    listed_micro_credential(developer=isb, listing_number="4321", notional_hours=150)
    document = _ctdl(public, "4321")
    assert "ceterms:keyword" not in document
    [condition] = document["ceterms:requires"]
    assert condition["@type"] == "ceterms:ConditionProfile"
    assert condition["ceterms:condition"]["en-NZ"]
    [duration] = document["ceterms:estimatedDuration"]
    assert duration["ceterms:exactDuration"] == "PT150H"
    [place] = document["ceterms:jurisdiction"][0]["ceterms:mainJurisdiction"]
    assert place["ceterms:addressCountry"] == {"en-NZ": "New Zealand"}
    assert document["ceterms:dateEffective"] == date(2024, 3, 1).isoformat()
    [credit] = document["ceterms:creditValue"]
    assert credit["schema:description"]["en-NZ"].startswith("NZQCF credits")
    assert "ceterms:expirationDate" not in document
