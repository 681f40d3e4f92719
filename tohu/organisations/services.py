"""Changes to organisations, memberships and API keys."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from tohu.core import audit, clock
from tohu.core.errors import DomainError, InvalidTransition, NotFound
from tohu.core.permissions import Action, require
from tohu.core.principal import Principal, Scope
from tohu.organisations.events import Event
from tohu.organisations.models import (
    ApiKey,
    Membership,
    Organisation,
    OrganisationType,
    nzbn_problem,
)
from tohu.register import services as register_services

API_KEY_PREFIX = "tohu"


def organisation_create(
    *,
    actor: audit.Actor,
    name: str,
    org_type: str,
    name_mi: str = "",
    moe_number: str = "",
    nzbn: str = "",
    slug: str = "",
    email: str = "",
    website: str = "",
    active_from: date | None = None,
    active_until: date | None = None,
) -> Organisation:
    """Add an organisation; its MoE provider number and NZBN, when given, are well formed and
    unique."""
    if org_type not in OrganisationType.values:
        raise DomainError(
            gettext("%(org_type)s is not an organisation type.") % {"org_type": repr(org_type)},
            field="org_type",
        )
    if moe_number and not moe_number.isdigit():
        raise DomainError(gettext("The MoE provider number is digits only."), field="moe_number")
    nzbn = nzbn.strip()
    if nzbn and (problem := nzbn_problem(nzbn)):
        raise DomainError(problem, field="nzbn")
    with transaction.atomic():
        if moe_number and Organisation.objects.filter(moe_number=moe_number).exists():
            raise DomainError(
                gettext("MoE provider number %(moe_number)s is taken.")
                % {"moe_number": moe_number},
                field="moe_number",
            )
        _check_nzbn_free(nzbn)
        organisation = Organisation.objects.create(
            slug=slug or slugify(name)[:80],
            name=name,
            name_mi=name_mi,
            org_type=org_type,
            moe_number=moe_number,
            nzbn=nzbn,
            email=email,
            website=website,
            active_from=active_from,
            active_until=active_until,
        )
        audit.record(
            Event.ORGANISATION_CREATED,
            actor=actor,
            subject=organisation,
            detail={
                "name": name,
                "type": org_type,
                "moe_number": moe_number,
                "nzbn": nzbn,
                "active_from": active_from,
                "active_until": active_until,
            },
        )
    return organisation


def _check_nzbn_free(nzbn: str, *, other_than: int | None = None) -> None:
    if not nzbn:
        return
    taken = Organisation.objects.filter(nzbn=nzbn)
    if other_than is not None:
        taken = taken.exclude(pk=other_than)
    if taken.exists():
        raise DomainError(
            gettext("NZBN %(nzbn)s is another organisation's.") % {"nzbn": nzbn}, field="nzbn"
        )


def organisation_nzbn_set(
    *, actor: Principal, organisation: Organisation, nzbn: str, actor_label: str | None = None
) -> Organisation:
    """Record (or, with "", clear) the organisation's NZBN; it is checked and unique. Only the
    operator's command sets it (`Action.ORGANISATION_SET_NZBN`)."""
    require(actor, Action.ORGANISATION_SET_NZBN, organisation)
    nzbn = nzbn.strip()
    if nzbn and (problem := nzbn_problem(nzbn)):
        raise DomainError(problem, field="nzbn")
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _check_nzbn_free(nzbn, other_than=locked.pk)
        previous = locked.nzbn
        locked.nzbn = nzbn
        locked.save(update_fields=["nzbn"])
        # the NZBN is in the register's documents (the organisation's CTDL identifier)
        register_services.organisation_shown_changed(locked)
        audit.record(
            Event.ORGANISATION_NZBN_SET,
            actor=actor,
            actor_label=actor_label,
            subject=locked,
            detail={"organisation": locked.slug, "nzbn": nzbn, "previous": previous},
        )
    return locked


def membership_add(
    *, actor: audit.Actor, organisation: Organisation, user: AbstractBaseUser, role: str
) -> Membership:
    """Give a person a role at an organisation."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            organisation=organisation, user_id=user.pk, role=role
        )
        if created:
            audit.record(
                Event.MEMBERSHIP_CREATED,
                actor=actor,
                subject=membership,
                detail={
                    "user": user.get_username(),
                    "organisation": organisation.slug,
                    "role": role,
                },
            )
    return membership


def _hash_key(plaintext: str) -> str:
    # keys are 256-bit random: a fast hash is enough, and keeps every API request cheap
    return hashlib.sha256(plaintext.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    """A new key: `plaintext` is shown once and never stored."""

    api_key: ApiKey
    plaintext: str


def _checked_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    unknown = [s for s in chosen if s not in Scope.__members__.values()]
    if unknown:
        raise DomainError(
            gettext("%(join)s is not a scope.") % {"join": ", ".join(unknown)}, field="scopes"
        )
    if not chosen:
        raise DomainError(gettext("Choose at least one thing the key may do."), field="scopes")
    return chosen


def api_key_create(
    *,
    actor: AbstractBaseUser,
    organisation: Organisation,
    name: str,
    scopes: Iterable[str],
    expires_on: date | None = None,
) -> IssuedKey:
    """Issue an API key for the organisation with the scopes chosen; only its hash is kept."""
    require(actor, Action.ORGANISATION_MANAGE_KEYS, organisation)
    if not name.strip():
        raise DomainError(gettext("Name the key after what will use it."), field="name")
    chosen = _checked_scopes(scopes)
    if expires_on is not None and expires_on < clock.today():
        raise DomainError(
            gettext("The expiry date has passed; choose a later one."), field="expires_on"
        )
    prefix = secrets.token_hex(4)
    plaintext = f"{API_KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        api_key = ApiKey.objects.create(
            organisation=organisation,
            name=name.strip(),
            prefix=prefix,
            key_hash=_hash_key(plaintext),
            created_by_id=actor.pk,
            scopes=chosen,
            expires_on=expires_on,
        )
        audit.record(
            Event.API_KEY_CREATED,
            actor=actor,
            subject=api_key,
            detail={
                "organisation": organisation.slug,
                "name": api_key.name,
                "prefix": prefix,
                "scopes": chosen,
                "expires_on": expires_on,
            },
        )
    return IssuedKey(api_key=api_key, plaintext=plaintext)


def api_key_revoke(*, actor: AbstractBaseUser, api_key: ApiKey) -> ApiKey:
    """Revoke a key at once; requests with it are refused from now on."""
    require(actor, Action.ORGANISATION_MANAGE_KEYS, api_key.organisation)
    with transaction.atomic():
        locked = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if locked.revoked_at is not None:
            raise InvalidTransition(gettext("This key was already revoked."))
        locked.revoked_at = clock.now()
        locked.save(update_fields=["revoked_at"])
        audit.record(
            Event.API_KEY_REVOKED,
            actor=actor,
            subject=locked,
            detail={"organisation": locked.organisation.slug, "prefix": locked.prefix},
        )
    return locked


def api_key_authenticate(plaintext: str) -> ApiKey:
    """Return the active key for the text given, or raise NotFound (also once it expired)."""
    api_key = (
        ApiKey.objects.select_related("organisation")
        .filter(key_hash=_hash_key(plaintext.strip()), revoked_at__isnull=True)
        .first()
    )
    if api_key is None or not api_key.is_active_on(clock.today()):
        raise NotFound(gettext("The API key is not valid, was revoked or has expired."))
    now = clock.now()
    # record use at most once a minute so busy integrations do not write on every call
    if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return api_key
