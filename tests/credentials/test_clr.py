"""The learner's whole record as one CLR 2.0 ClrCredential signed by NZQA: downloaded from the
credentials page, accepted by the independent verifier and by Tohu's, tamper-evident."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import Client

from tests.achievements.conftest import HEADER, csv_bytes, import_file
from tests.credentials.conftest import NodeScript
from tests.credentials.helpers import fetch_json, record, verifier_documents
from tests.factories import accredit, listed_micro_credential
from tohu.achievements.services.records import completion_withdraw
from tohu.core import clock
from tohu.credentials.models import Credential
from tohu.credentials.proof.loader import CLR_V2P0, shipped_contexts
from tohu.credentials.services.issuing import credentials_sweep
from tohu.credentials.verification.verifier import verify_credential
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential

pytestmark = pytest.mark.django_db
NZQA_DID = "did:web:127.0.0.1%3A8000:issuers:nzqa"


@pytest.fixture
def two_credentials(nzqa, learner, provider_org: Organisation, isb, forklift: MicroCredential):
    record(provider_org, f"{learner[1].nsn},2025-05-01")
    accredit(provider_org, listed_micro_credential(developer=isb, listing_number="8001"))
    import_file(provider_org, csv_bytes(HEADER, f"{learner[1].nsn},8001,2025-05-02"))
    return learner


def _download(learner) -> dict[str, Any]:
    response = learner[0].client.get("/credentials/record.clr.json")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/vc+ld+json")
    assert "no-store" in response["Cache-Control"]
    document: dict[str, Any] = json.loads(response.content)
    return document


def _documents(client: Client, clr: dict[str, Any]) -> dict[str, Any]:
    inner = clr["credentialSubject"]["verifiableCredential"]
    documents = verifier_documents(client, inner)
    documents[NZQA_DID] = fetch_json(client, "http://127.0.0.1:8000/issuers/nzqa/did.json")
    return documents


def test_the_record_is_one_clr_signed_by_nzqa_holding_each_credential(two_credentials):
    clr = _download(two_credentials)
    assert clr["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert clr["type"] == ["VerifiableCredential", "ClrCredential"]
    assert clr["issuer"]["id"] == NZQA_DID
    assert clr["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert clr["proof"]["verificationMethod"].startswith(NZQA_DID + "#key-")
    subject = clr["credentialSubject"]
    assert subject["type"] == ["ClrSubject"]
    inner = subject["verifiableCredential"]
    # exactly the provider-signed credentials the learner has, unchanged
    stored = {c.credential_id: c.document for c in Credential.objects.all()}
    assert len(inner) == 2
    assert {c["id"]: c for c in inner} == stored
    # no NSN in clear and no date of birth
    text = json.dumps(clr)
    assert two_credentials[1].nsn not in text
    assert "birth" not in text.lower()
    assert subject["identifier"][0]["hashed"] is True
    assert subject["identifier"][1]["identityHash"] == two_credentials[1].full_name


def test_the_independent_verifier_accepts_the_record_and_each_credential_in_it(
    two_credentials, client: Client, node_script: NodeScript
):
    clr = _download(two_credentials)
    documents = _documents(client, clr)
    inner = clr["credentialSubject"]["verifiableCredential"]
    verdicts = node_script("verify.mjs", {"documents": documents, "credentials": [clr, *inner]})
    assert [v["verified"] for v in verdicts] == [True, True, True], verdicts


def test_a_changed_record_is_rejected_by_both_verifiers(
    two_credentials, client: Client, node_script: NodeScript
):
    clr = _download(two_credentials)
    documents = _documents(client, clr)
    tampered = copy.deepcopy(clr)
    # dropping a credential from the record (say, a bad result) breaks NZQA's signature
    tampered["credentialSubject"]["verifiableCredential"].pop()
    (verdict,) = node_script("verify.mjs", {"documents": documents, "credentials": [tampered]})
    assert verdict["verified"] is False
    result = verify_credential(tampered, now=clock.now())
    assert result.verdict == "failed"
    assert "changed" in next(c.message for c in result.checks if c.id == "proof")


def test_tohu_verifies_the_record_and_reports_the_credentials_inside(two_credentials):
    clr = _download(two_credentials)
    result = verify_credential(clr, now=clock.now())
    assert result.verdict == "verified", result.checks
    contents = next(c for c in result.checks if c.id == "contents")
    assert "2 credentials" in contents.message


def test_a_credential_inside_that_was_revoked_makes_the_record_fail(two_credentials, provider):
    clr = _download(two_credentials)
    completion = Credential.objects.order_by("id")[0].completion
    completion_withdraw(actor=provider.user, completion=completion, reason="Reported in error")
    credentials_sweep()
    result = verify_credential(clr, now=clock.now())
    assert result.verdict == "failed"
    contents = next(c for c in result.checks if c.id == "contents")
    assert "revoked" in contents.message


def test_the_record_is_only_the_learners_own(two_credentials, provider, public: Client):
    assert public.get("/credentials/record.clr.json").status_code == 302
    # someone signed in who is not a learner has no record
    assert provider.client.get("/credentials/record.clr.json").status_code == 404


def test_a_learner_without_credentials_is_told_there_is_no_record(nzqa, learner):
    response = learner[0].client.get("/credentials/record.clr.json")
    assert response.status_code == 404


def test_the_clr_context_is_the_one_1edtech_publishes():
    context = shipped_contexts()[CLR_V2P0]
    terms = context["@context"]
    assert set(terms) >= {"ClrCredential", "ClrSubject", "Association"}
    subject = terms["ClrSubject"]["@context"]
    assert subject["verifiableCredential"]["@container"] == "@set"
