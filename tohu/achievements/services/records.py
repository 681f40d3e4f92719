"""Single completions, corrections and withdrawals (ROA-correct), and the learner's share links."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tohu.achievements.events import Event
from tohu.achievements.models import (
    COMPLETION_STATES,
    Channel,
    Completion,
    CompletionStatus,
    ShareLink,
)
from tohu.achievements.results_file import RowsSource
from tohu.achievements.services.ingest import ImportOutcome, results_import
from tohu.achievements.services.reference import ReferenceData
from tohu.core import audit, clock
from tohu.core.effects import after_commit
from tohu.core.errors import DomainError, InvalidTransition, NotFound
from tohu.core.permissions import Action, require
from tohu.core.principal import Principal
from tohu.credentials.tasks import enqueue_issuance
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.rulebook import award_refusal, check_date_of_achievement, is_late, provider_may_award

SHARE_DAYS_MAX = 365


def completion_report(
    *, reporter: Principal, provider: Organisation, values: dict[str, str | None]
) -> ImportOutcome:
    """Record one completion from the web form: the same checks as a file of one row."""
    source = RowsSource(items=[values], name="web form")
    return results_import(reporter=reporter, provider=provider, source=source, channel=Channel.FORM)


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise DomainError("Give the reason for the change.", rule_id="ROA-correct", field="reason")
    return reason.strip()


def _locked_for(completion: Completion, target: str, by: str) -> Completion:
    locked = Completion.objects.select_for_update().select_related("provider").get(pk=completion.pk)
    if not COMPLETION_STATES.allows(locked.status, target, by=by):
        message = COMPLETION_STATES.refusal(locked.status, target, subject="This completion")
        raise InvalidTransition(
            f"{message} Change the current record instead.", rule_id="ROA-correct", field="status"
        )
    return locked


def _check_new_date(completion: Completion, day: date) -> None:
    """The corrected date passes the same rules as a new report (ROA-date, LOR-8.5, LOR-18.2)."""
    reference = ReferenceData(completion.provider_id)
    reference.load([completion.micro_credential.listing_number])
    ref = reference.get(completion.micro_credential.listing_number)
    assert ref is not None
    field = "date_of_achievement"
    for refusal in check_date_of_achievement(day, ref.award, today=clock.today()):
        raise DomainError(refusal.message, rule_id=refusal.rule_id, field=field)
    if not provider_may_award(ref.award, day):
        message = award_refusal(ref.award, completion.provider.name, day)
        raise DomainError(message, rule_id="LOR-18.2", field=field)
    if completion.version.effective_from > day:
        message = (
            f"Version {completion.version.number} applies from "
            f"{completion.version.effective_from.isoformat()}, after {day.isoformat()}."
        )
        raise DomainError(message, rule_id="VER-1", field=field)


def completion_correct(
    *, actor: Principal, completion: Completion, date_of_achievement: date, reason: str
) -> Completion:
    """ROA-correct: a new record with the corrected date supersedes the old, which is kept."""
    require(actor, Action.ACHIEVEMENT_REPORT, completion.provider)
    reason = _require_reason(reason)
    with transaction.atomic():
        old = _locked_for(completion, CompletionStatus.CORRECTED, "completion_correct")
        if old.date_of_achievement == date_of_achievement:
            raise DomainError("The date of achievement is unchanged.", field="date_of_achievement")
        _check_new_date(old, date_of_achievement)
        now, today = clock.now(), clock.today()
        Completion.objects.filter(pk=old.pk).update(
            status=CompletionStatus.CORRECTED, reason=reason, changed_by_id=actor.pk, changed_at=now
        )
        new = Completion.objects.create(
            nsn=old.nsn,
            micro_credential_id=old.micro_credential_id,
            version_id=old.version_id,
            provider_id=old.provider_id,
            date_of_achievement=date_of_achievement,
            provider_reference=old.provider_reference,
            reported_on=today,
            late=is_late(date_of_achievement, reported_on=today),
            supersedes=old,
            reason=reason,
            changed_by_id=actor.pk,
            changed_at=now,
            created_at=now,
        )
        audit.record(
            Event.COMPLETION_CORRECTED,
            actor=actor,
            subject=new,
            detail={
                "supersedes": old.pk,
                "nsn": old.nsn,
                "from": old.date_of_achievement,
                "to": date_of_achievement,
                "reason": reason,
            },
        )
        # the old credential is revoked and a new one, naming it, issued
        after_commit(enqueue_issuance)
    return new


def completion_withdraw(*, actor: Principal, completion: Completion, reason: str) -> Completion:
    """ROA-correct: withdraw a completion reported in error; the record stays with its reason."""
    require(actor, Action.ACHIEVEMENT_REPORT, completion.provider)
    reason = _require_reason(reason)
    with transaction.atomic():
        locked = _locked_for(completion, CompletionStatus.WITHDRAWN, "completion_withdraw")
        locked.status = CompletionStatus.WITHDRAWN
        locked.reason = reason
        locked.changed_by_id = actor.pk
        locked.changed_at = clock.now()
        locked.save(update_fields=["status", "reason", "changed_by_id", "changed_at"])
        audit.record(
            Event.COMPLETION_WITHDRAWN,
            actor=actor,
            subject=locked,
            detail={"nsn": locked.nsn, "reason": reason},
        )
        after_commit(enqueue_issuance)
    return locked


def share_token_hash(token: str) -> str:
    # tokens are 256-bit random, so a fast hash is enough
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedShareLink:
    """A new share link: `token` is shown once and never stored."""

    link: ShareLink
    token: str


def share_link_create(
    *, actor: AbstractBaseUser, learner: Learner, label: str, days: int
) -> IssuedShareLink:
    """Let the learner give an employer a verified view of their record until it expires."""
    require(actor, Action.ACHIEVEMENT_SHARE, learner)
    if not label.strip():
        raise DomainError("Say who the link is for, e.g. the employer's name.", field="label")
    if not 1 <= days <= SHARE_DAYS_MAX:
        raise DomainError(f"A link lasts 1 to {SHARE_DAYS_MAX} days.", field="days")
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with transaction.atomic():
        link = ShareLink.objects.create(
            learner=learner,
            label=label.strip()[:100],
            token_hash=share_token_hash(token),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        audit.record(
            Event.SHARE_LINK_CREATED,
            actor=actor,
            subject=link,
            detail={"label": link.label, "expires_at": link.expires_at},
        )
    return IssuedShareLink(link=link, token=token)


def share_link_revoke(*, actor: AbstractBaseUser, link: ShareLink) -> ShareLink:
    """Stop a share link working at once."""
    require(actor, Action.ACHIEVEMENT_SHARE, link.learner)
    with transaction.atomic():
        locked = ShareLink.objects.select_for_update().get(pk=link.pk)
        if locked.revoked_at is not None:
            raise InvalidTransition("This link was already revoked.")
        locked.revoked_at = clock.now()
        locked.save(update_fields=["revoked_at"])
        audit.record(Event.SHARE_LINK_REVOKED, actor=actor, subject=locked)
    return locked


def share_link_open(token: str) -> ShareLink:
    """Return the live link for the token and count the view; NotFound when expired or revoked."""
    now = clock.now()
    link = (
        ShareLink.objects.select_related("learner")
        .filter(token_hash=share_token_hash(token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if link is None:
        raise NotFound("This link is no longer valid: it has expired or was revoked.")
    ShareLink.objects.filter(pk=link.pk).update(last_viewed_at=now, views=link.views + 1)
    return link
