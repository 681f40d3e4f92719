"""The outbox: the audit log's writer hands every row it appends to `audited`, inside the
transaction of the change; an event webhooks tell of becomes a `Message` with one `Delivery`
per active endpoint subscribed to it. The change, its audit row and its messages commit together
or not at all; the worker is asked to send them only after commit.

Who hears of what: the public register's events (a listing approved, changed or its status
changed; an accreditation granted or ended) go to every organisation's endpoints that subscribe;
the rest only to the organisation concerned (the provider of a completion or credential, the
organisation a review asks, the applicant).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import models

from tohu.core.effects import after_commit
from tohu.core.models import AuditEvent
from tohu.core.site import absolute_url
from tohu.webhooks.models import Delivery, Endpoint, EventType, Message

# the audit events webhooks tell of, by the name each is recorded under
AUDITED: dict[str, EventType] = {
    "results.recorded": EventType.COMPLETION_RECORDED,
    "completion.corrected": EventType.COMPLETION_CORRECTED,
    "completion.withdrawn": EventType.COMPLETION_WITHDRAWN,
    "micro_credential.listed": EventType.LISTING_APPROVED,
    "micro_credential.version_added": EventType.LISTING_CHANGED,
    "micro_credential.status_changed": EventType.LISTING_STATUS_CHANGED,
    "micro_credential.removed": EventType.LISTING_STATUS_CHANGED,
    "accreditation.granted": EventType.ACCREDITATION_GRANTED,
    "accreditation.ended": EventType.ACCREDITATION_ENDED,
    "review.prompted": EventType.REVIEW_DUE,
    "review.marked_overdue": EventType.REVIEW_DUE,
    "review.accepted": EventType.REVIEW_OUTCOME,
    "review.returned": EventType.REVIEW_OUTCOME,
    "application.approved": EventType.APPLICATION_DECIDED,
    "application.declined": EventType.APPLICATION_DECIDED,
    "credential.revoked": EventType.CREDENTIAL_REVOKED,
}


@dataclass(frozen=True)
class Told:
    """What a message says of its subject: whom it concerns (None: everyone) and its data."""

    organisation_id: int | None
    data: dict[str, Any]


def _api(path: str, **query: str) -> str:
    return absolute_url(f"/api/v1{path}" + (f"?{urlencode(query)}" if query else ""))


def _listing(subject: Any, row: AuditEvent) -> dict[str, Any]:
    number = subject.listing_number
    return {
        "listing_number": number,
        "status": subject.status,
        "version": subject.current_version.number if subject.current_version_id else None,
        "url": _api(f"/micro-credentials/{number}"),
    }


def _accreditation(subject: Any, row: AuditEvent) -> dict[str, Any]:
    number = subject.micro_credential.listing_number
    return {
        "accreditation_id": subject.pk,
        "provider": subject.provider.slug,
        "listing_number": number,
        "status": subject.status,
        "url": _api(f"/micro-credentials/{number}"),
    }


def _batch(subject: Any, row: AuditEvent) -> dict[str, Any]:
    return {
        "batch_id": subject.pk,
        "recorded": row.detail.get("recorded", 0),
        "url": _api("/completions", updated_since=subject.created_at.isoformat()),
    }


def _completion(subject: Any, row: AuditEvent) -> dict[str, Any]:
    return {
        "completion_id": subject.pk,
        "status": subject.status,
        "replaces": subject.supersedes_id,
        "url": _api(f"/completions/{subject.pk}"),
    }


def _review(subject: Any, row: AuditEvent) -> dict[str, Any]:
    return {
        "review_id": subject.pk,
        "reference": subject.reference,
        "status": subject.status,
        "due_on": subject.due_on.isoformat(),
        "outcome": subject.outcome,
        "url": _api(f"/reviews/{subject.pk}"),
    }


def _application(subject: Any, row: AuditEvent) -> dict[str, Any]:
    return {
        "application_id": subject.pk,
        "reference": subject.reference,
        "status": subject.status,
        "url": _api(f"/applications/{subject.pk}"),
    }


def _credential(subject: Any, row: AuditEvent) -> dict[str, Any]:
    return {
        "credential_id": str(subject.uuid),
        "completion_id": subject.completion_id,
        "reason": subject.revocation_reason,
        "url": _api(f"/completions/{subject.completion_id}"),
    }


PUBLIC = ""  # a public register's event: every subscribed endpoint hears of it


@dataclass(frozen=True)
class Teller:
    """How webhooks tell of one kind of subject: its model (as the audit row names it), what to
    load with it, whom its events concern (`PUBLIC`, or the subject's field naming the one
    organisation whose endpoints hear of it) and what its messages hold."""

    model: str
    related: tuple[str, ...]
    audience: str
    data: Callable[[Any, AuditEvent], dict[str, Any]]

    def tell(self, subject: Any, row: AuditEvent) -> Told:
        organisation_id = getattr(subject, self.audience) if self.audience else None
        return Told(organisation_id, self.data(subject, row))


TELLERS: dict[str, Teller] = {
    "register.microcredential": Teller(
        "register.MicroCredential", ("current_version",), PUBLIC, _listing
    ),
    "register.accreditation": Teller(
        "register.Accreditation", ("micro_credential", "provider"), PUBLIC, _accreditation
    ),
    "achievements.importbatch": Teller("achievements.ImportBatch", (), "provider_id", _batch),
    "achievements.completion": Teller("achievements.Completion", (), "provider_id", _completion),
    "reviews.review": Teller("reviews.Review", (), "organisation_id", _review),
    "applications.application": Teller(
        "applications.Application", (), "applicant_id", _application
    ),
    "credentials.credential": Teller("credentials.Credential", (), "issuer_id", _credential),
}


def new_msg_id() -> str:
    """A message's id, sent as `webhook-id`: receivers use it to see a message twice."""
    return f"msg_{uuid.uuid4().hex}"


def _subscribers(
    type_: EventType, organisation_id: int | None, active: list[Endpoint]
) -> list[Endpoint]:
    return [
        endpoint
        for endpoint in active
        if type_ in endpoint.event_types
        and (organisation_id is None or endpoint.organisation_id == organisation_id)
    ]


def _told(row: AuditEvent) -> Told:
    """What the row's event says, and whom it concerns (one decision, in `TELLERS`)."""
    from django.apps import apps

    teller = TELLERS[row.subject_type]
    model: type[models.Model] = apps.get_model(teller.model)
    subject = model._default_manager.select_related(*teller.related).get(pk=row.subject_id)
    return teller.tell(subject, row)


def audited(rows: list[AuditEvent]) -> None:
    """Write the messages and deliveries for the rows just appended (inside their transaction)."""
    told = [row for row in rows if row.event in AUDITED and row.subject_type in TELLERS]
    if not told:
        return
    active = list(Endpoint.objects.filter(disabled_at__isnull=True))
    if not active:
        return
    deliveries: list[Delivery] = []
    for row in told:
        type_ = AUDITED[row.event]
        if not any(type_ in endpoint.event_types for endpoint in active):
            continue
        what = _told(row)
        endpoints = _subscribers(type_, what.organisation_id, active)
        if not endpoints:
            continue
        message = _message(row, type_, what)
        deliveries += [
            Delivery(
                endpoint=endpoint,
                message=message,
                subject=message.subject,
                next_attempt_at=row.occurred_at,
            )
            for endpoint in endpoints
        ]
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        from tohu.webhooks.tasks import send_soon

        after_commit(send_soon)


def _message(row: AuditEvent, type_: EventType, what: Told) -> Message:
    subject = f"{row.subject_type}:{row.subject_id}"
    payload = {
        "type": type_.value,
        "timestamp": row.occurred_at.isoformat(),
        "data": {**what.data, "event": row.event, "sequence": row.sequence},
    }
    return Message.objects.create(
        msg_id=new_msg_id(),
        type=type_,
        subject=subject,
        organisation_id=what.organisation_id,
        occurred_at=row.occurred_at,
        payload=payload,
        audit_sequence=row.sequence,
    )
