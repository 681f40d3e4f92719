"""Every recorded completion gets a signed Open Badges 3.0 credential, revoked and re-issued
when the record is corrected; the independent JavaScript verifier agrees at each step."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from django.test import Client

from tests.conftest import Persona
from tests.credentials.conftest import NodeScript
from tests.credentials.helpers import record, signed, verifier_documents
from tohu.achievements.models import Completion
from tohu.achievements.services import records
from tohu.credentials import status
from tohu.credentials.documents import nsn_hash
from tohu.credentials.models import STATUS_LIST_SIZE, Credential, CredentialState, IssuerKey
from tohu.credentials.services.issuing import credentials_sweep
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential

pytestmark = pytest.mark.django_db


def test_each_recorded_completion_gets_one_signed_credential(
    provider_org: Organisation, forklift: MicroCredential, learners: list[Learner]
):
    completions = record(provider_org, "0000012345,2025-05-01", "0000067890,2025-05-02")
    done = credentials_sweep()
    assert done == {"revoked": 0, "created": 2, "signed": 2}
    assert credentials_sweep() == {"revoked": 0, "created": 0, "signed": 0}
    credentials = list(Credential.objects.order_by("completion_id"))
    assert [c.completion_id for c in credentials] == [c.pk for c in completions]
    assert IssuerKey.objects.filter(organisation=provider_org).count() == 1
    assert all(c.document is not None and c.key is not None for c in credentials)


def test_the_credential_says_what_the_issue_asks_and_no_nsn_in_clear(
    provider_org: Organisation, forklift: MicroCredential, learners: list[Learner]
):
    record(provider_org, "0000012345,2025-05-01")
    credentials_sweep()
    credential = Credential.objects.get()
    document = signed(credential)
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["validFrom"] == "2025-05-01T00:00:00+12:00"
    assert document["awardedDate"] == document["validFrom"]
    assert document["issuer"]["id"] == "did:web:127.0.0.1%3A8000:issuers:southern-skills"
    proof = document["proof"]
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == document["issuer"]["id"] + "#key-1"
    assert proof["created"].endswith("Z")
    subject = document["credentialSubject"]
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["inLanguage"] == "en-NZ"
    assert achievement["id"].endswith(
        f"/micro-credentials/{forklift.listing_number}/versions/1/achievement.json"
    )
    assert achievement["alignment"][0]["targetType"] == "ext:QualificationsFrameworkLevel"
    hashed, name = subject["identifier"]
    assert hashed["hashed"] is True
    assert hashed["identityHash"] == nsn_hash("0000012345", hashed["salt"])
    assert name == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": False,
        "identityHash": "Mere Ānahera Ngātā",
    }
    text = str(document)
    assert "0000012345" not in text
    assert "1999" not in text
    revocation, suspension = document["credentialStatus"]
    for entry, purpose in ((revocation, "revocation"), (suspension, "suspension")):
        assert entry["type"] == "BitstringStatusListEntry"
        assert entry["statusPurpose"] == purpose
        assert 0 <= int(entry["statusListIndex"]) < STATUS_LIST_SIZE
        assert entry["statusListCredential"].endswith(f"/status/{purpose}/1")


def test_status_indexes_are_random_and_unique(
    provider_org: Organisation, forklift: MicroCredential, learners: list[Learner]
):
    record(provider_org, "0000012345,2025-05-01", "0000067890,2025-05-02", "123456789,2025-05-03")
    credentials_sweep()
    indexes = sorted(Credential.objects.values_list("status_index", flat=True))
    assert len(set(indexes)) == 3
    assert indexes != [0, 1, 2]


def _correct(provider: Persona, completion: Completion, day: date) -> Completion:
    return records.completion_correct(
        actor=provider.user,
        completion=completion,
        date_of_achievement=day,
        reason="The provider typed the wrong day.",
    )


def test_a_correction_revokes_the_old_credential_and_issues_one_that_names_it(
    provider: Persona, forklift: MicroCredential, learners: list[Learner], client: Client
):
    assert provider.organisation is not None
    (completion,) = record(provider.organisation, "0000012345,2025-05-01")
    credentials_sweep()
    old = Credential.objects.get()
    new_completion = _correct(provider, completion, date(2025, 5, 3))
    assert credentials_sweep() == {"revoked": 1, "created": 1, "signed": 1}
    old.refresh_from_db()
    assert old.state == CredentialState.REVOKED
    assert status.bit(old.status_list.bits, old.status_index)
    new = Credential.objects.get(completion=new_completion)
    assert new.replaces == old
    assert old.credential_id in signed(new)["description"]


def test_the_independent_verifier_accepts_then_sees_revocation_and_rejects_tampering(
    provider: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
    client: Client,
    node_script: NodeScript,
):
    assert provider.organisation is not None
    (completion,) = record(provider.organisation, "0000012345,2025-05-01")
    credentials_sweep()
    original = signed(Credential.objects.get())
    tampered = copy.deepcopy(original)
    tampered["credentialSubject"]["creditsEarned"] = 40
    documents = verifier_documents(client, [original])
    verdicts = node_script(
        "verify.mjs", {"documents": documents, "credentials": [original, tampered]}
    )
    assert verdicts[0] == {
        "verified": True,
        "errors": [],
        "statuses": [
            {"purpose": "revocation", "set": False, "verified": True},
            {"purpose": "suspension", "set": False, "verified": True},
        ],
    }
    assert verdicts[1]["verified"] is False
    assert "Invalid signature." in verdicts[1]["errors"]

    _correct(provider, completion, date(2025, 5, 3))
    credentials_sweep()
    replacement = signed(Credential.objects.get(state=CredentialState.ISSUED))
    documents = verifier_documents(client, [original, replacement])
    verdicts = node_script(
        "verify.mjs", {"documents": documents, "credentials": [original, replacement]}
    )
    assert verdicts[0]["statuses"] == [
        {"purpose": "revocation", "set": True, "verified": True},
        {"purpose": "suspension", "set": False, "verified": True},
    ]
    assert verdicts[1]["verified"] is True
    assert verdicts[1]["statuses"][0]["set"] is False
