"""The verifier: every check in plain words, "verified" only when every check passed."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import Persona
from tests.credentials.conftest import NodeScript
from tests.credentials.helpers import record, signed
from tests.credentials.servers import answer, localhost_certificate, serving
from tohu.achievements.services import records
from tohu.core import clock
from tohu.credentials.models import Credential, CredentialState
from tohu.credentials.proof import eddsa, multikey
from tohu.credentials.services.issuing import credentials_sweep
from tohu.credentials.verification.fetch import Fetcher
from tohu.credentials.verification.resolver import Resolver
from tohu.credentials.verification.verifier import verify_credential
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register.models import Accreditation, MicroCredential

pytestmark = pytest.mark.django_db
VERIFY_API = "/api/v1/credentials/verify"


@pytest.fixture
def credential(provider_org: Organisation, forklift: MicroCredential, learners: list[Learner]):
    record(provider_org, "0000012345,2025-05-01")
    credentials_sweep()
    return signed(Credential.objects.get())


def outcomes(result: Any) -> dict[str, str]:
    return {check.id: check.outcome.value for check in result.checks}


def test_a_tohu_credential_passes_every_check(credential: dict[str, Any]):
    result = verify_credential(credential, now=clock.now())
    assert outcomes(result) == {
        "format": "passed",
        "proof": "passed",
        "issuer": "passed",
        "status": "passed",
        "dates": "passed",
        "accreditation": "passed",
    }
    assert result.verdict == "verified"
    messages = {check.id: check.message for check in result.checks}
    assert messages["accreditation"] == (
        "Southern Skills Academy was accredited for 4321 on 1 May 2025, the date of award; "
        "the listing was current then."
    )
    assert messages["status"] == "Not revoked and not suspended: it is current."


def test_a_changed_credential_fails_its_signature(credential: dict[str, Any]):
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["creditsEarned"] = 40
    result = verify_credential(tampered, now=clock.now())
    assert outcomes(result)["proof"] == "failed"
    assert result.verdict == "failed"


def test_a_corrected_record_shows_its_old_credential_revoked(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
):
    assert provider.organisation is not None
    (completion,) = record(provider.organisation, "0000012345,2025-05-01")
    credentials_sweep()
    old = signed(Credential.objects.get())
    records.completion_correct(
        actor=provider.user,
        completion=completion,
        date_of_achievement=date(2025, 5, 2),
        reason="Wrong day.",
    )
    credentials_sweep()
    result = verify_credential(old, now=clock.now())
    assert outcomes(result)["status"] == "failed"
    assert "The issuer has revoked this credential." in [c.message for c in result.checks]
    new = signed(Credential.objects.get(state=CredentialState.ISSUED))
    assert verify_credential(new, now=clock.now()).verdict == "verified"


def test_an_award_outside_the_accreditation_fails_the_trust_registry_check(
    credential: dict[str, Any],
):
    Accreditation.objects.update(granted_on=date(2025, 5, 10))
    result = verify_credential(credential, now=clock.now())
    assert outcomes(result)["accreditation"] == "failed"
    assert "was not accredited to award 4321 on 1 May 2025" in str(result.as_vc_api()["errors"])


def test_a_credential_not_yet_valid_fails_its_dates(credential: dict[str, Any]):
    result = verify_credential(credential, now=clock.now().replace(year=2024))
    assert outcomes(result)["dates"] == "failed"


def _did_key_credential() -> dict[str, Any]:
    private_key = Ed25519PrivateKey.generate()
    did = multikey.did_key(private_key.public_key())
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:5f1e4c2a-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential"],
        "issuer": did,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    return eddsa.sign(
        document,
        private_key=private_key,
        verification_method=f"{did}#{did.removeprefix('did:key:')}",
        created="2025-01-01T00:00:00Z",
    )


def test_another_issuers_did_key_credential_is_checked_but_never_called_verified(db):
    result = verify_credential(_did_key_credential(), now=clock.now())
    assert outcomes(result) == {
        "format": "passed",
        "proof": "passed",
        "issuer": "passed",
        "status": "passed",
        "dates": "passed",
        "accreditation": "not_checked",
    }
    assert result.verdict == "incomplete"
    assert result.as_vc_api()["verified"] is False


def test_an_issuer_whose_did_web_cannot_be_fetched_is_a_check_not_made(credential: dict[str, Any]):
    other = copy.deepcopy(credential)
    other["issuer"]["id"] = "did:web:127.0.0.1%3A9:issuers:elsewhere"
    result = verify_credential(other, now=clock.now())
    checks = {check.id: check for check in result.checks}
    assert checks["issuer"].outcome.value == "not_checked"
    assert "inside a network" in checks["issuer"].message
    assert result.verdict != "verified"


def test_a_did_web_issuer_elsewhere_is_resolved_over_https(db, tmp_path: Path):
    private_key = Ed25519PrivateKey.generate()
    multibase = multikey.public_key_multibase(private_key.public_key())
    server_tls, client_tls = localhost_certificate(tmp_path)
    routes: dict[str, Any] = {}
    with serving(routes, tls=server_tls) as port:
        did = f"did:web:localhost%3A{port}:issuers:other"
        routes["/issuers/other/did.json"] = answer(
            json.dumps(
                {
                    "@context": [
                        "https://www.w3.org/ns/did/v1",
                        "https://w3id.org/security/multikey/v1",
                    ],
                    "id": did,
                    "verificationMethod": [
                        {
                            "id": f"{did}#key-1",
                            "type": "Multikey",
                            "controller": did,
                            "publicKeyMultibase": multibase,
                        }
                    ],
                    "assertionMethod": [f"{did}#key-1"],
                }
            ).encode()
        )
        document = {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": did,
            "credentialSubject": {"id": "did:example:learner"},
        }
        credential = eddsa.sign(
            document,
            private_key=private_key,
            verification_method=f"{did}#key-1",
            created="2025-01-01T00:00:00Z",
        )
        resolver = Resolver(Fetcher(allow_loopback=True, tls=client_tls))
        result = verify_credential(credential, now=clock.now(), resolver=resolver)
    assert outcomes(result)["proof"] == "passed"
    assert outcomes(result)["accreditation"] == "not_checked"


def test_something_that_is_not_a_credential_says_so(db):
    for thing in ([1, 2], {"@context": "https://example.org", "type": "X"}):
        result = verify_credential(thing, now=clock.now())
        assert [check.outcome.value for check in result.checks] == ["failed"]


def test_the_api_answers_in_the_vc_api_shape(credential: dict[str, Any], client: Client):
    response = client.post(
        VERIFY_API, {"verifiableCredential": credential}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["verified"] is True
    assert body["checks"] == ["format", "proof", "issuer", "status", "dates", "accreditation"]
    assert body["errors"] == []
    assert body["warnings"] == []
    assert body["credential"]["listing_number"] == "4321"


def test_the_api_refuses_a_request_without_a_credential(client: Client):
    response = client.post(VERIFY_API, {"credential": {}}, content_type="application/json")
    assert response.status_code == 400
    assert "verifiableCredential" in response.json()["detail"]


def test_the_verify_endpoint_is_in_the_openapi_document(client: Client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"][VERIFY_API]["post"]
    assert operation["operationId"] == "credentials_verify"
    assert "VerifyOut" in json.dumps(operation["responses"]["200"])


def test_the_verify_page_checks_a_pasted_credential(credential: dict[str, Any], client: Client):
    response = client.post("/verify/", {"credential": json.dumps(credential)})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Verified: every check passed." in text
    assert "Accreditation (NZQA trust registry): passed" in text


def test_the_verify_page_checks_an_uploaded_file(credential: dict[str, Any], client: Client):
    upload = SimpleUploadedFile("credential.json", json.dumps(credential).encode())
    response = client.post("/verify/", {"file": upload})
    assert "Verified: every check passed." in response.content.decode()


def test_the_verify_page_says_where_pasted_text_is_not_json(client: Client, db):
    response = client.post("/verify/", {"credential": '{"a": 1,\n "b": }'})
    text = response.content.decode()
    assert "This is not JSON: Expecting value at line 2, column 7." in text


def test_the_qr_code_address_opens_the_credential_by_its_identifier(
    credential: dict[str, Any], client: Client
):
    response = client.get("/verify/", {"credential": credential["id"]})
    assert "Verified: every check passed." in response.content.decode()
    response = client.get(
        "/verify/", {"credential": "urn:uuid:00000000-0000-4000-8000-000000000000"}
    )
    assert "No credential on this register has that identifier." in response.content.decode()


def test_an_open_badge_signed_with_ed25519signature2020_by_another_issuer_is_checked(
    db, node_script: NodeScript
):
    # as Digital Credentials Consortium issuers sign: VC 1.1 or 2.0, OB 3.0, did:key, 2020 suite
    credential = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://w3id.org/security/suites/ed25519-2020/v1",
        ],
        "id": "urn:uuid:5f1e4c2a-0000-4000-8000-000000000002",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Example badge",
        "issuer": {"type": ["Profile"], "name": "Another university"},
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.org/achievements/1",
                "type": ["Achievement"],
                "name": "Example",
                "criteria": {"narrative": "Did it."},
            },
        },
    }
    signed_elsewhere = node_script("wallet.mjs", {"action": "issue", "credential": credential})
    assert signed_elsewhere["proof"]["type"] == "Ed25519Signature2020"
    result = verify_credential(signed_elsewhere, now=clock.now())
    assert outcomes(result)["proof"] == "passed", result.checks
    assert outcomes(result)["issuer"] == "passed"
    assert result.verdict == "incomplete"  # Tohu cannot say it was accredited
    changed = copy.deepcopy(signed_elsewhere)
    changed["credentialSubject"]["achievement"]["name"] = "Something grander"
    result = verify_credential(changed, now=clock.now())
    assert outcomes(result)["proof"] == "failed"
    assert result.verdict == "failed"
