"""What an accepted review's outcome does (REV-form), inside the acceptance's transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from tohu.core import audit, policy
from tohu.core.effects import email_after_commit
from tohu.register import services as register_services
from tohu.register.models import AccreditationStatus, ListingStatus, MicroCredential
from tohu.reviews import changes
from tohu.reviews.events import Event
from tohu.reviews.models import (
    SCHEME_STATES,
    Outcome,
    Review,
    ReviewKind,
    SchemeStatus,
    TrainingScheme,
)
from tohu.reviews.services.schedule import period_of, recipients_of, reviews_schedule
from tohu.rulebook import (
    change_application_due,
    day_text,
    default_expiring_end_date,
    next_review_due,
)


def apply(*, actor: AbstractBaseUser, review: Review, today: date) -> dict[str, Any]:
    """Act on the accepted review's outcome; return what was done, for the audit event."""
    if review.kind == ReviewKind.PROVIDER:
        # a provider reviews its own delivery: accepting it changes nothing on the register
        return {}
    if review.kind == ReviewKind.SCHEME:
        return _scheme_outcome(actor=actor, review=review, today=today)
    return _developer_outcome(actor=actor, review=review, today=today)


def _schedule_next(actor: AbstractBaseUser, micro_credential: MicroCredential, today: date) -> date:
    # REV-period: the next review runs from the last accepted review
    next_due = next_review_due(last_reviewed_on=today, period=period_of(micro_credential))
    register_services.micro_credential_next_review_set(
        actor=actor,
        micro_credential=micro_credential,
        next_review_due=next_due,
        reason="Review accepted: the next review runs from today (REV-period).",
    )
    reviews_schedule(actor=actor, only=[micro_credential])
    return next_due


def _developer_outcome(*, actor: AbstractBaseUser, review: Review, today: date) -> dict[str, Any]:
    micro_credential = review.micro_credential
    assert micro_credential is not None
    if review.outcome == Outcome.DO_NOT_CONTINUE:
        return _do_not_continue(actor, review, micro_credential, today)
    effects: dict[str, Any] = {"next_review_due": _schedule_next(actor, micro_credential, today)}
    if review.outcome == Outcome.CONTINUE_WITH_CHANGES:
        effects.update(_open_change(actor, review, micro_credential, today))
    return effects


def _open_change(
    actor: AbstractBaseUser, review: Review, micro_credential: MicroCredential, today: date
) -> dict[str, Any]:
    due_on = change_application_due(today, months=policy.current().review_change_application_months)
    review.change_application_due_on = due_on
    review.change_application = changes.change_application_open(
        actor=actor,
        micro_credential=micro_credential,
        due_on=due_on,
        reason=f"Review of {micro_credential.listing_number} accepted: continue with changes. "
        + review.updates_needed,
    )
    return {"change_application": review.change_application_id, "change_due_on": due_on}


def _do_not_continue(
    actor: AbstractBaseUser, review: Review, micro_credential: MicroCredential, today: date
) -> dict[str, Any]:
    # LOR-8.3: expiring with an end date (by default some years on), then discontinued
    end_date = default_expiring_end_date(today, years=policy.current().expiring_years)
    register_services.micro_credential_status_set(
        actor=actor,
        micro_credential=micro_credential,
        status=ListingStatus.EXPIRING,
        effective_on=today,
        end_date=end_date,
        reason=f"Review accepted: do not continue (REV-form). {review.outcome_reasons}".strip(),
    )
    register_services.micro_credential_next_review_set(
        actor=actor,
        micro_credential=micro_credential,
        next_review_due=None,
        reason="Review accepted: do not continue; no further review.",
    )
    _tell_providers(micro_credential, end_date)
    return {"status": ListingStatus.EXPIRING.value, "end_date": end_date}


def _tell_providers(micro_credential: MicroCredential, end_date: date) -> None:
    """LOR-8.4a: accredited providers hear that no new enrolments are taken from today."""
    accreditations = micro_credential.accreditations.filter(
        status=AccreditationStatus.GRANTED
    ).select_related("provider")
    version = micro_credential.current_version
    title = version.title if version is not None else ""
    for accreditation in accreditations:
        email_after_commit(
            to=recipients_of(accreditation.provider),
            subject=f"{micro_credential.listing_number} {title} is expiring",
            body=(
                f"After its review, {micro_credential.listing_number} {title} will not continue. "
                f"It is expiring from today and is discontinued after {day_text(end_date)}. "
                "Learners already enrolled may complete it; take no new enrolments (LOR-8.4a)."
            ),
        )


def _scheme_outcome(*, actor: AbstractBaseUser, review: Review, today: date) -> dict[str, Any]:
    assert review.training_scheme_id is not None
    scheme = TrainingScheme.objects.select_for_update().get(pk=review.training_scheme_id)
    retire = review.outcome == Outcome.DO_NOT_CONTINUE
    target = SchemeStatus.RETIRED if retire else SchemeStatus.CONVERTING
    SCHEME_STATES.check(
        scheme.status, target, by="_scheme_outcome", subject=f"Scheme {scheme.reference}"
    )
    if retire:
        scheme.status = SchemeStatus.RETIRED
        event = Event.SCHEME_RETIRED
        effects: dict[str, Any] = {"scheme_status": scheme.status}
    else:
        # TRANS-2025: continue means a change application to meet the current rules follows
        scheme.status = SchemeStatus.CONVERTING
        event = Event.SCHEME_CONVERSION_STARTED
        review.change_application_due_on = change_application_due(
            today, months=policy.current().review_change_application_months
        )
        effects = {
            "scheme_status": scheme.status,
            "change_due_on": review.change_application_due_on,
        }
    scheme.status_changed_on = today
    scheme.save(update_fields=["status", "status_changed_on"])
    audit.record(event, actor=actor, subject=scheme, detail={"review": review.pk, **effects})
    return effects
