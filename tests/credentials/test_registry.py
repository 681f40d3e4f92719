"""The trust registry: generated from the accreditation records, in the DCC known-issuer format,
with a signed OB 3.0 EndorsementCredential from NZQA for each provider."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.credentials.conftest import NodeScript
from tests.credentials.helpers import fetch_json, record, signed, verifier_documents
from tests.factories import OrganisationFactory, accredit
from tohu.core import clock
from tohu.credentials.services.issuing import credentials_sweep
from tohu.credentials.verification.verifier import verify_credential
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation, OrganisationType
from tohu.register import services as register_services
from tohu.register.models import Accreditation, MicroCredential

pytestmark = pytest.mark.django_db
PROVIDER_DID = "did:web:127.0.0.1%3A8000:issuers:southern-skills"


@pytest.fixture
def issued(nzqa, provider_org: Organisation, forklift: MicroCredential, learners: list[Learner]):
    record(provider_org, "0000012345,2025-05-01")
    credentials_sweep()
    return provider_org


def test_the_registry_lists_each_provider_with_its_keys_and_accreditations(
    issued: Organisation, client: Client
):
    document = client.get("/trust/registry.json").json()
    assert document["meta"]["governedBy"] == "did:web:127.0.0.1%3A8000:issuers:nzqa"
    entry = document["registry"][PROVIDER_DID]
    assert entry["name"] == "Southern Skills Academy"
    assert entry["url"] == "http://127.0.0.1:8000/issuers/southern-skills/"
    assert [key["id"] for key in entry["keys"]] == [PROVIDER_DID + "#key-1"]
    assert entry["accreditations"] == [
        {
            "listingNumber": "4321",
            "title": "Introduction to Forklift Operation",
            "versions": [1],
            "from": "2024-03-01",
            "to": None,
            "status": "granted",
            "listingStatus": "current",
        }
    ]


def test_the_registry_changes_when_an_accreditation_ends(
    issued: Organisation, client: Client, quality_assurer
):
    accreditation = Accreditation.objects.get()
    register_services.accreditation_end(
        actor=quality_assurer.user,
        accreditation=accreditation,
        status="withdrawn",
        ended_on=date(2025, 6, 1),
        reason="The provider stopped delivering it.",
    )
    entry = client.get("/trust/registry.json").json()["registry"][PROVIDER_DID]
    assert entry["accreditations"][0]["to"] == "2025-06-01"
    assert entry["accreditations"][0]["status"] == "withdrawn"


def test_the_registry_reads_a_fixed_number_of_queries(
    issued: Organisation, forklift: MicroCredential, client: Client, django_assert_num_queries
):
    with django_assert_num_queries(5):
        client.get("/trust/registry.json")
    for n in range(3):
        other = OrganisationFactory.create(slug=f"other-{n}", org_type=OrganisationType.PTE)
        accredit(other, forklift)
    with django_assert_num_queries(5):
        document = client.get("/trust/registry.json").json()
    assert len(document["registry"]) == 4


def test_each_provider_has_an_endorsement_signed_by_nzqa_that_verifies(
    issued: Organisation, client: Client, node_script: NodeScript
):
    endorsement = fetch_json(
        client, "http://127.0.0.1:8000/trust/endorsements/southern-skills.json"
    )
    assert endorsement["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert endorsement["issuer"]["id"] == "did:web:127.0.0.1%3A8000:issuers:nzqa"
    assert endorsement["credentialSubject"]["id"] == PROVIDER_DID
    assert (
        "4321 Introduction to Forklift Operation: accredited from 1 Mar 2024"
        in (endorsement["credentialSubject"]["endorsementComment"])
    )
    assert verify_credential(endorsement, now=clock.now()).verdict == "verified"
    documents: dict[str, Any] = {
        endorsement["issuer"]["id"]: fetch_json(
            client, "http://127.0.0.1:8000/issuers/nzqa/did.json"
        )
    }
    (verdict,) = node_script("verify.mjs", {"documents": documents, "credentials": [endorsement]})
    assert verdict["verified"] is True, verdict


def test_an_organisation_without_accreditations_has_no_endorsement(nzqa, client: Client, db):
    OrganisationFactory.create(slug="new-pte", org_type=OrganisationType.PTE)
    assert client.get("/trust/endorsements/new-pte.json").status_code == 404
    assert client.get("/trust/endorsements/no-such.json").status_code == 404


def test_verifier_documents_helper_covers_a_credential(issued: Organisation, client: Client):
    from tohu.credentials.models import Credential

    credential = signed(Credential.objects.get())
    documents = verifier_documents(client, [credential])
    urls = {entry["statusListCredential"] for entry in credential["credentialStatus"]}
    assert len(urls) == 2
    assert set(documents) == {PROVIDER_DID, *urls}
