"""Issuing credentials for completions, signing them, and revoking them.

Issuing is a sweep, not a step of the ingest: after a batch of completions commits, a task
creates the credentials that are missing (each with a random status-list entry) and signs them,
a chunk at a time, so a million-row import never waits for a signature. A credential not yet
signed when someone asks for it is signed then (`credential_signed`).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext

from tohu.achievements.models import Completion, CompletionStatus
from tohu.core import audit, clock
from tohu.core.audit import Actor
from tohu.core.errors import InvalidInput, InvalidTransition, Problem
from tohu.core.permissions import Action, require
from tohu.core.principal import SYSTEM, Principal
from tohu.credentials import keys, status
from tohu.credentials.dids import verification_method_id
from tohu.credentials.documents import credential_document
from tohu.credentials.events import Event
from tohu.credentials.models import (
    CREDENTIAL_STATES,
    KEY_STATES,
    STATUS_LIST_SIZE,
    Credential,
    CredentialState,
    IssuerKey,
    KeyStatus,
    StatusList,
    StatusPurpose,
)
from tohu.credentials.proof import eddsa
from tohu.credentials.services.keys import issuer_key_active
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation

CHUNK = 1000
ACTOR_LABEL = "credentials"


def _list_with_room(
    issuer_id: int, count: int, purpose: StatusPurpose = StatusPurpose.REVOCATION
) -> StatusList:
    """Return the issuer's list for the purpose taking new entries (locked), starting one if
    full. Callers lock the revocation list before the suspension list, always."""
    current = (
        StatusList.objects.select_for_update()
        .filter(issuer_id=issuer_id, purpose=purpose)
        .order_by("-number")
        .first()
    )
    if current is not None and (
        current.allocated_count + count <= int(current.size * status.FULL_FRACTION)
    ):
        return current
    return StatusList.objects.create(
        issuer_id=issuer_id,
        purpose=purpose,
        number=(current.number + 1) if current is not None else 1,
        size=STATUS_LIST_SIZE,
        bits=status.empty_bits(),
        allocated=status.empty_bits(),
        changed_at=clock.now(),
    )


def _new_credentials(
    issuer_id: int, completions: Sequence[tuple[int, Credential | None]]
) -> list[Credential]:
    """Create credentials for (completion id, credential replaced) pairs, each with a random
    entry in the issuer's revocation list and one in its suspension list (both locked)."""
    revocation = _list_with_room(issuer_id, len(completions), StatusPurpose.REVOCATION)
    suspension = _list_with_room(issuer_id, len(completions), StatusPurpose.SUSPENSION)
    indexes = status.allocate(revocation, len(completions))
    suspension_indexes = status.allocate(suspension, len(completions))
    for status_list in (revocation, suspension):
        status_list.save(update_fields=["allocated", "allocated_count"])
    now = clock.now()
    return Credential.objects.bulk_create(
        Credential(
            completion_id=completion_id,
            issuer_id=issuer_id,
            status_list=revocation,
            status_index=index,
            suspension_list=suspension,
            suspension_index=suspension_index,
            salt=secrets.token_hex(16),
            replaces=replaced,
            created_at=now,
        )
        for (completion_id, replaced), index, suspension_index in zip(
            completions, indexes, suspension_indexes, strict=True
        )
    )


def _record_issued(issuer_id: int, created: list[Credential], reason: str) -> None:
    audit.record(
        Event.CREDENTIALS_ISSUED,
        actor=SYSTEM,
        actor_label=ACTOR_LABEL,
        subject=audit.Subject(type="organisations.organisation", id=str(issuer_id)),
        detail={
            "count": len(created),
            "reason": reason,
            "completions": [c.completion_id for c in created][:20],
        },
    )


def _lacking(completions: QuerySet[Completion]) -> QuerySet[Completion]:
    has_credential = Credential.objects.filter(
        completion=OuterRef("pk"), state=CredentialState.ISSUED
    )
    return completions.filter(~Exists(has_credential))


def credentials_create_missing(*, limit: int = CHUNK, nsn: str | None = None) -> int:
    """Create the credentials of up to `limit` recorded completions (of one learner, if `nsn`)
    that have none."""
    recorded = Completion.objects.filter(status=CompletionStatus.RECORDED)
    if nsn is not None:
        recorded = recorded.filter(nsn=nsn)
    # looked for outside a transaction: usually there are none, and then nothing is locked
    rows = list(
        _lacking(recorded).order_by("id").values_list("id", "provider_id", "supersedes_id")[:limit]
    )
    if not rows:
        return 0
    created = 0
    with transaction.atomic():
        replaced = _replaced_credentials([superseded for _, _, superseded in rows if superseded])
        by_issuer: dict[int, list[tuple[int, Credential | None]]] = defaultdict(list)
        for completion_id, provider_id, superseded in rows:
            by_issuer[provider_id].append((completion_id, replaced.get(superseded or 0)))
        for issuer_id, completions in sorted(by_issuer.items()):
            _list_with_room(issuer_id, len(completions))
            # under the issuer's list lock: another sweep may have issued some meanwhile
            still = set(
                _lacking(Completion.objects.filter(pk__in=[c for c, _ in completions])).values_list(
                    "pk", flat=True
                )
            )
            todo = [(c, r) for c, r in completions if c in still]
            if todo:
                issued = _new_credentials(issuer_id, todo)
                _record_issued(issuer_id, issued, "recorded")
                created += len(issued)
    return created


def _replaced_credentials(completion_ids: list[int]) -> dict[int, Credential]:
    """Return the newest credential of each superseded completion (what a new one replaces)."""
    found: dict[int, Credential] = {}
    for credential in Credential.objects.filter(completion_id__in=completion_ids).order_by("id"):
        found[credential.completion_id] = credential
    return found


def _revoke(credentials: Iterable[Credential], reason_of: dict[int, str]) -> int:
    """Set the status bits and mark the credentials revoked (inside the caller's transaction)."""
    by_list: dict[int, list[Credential]] = defaultdict(list)
    for credential in credentials:
        by_list[credential.status_list_id].append(credential)
    now, count = clock.now(), 0
    for list_id, revoked in by_list.items():
        status_list = StatusList.objects.select_for_update().get(pk=list_id)
        bits = status_list.bits
        for credential in revoked:
            bits = status.with_bit(bits, credential.status_index, True)
        status_list.bits, status_list.changed_at = bits, now
        status_list.save(update_fields=["bits", "changed_at"])
        for credential in revoked:
            CREDENTIAL_STATES.check(credential.state, CredentialState.REVOKED, by="_revoke")
            credential.state, credential.revoked_at = CredentialState.REVOKED, now
            credential.revocation_reason = reason_of.get(credential.pk, "")
            credential.save(update_fields=["state", "revoked_at", "revocation_reason"])
            audit.record(
                Event.CREDENTIAL_REVOKED,
                actor=SYSTEM,
                actor_label=ACTOR_LABEL,
                subject=credential,
                detail={
                    "credential": credential.credential_id,
                    "completion": credential.completion_id,
                    "reason": credential.revocation_reason,
                },
            )
            count += 1
    return count


def credentials_revoke_changed() -> int:
    """Revoke the credentials of completions corrected or withdrawn since they were issued."""
    with transaction.atomic():
        stale = list(
            Credential.objects.select_for_update()
            .filter(state=CredentialState.ISSUED)
            .exclude(completion__status=CompletionStatus.RECORDED)
            .select_related("completion")
        )
        reasons = {
            c.pk: f"The record was {c.completion.status}: {c.completion.reason}".strip()
            for c in stale
        }
        return _revoke(stale, reasons)


def credentials_reissue_signed_by(key: IssuerKey, *, reason: str) -> int:
    """Revoke every live credential the key signed and issue a replacement for each."""
    signed = list(
        Credential.objects.select_for_update()
        .filter(key=key, state=CredentialState.ISSUED)
        .order_by("id")
    )
    _revoke(signed, {credential.pk: reason for credential in signed})
    live = [
        c
        for c in signed
        if Completion.objects.filter(pk=c.completion_id, status=CompletionStatus.RECORDED).exists()
    ]
    if live:
        created = _new_credentials(key.organisation_id, [(c.completion_id, c) for c in live])
        _record_issued(key.organisation_id, created, "key compromised")
    return len(live)


def _learner_names(nsns: Iterable[str]) -> dict[str, str]:
    learners = Learner.objects.filter(nsn__in=set(nsns)).only(
        "nsn", "given_names", "family_name", "credential_name"
    )
    return {learner.nsn: learner.name_on_credentials for learner in learners}


def _unsigned_chunk(limit: int, ids: Sequence[int] | None = None) -> list[Credential]:
    query = Credential.objects.filter(signed_at__isnull=True, state=CredentialState.ISSUED)
    if ids is not None:
        query = query.filter(pk__in=ids)
    return list(
        query.select_related(
            "completion__version",
            "completion__micro_credential__developer",
            "completion__provider",
            "status_list",
            "suspension_list",
            "issuer",
            "replaces",
        ).order_by("id")[:limit]
    )


def _status_entries(credential: Credential, issuer: Organisation) -> Any:
    """The credential's status entries: revocation, and suspension where it has an entry."""
    revocation = status.status_entry(credential.status_list, issuer.slug, credential.status_index)
    if credential.suspension_list is None or credential.suspension_index is None:
        return revocation
    suspension = status.status_entry(
        credential.suspension_list, issuer.slug, credential.suspension_index
    )
    return [revocation, suspension]


def sign_credentials(credentials: Sequence[Credential]) -> list[Credential]:
    """Build and sign each credential with its issuer's active key; save them."""
    names = _learner_names(c.completion.nsn for c in credentials)
    signing_keys: dict[int, IssuerKey] = {}
    now = clock.now()
    created = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for credential in credentials:
        issuer: Organisation = credential.issuer
        if issuer.pk not in signing_keys:
            signing_keys[issuer.pk] = issuer_key_active(organisation=issuer)
        key = signing_keys[issuer.pk]
        document = credential_document(
            credential,
            completion=credential.completion,
            learner_name=names.get(credential.completion.nsn, ""),
            status=_status_entries(credential, issuer),
        )
        credential.document = eddsa.sign(
            document,
            private_key=keys.unlocked(
                key.private_key_encrypted, public_key_multibase=key.public_key_multibase
            ),
            verification_method=verification_method_id(key, issuer),
            created=created,
        )
        credential.key, credential.signed_at = key, now
    Credential.objects.bulk_update(credentials, ["document", "key", "signed_at"])
    return list(credentials)


def credentials_sign_pending(*, limit: int = CHUNK) -> int:
    """Sign up to `limit` credentials that are not signed yet; return how many."""
    return len(sign_credentials(_unsigned_chunk(limit)))


def credential_signed(credential: Credential) -> Credential:
    """Return the credential signed, signing it now if the background has not yet."""
    if credential.signed_at is not None:
        return credential
    with transaction.atomic():
        # two first requests at once: the second waits here and finds it signed
        Credential.objects.select_for_update().filter(pk=credential.pk).first()
        chunk = _unsigned_chunk(1, [credential.pk])
        if chunk:
            sign_credentials(chunk)
    return Credential.objects.select_related("status_list", "issuer").get(pk=credential.pk)


def credentials_sweep(*, chunk: int = CHUNK) -> dict[str, int]:
    """Revoke what changed, create what is missing, sign what is unsigned: all of it."""
    done = {"revoked": credentials_revoke_changed(), "created": 0, "signed": 0}
    while created := credentials_create_missing(limit=chunk):
        done["created"] += created
    while signed := credentials_sign_pending(limit=chunk):
        done["signed"] += signed
    return done


def credentials_sign_again(*, nsn: str) -> int:
    """Have the learner's live credentials signed again (same id and status entry), e.g. with
    the name they chose; copies already downloaded stay valid. Inside the caller's transaction."""
    return Credential.objects.filter(completion__nsn=nsn, state=CredentialState.ISSUED).update(
        document=None, key=None, signed_at=None
    )


def _set_bit(status_list_id: int, index: int, value: bool) -> None:
    locked = StatusList.objects.select_for_update().get(pk=status_list_id)
    locked.bits = status.with_bit(locked.bits, index, value)
    locked.changed_at = clock.now()
    locked.save(update_fields=["bits", "changed_at"])


def _suspension_entry(credential: Credential) -> None:
    """Give a credential issued before Tohu suspended any its suspension entry; it is signed
    again with it (copies downloaded before have none, so they cannot show the suspension)."""
    suspension = _list_with_room(credential.issuer_id, 1, StatusPurpose.SUSPENSION)
    (index,) = status.allocate(suspension, 1)
    suspension.save(update_fields=["allocated", "allocated_count"])
    credential.suspension_list, credential.suspension_index = suspension, index
    credential.document, credential.key, credential.signed_at = None, None, None
    credential.save(
        update_fields=["suspension_list", "suspension_index", "document", "key", "signed_at"]
    )


def _require_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(
            gettext("Give the reason: the learner and the provider are told it."),
            field="reason",
            problems=[Problem(None, "Give the reason.", field="reason")],
        )
    return reason


def credential_suspend(*, actor: Actor, credential: Credential, reason: str) -> Credential:
    """Suspend a live credential while its completion is under investigation by the quality
    assurer: its bit in the suspension list is set, so verifiers see it suspended at once (and
    within a minute behind a cache)."""
    require(actor, Action.COMPLETION_SUSPEND, credential)
    reason = _require_reason(reason)
    with transaction.atomic():
        locked = Credential.objects.select_for_update().get(pk=credential.pk)
        if locked.state != CredentialState.ISSUED:
            raise InvalidTransition(
                gettext("The credential was revoked: there is nothing to suspend.")
            )
        if locked.suspended_at is not None:
            raise InvalidTransition(gettext("The credential is already suspended."))
        if locked.suspension_list_id is None or locked.suspension_index is None:
            _suspension_entry(locked)
        assert locked.suspension_list_id is not None
        assert locked.suspension_index is not None
        _set_bit(locked.suspension_list_id, locked.suspension_index, True)
        locked.suspended_at, locked.suspension_reason = clock.now(), reason
        locked.save(update_fields=["suspended_at", "suspension_reason"])
        audit.record(
            Event.CREDENTIAL_SUSPENDED,
            actor=actor,
            subject=locked,
            detail={
                "credential": locked.credential_id,
                "completion": locked.completion_id,
                "reason": reason,
            },
        )
    return locked


def credential_reinstate(*, actor: Actor, credential: Credential, reason: str) -> Credential:
    """Lift a suspension (the investigation found nothing wrong): the bit is cleared."""
    require(actor, Action.COMPLETION_SUSPEND, credential)
    reason = _require_reason(reason)
    with transaction.atomic():
        locked = Credential.objects.select_for_update().get(pk=credential.pk)
        if locked.suspended_at is None:
            raise InvalidTransition(gettext("The credential is not suspended."))
        assert locked.suspension_list_id is not None
        assert locked.suspension_index is not None
        _set_bit(locked.suspension_list_id, locked.suspension_index, False)
        suspended_since = locked.suspended_at
        locked.suspended_at, locked.suspension_reason = None, ""
        locked.save(update_fields=["suspended_at", "suspension_reason"])
        audit.record(
            Event.CREDENTIAL_REINSTATED,
            actor=actor,
            subject=locked,
            detail={
                "credential": locked.credential_id,
                "completion": locked.completion_id,
                "reason": reason,
                "suspended_since": suspended_since,
            },
        )
    return locked


def issuer_key_retire_compromised(
    *,
    key: IssuerKey,
    reason: str,
    actor: Principal,
    actor_label: str = "tohu keys retire --compromised",
) -> int:
    """Remove a compromised key; revoke and re-issue what it signed. Return how many."""
    require(actor, Action.ISSUER_KEY_MANAGE, key.organisation)
    reason = reason.strip() or "The key that signed it was compromised."
    with transaction.atomic():
        locked = IssuerKey.objects.select_for_update().get(pk=key.pk)
        KEY_STATES.check(
            locked.status,
            KeyStatus.COMPROMISED,
            by="issuer_key_retire_compromised",
            subject=f"Key {locked.fragment}",
        )
        was_active = locked.status == KeyStatus.ACTIVE
        locked.status = KeyStatus.COMPROMISED
        locked.retired_at = locked.retired_at or clock.now()
        locked.save(update_fields=["status", "retired_at"])
        reissued = credentials_reissue_signed_by(locked, reason=reason)
        audit.record(
            Event.ISSUER_KEY_COMPROMISED,
            actor=actor,
            actor_label=actor_label,
            subject=locked,
            detail={
                "organisation": locked.organisation.slug,
                "key": locked.fragment,
                "reason": reason,
                "reissued": reissued,
            },
        )
    keys.forget(locked.public_key_multibase)
    if was_active:
        issuer_key_active(organisation=locked.organisation, actor=actor, actor_label=actor_label)
    return reissued
