"""Suspension: the quality assurer suspends a completion's credential while it investigates, and
lifts it. Verifiers (Tohu's and the independent one) see it suspended at once, and current again."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from tests.conftest import Persona
from tests.credentials.conftest import NodeScript
from tests.credentials.helpers import fetch_json, record, signed, verifier_documents
from tohu.achievements.services.records import completion_withdraw
from tohu.core import clock
from tohu.core.errors import InvalidInput, InvalidTransition, NotAllowed
from tohu.core.models import AuditEvent
from tohu.credentials.models import Credential, StatusList, StatusPurpose
from tohu.credentials.services.issuing import (
    credential_reinstate,
    credential_suspend,
    credentials_sweep,
)
from tohu.credentials.verification.verifier import verify_credential
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(learner, provider_org: Organisation, forklift: MicroCredential) -> Credential:
    record(provider_org, f"{learner[1].nsn},2025-05-01")
    credentials_sweep()
    return Credential.objects.get()


def _suspension_url(document: dict) -> str:  # type: ignore[type-arg]
    (entry,) = [e for e in document["credentialStatus"] if e["statusPurpose"] == "suspension"]
    url: str = entry["statusListCredential"]
    return url


def _statuses(node_script: NodeScript, client: Client, document: dict) -> list[bool]:  # type: ignore[type-arg]
    documents = verifier_documents(client, [document])
    (verdict,) = node_script("verify.mjs", {"documents": documents, "credentials": [document]})
    assert verdict["verified"] is True, verdict
    return [s["set"] for s in verdict["statuses"]]


def test_the_quality_assurer_suspends_and_reinstates_and_verifiers_see_it_at_once(
    issued: Credential,
    quality_assurer: Persona,
    learner,
    client: Client,
    node_script: NodeScript,
):
    document = signed(issued)
    assert _statuses(node_script, client, document) == [False, False]
    page = quality_assurer.client.get(
        f"/credentials/completions/{issued.completion_id}/suspension/"
    )
    assert page.status_code == 200
    assert "Suspend the credential" in page.content.decode()
    before = fetch_json(client, _suspension_url(document))

    response = quality_assurer.client.post(
        f"/credentials/completions/{issued.completion_id}/suspension/",
        {"reason": "Investigation INV-2025-14: assessment evidence queried"},
    )
    assert response.status_code == 302
    # the next answer of the status list already has the bit (no cache in the way) ...
    list_response = client.get(_suspension_url(document).removeprefix("http://127.0.0.1:8000"))
    assert list_response["Cache-Control"] == "public, max-age=60"  # ... and caches a minute at most
    assert list_response.json()["proof"] != before["proof"]
    # the independent verifier: signature fine, revocation clear, suspension set
    assert _statuses(node_script, client, document) == [False, True]
    # Tohu's verifier: failed, saying suspended (not revoked)
    result = verify_credential(document, now=clock.now())
    assert result.verdict == "failed"
    status = next(c for c in result.checks if c.id == "status")
    assert status.message == "The issuer has suspended this credential."
    event = AuditEvent.objects.get(event="credential.suspended")
    assert event.actor_id == quality_assurer.user.pk
    assert event.detail["reason"] == "Investigation INV-2025-14: assessment evidence queried"
    # the learner sees it, and so does the quality assurer's list
    assert (
        "Suspended while NZQA looks into it"
        in learner[0].client.get("/credentials/").content.decode()
    )
    listing = quality_assurer.client.get("/credentials/suspended/").content.decode()
    assert "INV-2025-14" in listing

    response = quality_assurer.client.post(
        f"/credentials/completions/{issued.completion_id}/suspension/",
        {"reason": "Investigation INV-2025-14 closed: evidence sound"},
    )
    assert response.status_code == 302
    assert _statuses(node_script, client, document) == [False, False]
    assert verify_credential(document, now=clock.now()).verdict == "verified"
    assert AuditEvent.objects.filter(event="credential.reinstated").count() == 1
    assert "No credential is suspended" in (
        quality_assurer.client.get("/credentials/suspended/").content.decode()
    )


def test_a_suspension_is_visible_within_a_minute_behind_a_cache(
    issued: Credential, quality_assurer: Persona, client: Client
):
    document = signed(issued)
    url = _suspension_url(document).removeprefix("http://127.0.0.1:8000")
    first = client.get(url)
    max_age = int(first["Cache-Control"].split("max-age=")[1])
    assert max_age <= 60
    with time_machine.travel(clock.now(), tick=False):
        credential_suspend(actor=quality_assurer.user, credential=issued, reason="Queried")
        assert client.get(url).json() != first.json()


def test_only_the_quality_assurers_deciders_suspend(
    issued: Credential, provider: Persona, learner, public: Client, qa_manager: Persona
):
    url = f"/credentials/completions/{issued.completion_id}/suspension/"
    for person in (provider.client, learner[0].client):
        assert person.get(url).status_code == 404
        assert person.post(url, {"reason": "x"}).status_code == 404
        assert person.get("/credentials/suspended/").status_code == 404
    assert public.get(url).status_code == 302
    with pytest.raises(NotAllowed):
        credential_suspend(actor=provider.user, credential=issued, reason="x")
    assert not AuditEvent.objects.filter(event="credential.suspended").exists()
    credential_suspend(actor=qa_manager.user, credential=issued, reason="Queried")
    assert Credential.objects.get().suspended_at is not None


def test_a_reason_is_required_and_states_are_kept_straight(
    issued: Credential, quality_assurer: Persona, provider: Persona
):
    with pytest.raises(InvalidInput, match="reason"):
        credential_suspend(actor=quality_assurer.user, credential=issued, reason="   ")
    response = quality_assurer.client.post(
        f"/credentials/completions/{issued.completion_id}/suspension/", {"reason": ""}
    )
    assert response.status_code == 400
    with pytest.raises(InvalidTransition, match="not suspended"):
        credential_reinstate(actor=quality_assurer.user, credential=issued, reason="x")
    credential_suspend(actor=quality_assurer.user, credential=issued, reason="Queried")
    with pytest.raises(InvalidTransition, match="already suspended"):
        credential_suspend(actor=quality_assurer.user, credential=issued, reason="Again")
    completion_withdraw(actor=provider.user, completion=issued.completion, reason="In error")
    credentials_sweep()
    with pytest.raises(InvalidTransition, match="revoked"):
        credential_suspend(
            actor=quality_assurer.user, credential=Credential.objects.get(), reason="x"
        )


def test_a_credential_issued_before_suspension_lists_gets_an_entry_when_suspended(
    issued: Credential, quality_assurer: Persona, learner, client: Client, node_script: NodeScript
):
    # as credentials issued before Tohu suspended any: no suspension entry
    Credential.objects.filter(pk=issued.pk).update(
        suspension_list=None, suspension_index=None, document=None, signed_at=None
    )
    credentials_sweep()
    old_copy = signed(issued)
    assert old_copy["credentialStatus"]["statusPurpose"] == "revocation"
    credential_suspend(actor=quality_assurer.user, credential=issued, reason="Queried")
    issued.refresh_from_db()
    assert issued.suspension_list is not None
    assert issued.suspension_list.purpose == StatusPurpose.SUSPENSION
    # signed again with the entry, same id: that copy shows the suspension
    response = learner[0].client.get(f"/credentials/{issued.uuid}.json")
    new_copy = response.json()
    assert new_copy["id"] == old_copy["id"]
    assert _statuses(node_script, client, new_copy) == [False, True]
    assert StatusList.objects.filter(purpose=StatusPurpose.SUSPENSION).count() == 1
