"""Wallet exchanges: a learner's wallet collects their credentials by scanning a QR code.

The VC-API exchange as the Digital Credentials Consortium's Learner Credential Wallet uses it:
the QR code holds a deep link naming the exchange's address (`protocols.vcapi`); the wallet
POSTs to it and is asked for a DIDAuthentication presentation bound to a challenge and to Tohu's
domain; it POSTs that back and receives a presentation holding the credentials. An exchange is
created only for the signed-in learner, is used once, and lasts ten minutes. The services here
are the only writers of `WalletExchange`; each change is audited in its transaction.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from tohu.core import audit, clock
from tohu.core.audit import Actor
from tohu.core.permissions import Action, can, require
from tohu.core.principal import Principal
from tohu.credentials.events import Event
from tohu.credentials.models import (
    EXCHANGE_STATES,
    Credential,
    CredentialState,
    ExchangeState,
    WalletExchange,
)
from tohu.credentials.proof.loader import VC_V2
from tohu.credentials.services.issuing import credential_signed, credentials_create_missing
from tohu.credentials.verification.presentation import PresentationRefused, did_auth_holder
from tohu.learners.models import Learner

EXCHANGE_TTL = timedelta(minutes=10)
MAX_REFUSED_PRESENTATIONS = 5
WALLET_ACTOR = "wallet"


class ExchangeRefused(Exception):
    """Raise when the wallet's request cannot be answered; `status` is the HTTP status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class NewExchange:
    """A new exchange: the token is in its address and the deep link, shown once."""

    exchange: WalletExchange
    token: str

    @property
    def url(self) -> str:
        return exchange_url(self.token)

    @property
    def request(self) -> dict[str, Any]:
        return {"credentialRequestOrigin": settings.SITE_URL, "protocols": {"vcapi": self.url}}

    def deep_link(self, base: str = "https://lcw.app/request.html") -> str:
        """The wallet's deep link: `<base>?request=<the request, as JSON, URL-encoded>`."""
        text = json.dumps(self.request, separators=(",", ":"))
        return f"{base}?request={quote(text, safe='')}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def exchange_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('credentials:exchange', args=[token])}"


def exchange_domain() -> str:
    """The domain a wallet's DID authentication is bound to: Tohu's origin."""
    return settings.SITE_URL


def wallet_exchange_create(
    *, actor: Actor, learner: Learner, credential: Credential | None = None
) -> NewExchange:
    """Create an exchange for the signed-in learner's credentials (one, or all live ones)."""
    require(actor, Action.CREDENTIAL_COLLECT, learner)
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with transaction.atomic():
        exchange = WalletExchange.objects.create(
            token_hash=token_hash(token),
            learner=learner,
            credential=credential,
            challenge=secrets.token_urlsafe(24),
            created_at=now,
            expires_at=now + EXCHANGE_TTL,
        )
        audit.record(
            Event.WALLET_EXCHANGE_CREATED,
            actor=actor,
            subject=exchange,
            detail={
                "credential": credential.credential_id if credential else "all",
                "expires_at": exchange.expires_at,
            },
        )
    return NewExchange(exchange=exchange, token=token)


def _presentation_request(exchange: WalletExchange, token: str) -> dict[str, Any]:
    return {
        "verifiablePresentationRequest": {
            "query": [
                {
                    "type": "DIDAuthentication",
                    "acceptedMethods": [{"method": "key"}],
                    "acceptedCryptosuites": [
                        {"cryptosuite": "Ed25519Signature2020"},
                        {"cryptosuite": "eddsa-rdfc-2022"},
                    ],
                }
            ],
            "challenge": exchange.challenge,
            "domain": exchange_domain(),
            "interact": {
                "service": [
                    {
                        "type": "UnmediatedPresentationService2021",
                        "serviceEndpoint": exchange_url(token),
                    }
                ]
            },
        }
    }


def _offered(exchange: WalletExchange) -> list[dict[str, Any]]:
    """The signed credentials the exchange delivers: the one offered, or every live one."""
    if exchange.credential_id is not None:
        found = Credential.objects.filter(pk=exchange.credential_id, state=CredentialState.ISSUED)
    else:
        credentials_create_missing(nsn=exchange.learner.nsn)
        found = Credential.objects.filter(
            completion__nsn=exchange.learner.nsn, state=CredentialState.ISSUED
        )
    signed = [credential_signed(c) for c in found.order_by("id")]
    return [c.document for c in signed if c.document is not None]


def wallet_exchange_step(token: str, body: Any, *, actor: Principal) -> dict[str, Any]:
    """Answer the wallet: a presentation request to `{}`, the credentials to a presentation
    that authenticates; refuse anything else with ExchangeRefused.

    `actor` is whoever sends the wallet's request (a wallet app is not signed in to Tohu): the
    token in the exchange's address is the capability (`Action.CREDENTIAL_EXCHANGE`), and the
    presentation must authenticate its holder before any credential is given."""
    if not can(actor, Action.CREDENTIAL_EXCHANGE):
        raise ExchangeRefused("You are not allowed to use this exchange.", 403)
    if not isinstance(body, dict):
        raise ExchangeRefused("The body is not a JSON object.", 400)
    refusal: ExchangeRefused | None = None
    with transaction.atomic():
        exchange = (
            WalletExchange.objects.select_for_update()
            .select_related("learner")
            .filter(token_hash=token_hash(token))
            .first()
        )
        if exchange is None:
            raise ExchangeRefused("There is no exchange at this address.", 404)
        if exchange.state == ExchangeState.COMPLETED:
            raise ExchangeRefused("This exchange was used already; start a new one.", 410)
        if exchange.state == ExchangeState.CLOSED:
            raise ExchangeRefused("This exchange was closed; start a new one.", 410)
        if clock.now() >= exchange.expires_at:
            raise ExchangeRefused("This exchange has expired; start a new one.", 410)
        presentation = body.get("verifiablePresentation")
        if presentation is None:
            if EXCHANGE_STATES.allows(exchange.state, ExchangeState.REQUESTED):
                exchange.state = ExchangeState.REQUESTED
                exchange.save(update_fields=["state"])
            return _presentation_request(exchange, token)
        if not EXCHANGE_STATES.allows(exchange.state, ExchangeState.COMPLETED):
            raise ExchangeRefused("Ask first: POST {} for the presentation request.", 400)
        try:
            holder = did_auth_holder(
                presentation, challenge=exchange.challenge, domain=exchange_domain()
            )
        except PresentationRefused as error:
            refusal = ExchangeRefused(f"The presentation was refused: {error}.", 400)
            _record_refusal(exchange, str(error), actor)
        else:
            delivered = _offered(exchange)
            exchange.state, exchange.holder_did = ExchangeState.COMPLETED, holder
            exchange.completed_at = clock.now()
            exchange.save(update_fields=["state", "holder_did", "completed_at"])
            audit.record(
                Event.WALLET_EXCHANGE_COMPLETED,
                actor=actor,
                actor_label=WALLET_ACTOR,
                subject=exchange,
                detail={"holder": holder, "credentials": [c["id"] for c in delivered]},
            )
            return {
                "verifiablePresentation": {
                    "@context": [VC_V2],
                    "type": ["VerifiablePresentation"],
                    "verifiableCredential": delivered,
                }
            }
    assert refusal is not None
    raise refusal


def _record_refusal(exchange: WalletExchange, reason: str, actor: Principal) -> None:
    # kept (the transaction commits): after a few refusals the exchange closes
    exchange.refused_presentations += 1
    if exchange.refused_presentations >= MAX_REFUSED_PRESENTATIONS and EXCHANGE_STATES.allows(
        exchange.state, ExchangeState.CLOSED
    ):
        exchange.state = ExchangeState.CLOSED
    exchange.save(update_fields=["refused_presentations", "state"])
    audit.record(
        Event.WALLET_EXCHANGE_REFUSED,
        actor=actor,
        actor_label=WALLET_ACTOR,
        subject=exchange,
        detail={"reason": reason, "refused": exchange.refused_presentations},
    )
