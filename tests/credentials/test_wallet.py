"""Wallet exchange by QR code (VC-API, as the DCC Learner Credential Wallet uses it), played by a
real wallet-side signer: tests/js/wallet.mjs, on Digital Bazaar's Ed25519Signature2020, did:key
and vc libraries. Replayed, expired, wrongly bound and other learners' exchanges are refused."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from tests.conftest import Persona
from tests.credentials.conftest import NodeScript
from tests.credentials.helpers import local_path, record
from tests.factories import LearnerFactory, UserFactory
from tohu.core import clock
from tohu.core.errors import NotAllowed
from tohu.core.models import AuditEvent
from tohu.credentials.models import Credential, ExchangeState, WalletExchange
from tohu.credentials.services.exchanges import (
    EXCHANGE_TTL,
    MAX_REFUSED_PRESENTATIONS,
    ExchangeRefused,
    NewExchange,
    wallet_exchange_create,
    wallet_exchange_step,
)
from tohu.credentials.services.issuing import credentials_sign_again, credentials_sweep
from tohu.credentials.verification.presentation import PresentationRefused, did_auth_holder
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential

DOMAIN = "http://127.0.0.1:8000"


def _sign(node_script: NodeScript, request: dict[str, Any], **override: Any) -> dict[str, Any]:
    signed: dict[str, Any] = node_script(
        "wallet.mjs", {"action": "sign", "request": request, **override}
    )
    return signed


def test_a_digital_bazaar_ed25519signature2020_did_authentication_verifies(
    node_script: NodeScript,
):
    request = {"challenge": "c-123", "domain": DOMAIN}
    for version in (1.0, 2.0):
        signed = _sign(node_script, request, version=version)
        presentation = signed["presentation"]
        assert presentation["proof"]["type"] == "Ed25519Signature2020"
        assert signed["holder"].startswith("did:key:z6Mk")
        assert did_auth_holder(presentation, challenge="c-123", domain=DOMAIN) == signed["holder"]
    with pytest.raises(PresentationRefused, match="challenge"):
        did_auth_holder(presentation, challenge="c-124", domain=DOMAIN)
    with pytest.raises(PresentationRefused, match="domain"):
        did_auth_holder(presentation, challenge="c-123", domain="https://elsewhere.example")
    changed = copy.deepcopy(presentation)
    changed["proof"]["created"] = "2020-01-01T00:00:00Z"
    with pytest.raises(PresentationRefused, match="signature does not match"):
        did_auth_holder(changed, challenge="c-123", domain=DOMAIN)
    other = _sign(node_script, request)["holder"]
    impostor = copy.deepcopy(presentation)
    impostor["holder"] = other
    with pytest.raises(PresentationRefused, match="not signed by its holder"):
        did_auth_holder(impostor, challenge="c-123", domain=DOMAIN)
    unsigned = {k: v for k, v in presentation.items() if k != "proof"}
    with pytest.raises(PresentationRefused, match="not signed"):
        did_auth_holder(unsigned, challenge="c-123", domain=DOMAIN)


@pytest.fixture
def issued(learner, provider_org: Organisation, forklift: MicroCredential) -> Credential:
    record(provider_org, f"{learner[1].nsn},2025-05-01")
    credentials_sweep()
    return Credential.objects.get()


def _exchange_path(new: NewExchange) -> str:
    return local_path(new.url)


def _post(client: Client, path: str, body: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db(transaction=True)
def test_the_wallet_collects_the_learners_credentials_by_qr_code(
    issued: Credential, learner, live_server: Any, settings: Any, node_script: NodeScript
):
    settings.SITE_URL = live_server.url
    # signed again where the live server is (its DIDs and status lists carry its address)
    credentials_sign_again(nsn=learner[1].nsn)
    credentials_sweep()
    page = learner[0].client.post("/credentials/wallet/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    deep_link = page.context["deep_link"]
    # the deep link: https://lcw.app/request.html?request=<JSON with "protocols": {"vcapi"}>
    parts = urlsplit(deep_link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "lcw.app", "/request.html")
    request = json.loads(parse_qs(parts.query)["request"][0])
    assert request["credentialRequestOrigin"] == live_server.url
    assert request["protocols"]["vcapi"].startswith(f"{live_server.url}/credentials/exchanges/")
    assert page.context["app_link"].startswith("dccrequest://request?request=")

    outcome = node_script("wallet.mjs", {"action": "collect", "deepLink": deep_link})
    vpr = outcome["vpr"]
    assert vpr["query"][0]["type"] == "DIDAuthentication"
    assert vpr["domain"] == live_server.url
    assert outcome["status"] == 200, outcome["answer"]
    received = outcome["answer"]["verifiablePresentation"]["verifiableCredential"]
    issued.refresh_from_db()
    assert received == [issued.document]
    assert [v["verified"] for v in outcome["verdicts"]] == [True], outcome["verdicts"]
    assert [s["set"] for s in outcome["verdicts"][0]["statuses"]] == [False, False]
    exchange = WalletExchange.objects.get()
    assert exchange.state == ExchangeState.COMPLETED
    assert exchange.holder_did == outcome["holder"]
    completed = AuditEvent.objects.get(event="wallet_exchange.completed")
    assert completed.detail == {"holder": outcome["holder"], "credentials": [issued.credential_id]}
    # the wallet is not signed in to Tohu: the step is the wallet's, no person's
    assert (completed.actor_id, completed.actor_label) == (None, "wallet")
    assert AuditEvent.objects.filter(event="wallet_exchange.created").count() == 1

    # replayed: the same signed presentation, to the same exchange, is refused
    exchange_path = urlsplit(request["protocols"]["vcapi"]).path
    replay = _post(Client(), exchange_path, {"verifiablePresentation": outcome["presentation"]})
    assert replay.status_code == 410
    assert "used already" in replay.json()["error"]


@pytest.mark.django_db
def test_wrong_challenge_wrong_domain_replay_and_reuse_are_refused(
    issued: Credential, learner, client: Client, node_script: NodeScript
):
    new = wallet_exchange_create(actor=learner[0].user, learner=learner[1])
    path = _exchange_path(new)
    # a presentation before the request is refused
    early = _sign(node_script, {"challenge": new.exchange.challenge, "domain": DOMAIN})
    assert _post(client, path, {"verifiablePresentation": early["presentation"]}).status_code == 400
    vpr = _post(client, path, {}).json()["verifiablePresentationRequest"]
    assert vpr["challenge"] == new.exchange.challenge
    assert vpr["interact"]["service"][0]["serviceEndpoint"] == new.url
    wrong_challenge = _sign(node_script, vpr, challenge="not-the-challenge")
    answer = _post(client, path, {"verifiablePresentation": wrong_challenge["presentation"]})
    assert answer.status_code == 400
    assert "challenge" in answer.json()["error"]
    wrong_domain = _sign(node_script, vpr, domain="https://phish.example")
    answer = _post(client, path, {"verifiablePresentation": wrong_domain["presentation"]})
    assert answer.status_code == 400
    assert "domain" in answer.json()["error"]
    refused = AuditEvent.objects.filter(event="wallet_exchange.presentation_refused")
    assert [e.detail["refused"] for e in refused.order_by("sequence")] == [1, 2]
    assert {(e.actor_id, e.actor_label) for e in refused} == {(None, "wallet")}
    # a presentation made for another exchange (its challenge) does not open this one
    other = wallet_exchange_create(actor=learner[0].user, learner=learner[1])
    for_other = _sign(node_script, {"challenge": other.exchange.challenge, "domain": DOMAIN})
    assert (
        _post(client, path, {"verifiablePresentation": for_other["presentation"]}).status_code
        == 400
    )

    good = _sign(node_script, vpr)
    answer = _post(client, path, {"verifiablePresentation": good["presentation"]})
    assert answer.status_code == 200, answer.json()
    assert answer["Cache-Control"] == "private, no-store"
    (delivered,) = answer.json()["verifiablePresentation"]["verifiableCredential"]
    assert delivered["id"] == issued.credential_id
    # single use: replayed, or asked again, it is gone
    assert _post(client, path, {"verifiablePresentation": good["presentation"]}).status_code == 410
    assert _post(client, path, {}).status_code == 410


@pytest.mark.django_db
def test_each_step_of_an_exchange_is_checked_through_can(issued: Credential, learner) -> None:
    new = wallet_exchange_create(actor=learner[0].user, learner=learner[1])
    # an account that was deactivated may do nothing, not even hold an exchange's address
    deactivated = learner[0].user
    deactivated.is_active = False
    with pytest.raises(ExchangeRefused) as refused:
        wallet_exchange_step(new.token, {}, actor=deactivated)
    assert (refused.value.status, refused.value.message) == (
        403,
        "You are not allowed to use this exchange.",
    )
    assert WalletExchange.objects.get().state == ExchangeState.CREATED
    # a wallet (not signed in) holding the address is asked to authenticate
    answer = wallet_exchange_step(new.token, {}, actor=AnonymousUser())
    assert answer["verifiablePresentationRequest"]["challenge"] == new.exchange.challenge
    assert WalletExchange.objects.get().state == ExchangeState.REQUESTED


@pytest.mark.django_db
def test_an_expired_exchange_is_refused(issued: Credential, learner, client: Client, node_script):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        new = wallet_exchange_create(actor=learner[0].user, learner=learner[1])
        path = _exchange_path(new)
        vpr = _post(client, path, {}).json()["verifiablePresentationRequest"]
        signed = _sign(node_script, vpr)
        traveller.shift(EXCHANGE_TTL + timedelta(seconds=1))
        answer = _post(client, path, {"verifiablePresentation": signed["presentation"]})
    assert answer.status_code == 410
    assert "expired" in answer.json()["error"]
    assert WalletExchange.objects.get().state == ExchangeState.REQUESTED
    assert not AuditEvent.objects.filter(event="wallet_exchange.completed").exists()


@pytest.mark.django_db
def test_an_exchange_is_only_the_signed_in_learners_and_gives_only_their_credentials(
    issued: Credential, learner, provider: Persona, client: Client, node_script: NodeScript
):
    other = UserFactory.create(username="other-learner")
    someone = LearnerFactory.create(nsn="0087654321", user=other)
    other_client = Client()
    other_client.force_login(other)
    # another learner cannot start an exchange for this learner's credential ...
    answer = other_client.post("/credentials/wallet/", {"credential": str(issued.uuid)})
    assert answer.status_code == 404
    with pytest.raises(NotAllowed):
        wallet_exchange_create(actor=other, learner=learner[1])
    with pytest.raises(NotAllowed):
        wallet_exchange_create(actor=provider.user, learner=learner[1])
    assert provider.client.post("/credentials/wallet/").status_code == 404
    assert Client().post("/credentials/wallet/").status_code == 302
    assert not WalletExchange.objects.exists()
    # ... and the other learner's own exchange delivers none of this learner's credentials
    mine = wallet_exchange_create(actor=other, learner=someone)
    path = _exchange_path(mine)
    vpr = _post(client, path, {}).json()["verifiablePresentationRequest"]
    answer = _post(
        client, path, {"verifiablePresentation": _sign(node_script, vpr)["presentation"]}
    )
    assert answer.json()["verifiablePresentation"]["verifiableCredential"] == []


@pytest.mark.django_db
def test_an_exchange_closes_after_repeated_refusals(issued: Credential, learner, client: Client):
    new = wallet_exchange_create(actor=learner[0].user, learner=learner[1])
    path = _exchange_path(new)
    _post(client, path, {})
    for _ in range(MAX_REFUSED_PRESENTATIONS):
        assert _post(client, path, {"verifiablePresentation": {"type": "x"}}).status_code == 400
    assert _post(client, path, {}).status_code == 410
    assert WalletExchange.objects.get().state == ExchangeState.CLOSED


@pytest.mark.django_db
def test_the_exchange_address_answers_only_posts_of_json(client: Client, learner, issued):
    new = wallet_exchange_create(actor=learner[0].user, learner=learner[1])
    path = _exchange_path(new)
    assert client.get(path).status_code == 405
    bad = client.post(path, data=b"{not json", content_type="application/json")
    assert bad.status_code == 400
    assert "not JSON" in bad.json()["error"]
    assert client.post(path + "x", data=b"{}", content_type="application/json").status_code == 404
