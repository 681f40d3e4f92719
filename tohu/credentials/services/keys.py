"""Issuers' keys: created on first need (custodial, no set-up by the provider), rotated, retired.

Each is one transaction with its audit event. Retiring a compromised key removes it from the DID
document, revokes every credential it signed and issues a replacement for each.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.db.models import Max

from tohu.core import audit, clock
from tohu.core.permissions import Action, require
from tohu.core.principal import SYSTEM, Principal
from tohu.credentials import keys
from tohu.credentials.events import Event
from tohu.credentials.models import KEY_STATES, IssuerKey, KeyStatus
from tohu.credentials.proof.multikey import public_key_multibase
from tohu.organisations.models import Organisation


def _new_key(organisation: Organisation) -> IssuerKey:
    private_key = Ed25519PrivateKey.generate()
    multibase = public_key_multibase(private_key.public_key())
    last = IssuerKey.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"]
    return IssuerKey.objects.create(
        organisation=organisation,
        number=(last or 0) + 1,
        public_key_multibase=multibase,
        private_key_encrypted=keys.encrypt_private_key(private_key, public_key_multibase=multibase),
        created_at=clock.now(),
    )


def _lock_organisation(organisation: Organisation) -> None:
    # one writer of an organisation's keys at a time: a second "create" finds the first's key
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def issuer_key_active(
    *, organisation: Organisation, actor: Principal = SYSTEM, actor_label: str = "credentials"
) -> IssuerKey:
    """Return the organisation's signing key, generating its first one if it has none (the
    system does, when it first signs for the organisation)."""
    found = IssuerKey.objects.filter(organisation=organisation, status=KeyStatus.ACTIVE).first()
    if found is not None:
        return found
    with transaction.atomic():
        _lock_organisation(organisation)
        found = IssuerKey.objects.filter(organisation=organisation, status=KeyStatus.ACTIVE).first()
        if found is not None:
            return found
        key = _new_key(organisation)
        audit.record(
            Event.ISSUER_KEY_CREATED,
            actor=actor,
            actor_label=actor_label,
            subject=key,
            detail={
                "organisation": organisation.slug,
                "key": key.fragment,
                "public_key": key.public_key_multibase,
            },
        )
    return key


def issuer_key_rotate(
    *, organisation: Organisation, actor: Principal, actor_label: str = "tohu keys rotate"
) -> IssuerKey:
    """Sign with a new key from now on; the old one is retired but stays in the DID document.
    Only the operator's command may (`Action.ISSUER_KEY_MANAGE`)."""
    require(actor, Action.ISSUER_KEY_MANAGE, organisation)
    with transaction.atomic():
        _lock_organisation(organisation)
        now = clock.now()
        retiring = KEY_STATES.sources(KeyStatus.RETIRED, by="issuer_key_rotate")
        old = list(IssuerKey.objects.filter(organisation=organisation, status__in=retiring))
        IssuerKey.objects.filter(pk__in=[key.pk for key in old], status__in=retiring).update(
            status=KeyStatus.RETIRED, retired_at=now
        )
        key = _new_key(organisation)
        audit.record(
            Event.ISSUER_KEY_ROTATED,
            actor=actor,
            actor_label=actor_label,
            subject=key,
            detail={
                "organisation": organisation.slug,
                "key": key.fragment,
                "retired": [k.fragment for k in old],
                "public_key": key.public_key_multibase,
            },
        )
    for retired in old:
        keys.forget(retired.public_key_multibase)
    return key
