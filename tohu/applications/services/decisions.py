"""The decision: approve or decline, in one transaction with its audit event (LOR-13.2, 13.3).

Approval lists the micro-credential, accredits the provider, makes a new version, or issues a
statement of equivalency; emails go out only after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tohu.applications.events import Event
from tohu.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationType,
    Condition,
    StatementNumberCounter,
    StatementOfEquivalency,
)
from tohu.applications.precheck import run_precheck
from tohu.applications.services import common
from tohu.applications.services.evaluation import application_criteria
from tohu.core import clock
from tohu.core.effects import email_after_commit
from tohu.core.errors import DomainError, InvalidInput, NotAllowed
from tohu.core.permissions import Action, can, require
from tohu.register import services as register_services
from tohu.register.models import Accreditation, AccreditationStatus, MicroCredential
from tohu.rulebook import (
    Judgement,
    blocks,
    check_conditions,
    check_decision_ready,
    check_decline,
    check_equivalency_outcome,
    check_period_override,
    credits_from_hours,
    day_text,
    decided_by_universities_nz,
    hours_for_credits,
    title_without_suffix,
)

S = ApplicationStatus


@dataclass(frozen=True)
class ConditionTerms:
    """A condition on an approval, accreditation or statement, due by a date (CONDITIONS)."""

    text: str
    due_on: date
    applies_to: str = Condition.AppliesTo.APPROVAL


def _check_decider(actor: AbstractBaseUser, application: Application) -> None:
    if can(actor, Action.APPLICATION_DECIDE, application):
        return
    if can(actor, Action.APPLICATION_DECIDE):
        # a decider at the other quality assurer (APP-who)
        if decided_by_universities_nz(application.applicant.org_type):
            message = "A university's micro-credential is approved and accredited by "
            message += "Universities New Zealand."
        else:
            message = "NZQA decides applications from organisations other than universities."
        raise NotAllowed(message, rule_id="APP-who")
    require(actor, Action.APPLICATION_DECIDE, application)


def _check_ready(application: Application, conditions: Sequence[ConditionTerms]) -> None:
    judgements = {j.criterion: Judgement(j.verdict) for j in application.judgements.all()}
    problems = check_decision_ready(application_criteria(application), judgements, approve=True)
    problems += [
        replace(f, message=f"The application no longer passes the pre-check: {f.message}")
        for f in blocks(run_precheck(application, on=clock.today()))
        if f.rule_id not in ("EQV-window",)
    ]
    problems += check_conditions(
        judgements.values(), [(c.text, c.due_on) for c in conditions], today=clock.today()
    )
    if problems:
        raise InvalidInput(
            "The application cannot be approved yet: " + " ".join(p.message for p in problems),
            problems=problems,
        )


def _version_details(
    application: Application, *, review_period_years: int | None, review_period_reason: str
) -> register_services.VersionDetails:
    proposed = application.review_period_years
    years = review_period_years or proposed
    assert years is not None
    assert application.level is not None
    credits = application.credits or credits_from_hours(application.notional_hours)
    assert credits, "the pre-check blocks a listing without a credit value (LOR-6.1b)"
    return register_services.VersionDetails(
        title=title_without_suffix(application.title),
        title_mi=application.title_mi,
        level=application.level,
        credits=credits,
        nzsced_code=application.nzsced_code,
        purpose_use=application.purpose_use,
        purpose_relevance=application.purpose_relevance,
        purpose_outcomes=application.purpose_outcomes,
        purpose_pathways=application.purpose_pathways or "none",
        purpose_contribution=application.purpose_contribution,
        purpose_mi=application.purpose_mi,
        in_te_reo_maori=application.in_te_reo_maori,
        review_period_years=years,
        review_period_reason=review_period_reason if years != proposed else "",
        learning_outcomes=list(application.learning_outcomes),
        notional_hours=application.notional_hours,
        standards_used=list(application.standards_used),
    )


def _conditions_text(conditions: Sequence[ConditionTerms], applies_to: str) -> str:
    return "\n".join(
        f"{c.text} (due {day_text(c.due_on)})" for c in conditions if c.applies_to == applies_to
    )


def _accredit(
    actor: AbstractBaseUser,
    application: Application,
    micro_credential: MicroCredential,
    conditions: Sequence[ConditionTerms],
) -> None:
    register_services.accreditation_grant(
        actor=actor,
        provider=application.applicant,
        micro_credential=micro_credential,
        granted_on=clock.today(),
        conditions=_conditions_text(conditions, Condition.AppliesTo.ACCREDITATION),
    )


def _tell_accredited_providers(
    application: Application, micro_credential: MicroCredential, version_number: int
) -> None:
    # VER-1: every accredited provider hears of the new version
    accreditations = Accreditation.objects.filter(
        micro_credential=micro_credential, status=AccreditationStatus.GRANTED
    ).select_related("provider")
    for accreditation in accreditations:
        email_after_commit(
            to=[accreditation.provider.email],
            subject=f"{micro_credential.listing_number}: version {version_number} approved",
            body=(
                f"A change to {micro_credential.listing_number} was approved and is now version "
                f"{version_number} (VER-1). Earlier versions stay on the register for records "
                f"and awards.\n\nWhat changed: {application.change_summary}"
            ),
        )


def _take_statement_number() -> str:
    counter, _ = StatementNumberCounter.objects.select_for_update().get_or_create(id=1)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"SOE-{counter.last_number:04d}"


def _issue_statement(
    actor: AbstractBaseUser, application: Application, level: int | None, credits: int | None
) -> StatementOfEquivalency:
    level = level or application.level
    credits = credits or application.credits or credits_from_hours(application.notional_hours)
    findings = check_equivalency_outcome(
        level=level, credits=credits, notional_hours=hours_for_credits(credits) if credits else None
    )
    if findings:
        raise DomainError(findings[0].message, rule_id="EQV-out", field=findings[0].field)
    assert level is not None
    assert credits is not None
    statement = StatementOfEquivalency.objects.create(
        application=application,
        number=_take_statement_number(),
        organisation=application.applicant,
        title=application.title,
        level=level,
        credits=credits,
        issued_on=clock.today(),
    )
    common.record(
        Event.STATEMENT_ISSUED,
        application,
        actor=actor,
        detail={"number": statement.number, "level": level, "credits": credits},
    )
    return statement


def _apply_approval(
    actor: AbstractBaseUser,
    application: Application,
    *,
    conditions: Sequence[ConditionTerms],
    review_period_years: int | None,
    review_period_reason: str,
    statement_level: int | None,
    statement_credits: int | None,
) -> dict[str, object]:
    kind = application.application_type
    today = clock.today()
    if kind == ApplicationType.EQUIVALENCY:
        statement = _issue_statement(actor, application, statement_level, statement_credits)
        return {"statement": statement.number}
    if kind == ApplicationType.ACCREDITATION:
        assert application.micro_credential is not None
        _accredit(actor, application, application.micro_credential, conditions)
        return {"listing_number": application.micro_credential.listing_number}
    details = _version_details(
        application,
        review_period_years=review_period_years,
        review_period_reason=review_period_reason,
    )
    if kind == ApplicationType.CHANGE:
        assert application.micro_credential is not None
        version = register_services.micro_credential_add_version(
            actor=actor,
            micro_credential=application.micro_credential,
            details=details,
            approved_on=today,
            effective_from=today,
            change_summary=application.change_summary,
        )
        _tell_accredited_providers(application, application.micro_credential, version.number)
        return {
            "listing_number": application.micro_credential.listing_number,
            "version": version.number,
        }
    # LOR-13.2: a new unique listing number, version 1, status current
    micro_credential = register_services.micro_credential_list(
        actor=actor,
        developer=application.applicant,
        details=details,
        approved_on=today,
        listed_on=today,
        te_hono=application.te_hono,
    )
    application.micro_credential = micro_credential
    if kind == ApplicationType.LISTING_APPROVAL_ACCREDITATION:
        _accredit(actor, application, micro_credential, conditions)
    return {"listing_number": micro_credential.listing_number, "version": 1}


# the decision form's names for what the rulebook calls the period's years and reason
_PERIOD_FIELDS = {"years": "review_period_years", "reason": "review_period_reason"}


def _check_review_period(
    application: Application, review_period_years: int | None, reason: str
) -> None:
    if review_period_years is None or review_period_years == application.review_period_years:
        return
    for finding in check_period_override(review_period_years, reason):
        field = _PERIOD_FIELDS[finding.field]
        raise DomainError(finding.message, field=field, rule_id=finding.rule_id)


def application_approve(
    *,
    actor: AbstractBaseUser,
    application: Application,
    reasons: str = "",
    conditions: Sequence[ConditionTerms] = (),
    review_period_years: int | None = None,
    review_period_reason: str = "",
    statement_level: int | None = None,
    statement_credits: int | None = None,
) -> Application:
    """Approve an application in evaluation and do what approval does, all or nothing."""
    _check_decider(actor, application)
    _check_review_period(application, review_period_years, review_period_reason)
    with transaction.atomic():
        locked = common.lock(application)
        common.check_transition(locked, S.APPROVED, by="application_approve")
        _check_ready(locked, conditions)
        outcome = _apply_approval(
            actor,
            locked,
            conditions=conditions,
            review_period_years=review_period_years,
            review_period_reason=review_period_reason,
            statement_level=statement_level,
            statement_credits=statement_credits,
        )
        Condition.objects.bulk_create(
            Condition(application=locked, applies_to=c.applies_to, text=c.text, due_on=c.due_on)
            for c in conditions
        )
        locked.status = S.APPROVED
        locked.decided_at = clock.now()
        locked.decided_by_id = actor.pk
        locked.decision_reasons = reasons.strip()
        locked.review_period_set = review_period_years
        locked.review_period_reason = review_period_reason.strip()
        locked.save()
        common.record(
            Event.APPROVED,
            locked,
            actor=actor,
            detail={**outcome, "conditions": len(conditions), "rule_id": "LOR-13.2"},
        )
        summary = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in outcome.items())
        common.notify(
            locked, common.applicant_people(locked), f"{locked.reference} was approved ({summary})."
        )
        common.email_applicant(
            locked,
            subject="approved",
            body=f"Application {locked.reference} was approved: {summary}. The decision letter "
            "is on the application's page.",
        )
    application.refresh_from_db()
    return application


def application_decline(
    *, actor: AbstractBaseUser, application: Application, reasons: str
) -> Application:
    """Decline an application in evaluation, with the reasons (LOR-13.3)."""
    _check_decider(actor, application)
    for finding in check_decline(reasons):
        raise DomainError(finding.message, field=finding.field, rule_id=finding.rule_id)
    with transaction.atomic():
        locked = common.lock(application)
        common.check_transition(locked, S.DECLINED, by="application_decline")
        locked.status = S.DECLINED
        locked.decided_at = clock.now()
        locked.decided_by_id = actor.pk
        locked.decision_reasons = reasons.strip()
        locked.save()
        common.record(Event.DECLINED, locked, actor=actor, detail={"rule_id": "LOR-13.3"})
        common.notify(locked, common.applicant_people(locked), f"{locked.reference} was declined.")
        common.email_applicant(
            locked,
            subject="declined",
            body=f"Application {locked.reference} was declined (LOR-13.3):\n\n"
            + locked.decision_reasons,
        )
    application.refresh_from_db()
    return application
