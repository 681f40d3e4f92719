"""The online review report (REV-form): drafts, submission, and the quality assurer's decision."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext

from tohu.core import audit, clock
from tohu.core.effects import email_after_commit
from tohu.core.errors import (
    DomainError,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    Problem,
)
from tohu.core.permissions import Action, can, require
from tohu.reviews.events import Event
from tohu.reviews.models import (
    OPEN_STATUSES,
    REVIEW_STATES,
    DecisionKind,
    Escalation,
    EscalationStep,
    Review,
    ReviewDecision,
    ReviewKind,
    ReviewStatus,
)
from tohu.reviews.services import outcomes
from tohu.reviews.services.schedule import recipients_of
from tohu.rulebook import (
    DEVELOPER_REPORT_FIELDS,
    PROVIDER_REPORT_FIELDS,
    SCHEME_REPORT_FIELDS,
    check_learner_figures,
    check_report_complete,
)

TEXT_FIELDS = {
    "evidence_of_need_detail",
    "updates_needed",
    "consulted_iwi_hapu",
    "consulted_industry",
    "consulted_providers",
    "consulted_others",
    "outcome",
    "outcome_reasons",
    "capability_to_deliver",
}
COUNT_FIELDS = {
    "enrolments",
    "completions",
    "maori_enrolments",
    "maori_completions",
    "pacific_enrolments",
    "pacific_completions",
}
DEVELOPER_FIELDS = (
    "evidence_of_need",
    "evidence_of_need_detail",
    "updates_needed",
    "consulted_iwi_hapu",
    "consulted_industry",
    "consulted_providers",
    "consulted_others",
    "outcome",
    "outcome_reasons",
)
PROVIDER_FIELDS = (
    "enrolments",
    "completions",
    "maori_enrolments",
    "maori_completions",
    "pacific_enrolments",
    "pacific_completions",
    "capability_to_deliver",
)
SCHEME_FIELDS = (*PROVIDER_FIELDS, "outcome", "outcome_reasons")

# the questions each kind of review asks, and the rule the report answers to
REPORT_FIELDS: Mapping[str, tuple[str, ...]] = {
    ReviewKind.DEVELOPER: DEVELOPER_FIELDS,
    ReviewKind.PROVIDER: PROVIDER_FIELDS,
    ReviewKind.SCHEME: SCHEME_FIELDS,
}
REQUIRED: Mapping[str, tuple[Mapping[str, str], str]] = {
    ReviewKind.DEVELOPER: (DEVELOPER_REPORT_FIELDS, "REV-dev"),
    ReviewKind.PROVIDER: (PROVIDER_REPORT_FIELDS, "REV-prov"),
    ReviewKind.SCHEME: (SCHEME_REPORT_FIELDS, "TRANS-2025"),
}
SCHEME_OUTCOMES = ("continue_with_changes", "do_not_continue")
OUTCOMES = ("continue_unchanged", *SCHEME_OUTCOMES)


def _filer_label(actor: audit.Actor, review: Review) -> str:
    """Check who files the report: the organisation's staff, or its API key."""
    if not can(actor, Action.REVIEW_FILE, review):
        raise NotAllowed(
            gettext("Only the organisation asked for this review may file its report.")
        )
    assert actor is not None
    return actor.get_username()


def _clean_value(name: str, value: Any, kind: str) -> Any:
    if name == "evidence_of_need":
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        raise InvalidInput(
            gettext("Answer yes or no."),
            field=name,
            problems=[Problem(None, "yes or no", field=name)],
        )
    if name in COUNT_FIELDS:
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            message = "Give a whole number, 0 or more."
            raise InvalidInput(message, field=name, problems=[Problem(None, message, field=name)])
        return value
    text = "" if value is None else str(value).strip()
    allowed = SCHEME_OUTCOMES if kind == ReviewKind.SCHEME else OUTCOMES
    if name == "outcome" and text and text not in allowed:
        message = f"Choose one of: {', '.join(allowed)}."
        raise InvalidInput(message, field=name, problems=[Problem(None, message, field=name)])
    return text


def _apply_answers(review: Review, answers: Mapping[str, Any]) -> list[str]:
    fields = REPORT_FIELDS[review.kind]
    unknown = sorted(set(answers) - set(fields))
    if unknown:
        problems = [Problem(None, "This review does not ask this.", field=name) for name in unknown]
        message = f"This {review.get_kind_display().lower()} does not ask: {', '.join(unknown)}."
        raise InvalidInput(message, field=unknown[0], problems=problems)
    changed = []
    for name, value in answers.items():
        setattr(review, name, _clean_value(name, value, review.kind))
        changed.append(name)
    for finding in check_learner_figures(_answers_of(review)):
        raise InvalidInput(
            finding.message, rule_id=finding.rule_id, field=finding.field, problems=[finding]
        )
    return changed


def _answers_of(review: Review) -> dict[str, Any]:
    return {name: getattr(review, name) for name in REPORT_FIELDS[review.kind]}


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().get(pk=review.pk)


def _report(review: Review) -> str:
    return f"The report for {review.reference}"


def _check_open(review: Review, doing: str) -> None:
    if review.status in OPEN_STATUSES:
        return
    reasons = {
        ReviewStatus.SUBMITTED: "it was already submitted and waits for the quality assurer",
        ReviewStatus.ACCEPTED: "it was accepted",
    }
    reason = reasons[ReviewStatus(review.status)]
    raise InvalidTransition(
        gettext("The report for %(reference)s cannot be %(doing)s: %(reason)s.")
        % {"reference": review.reference, "doing": doing, "reason": reason},
        rule_id="REV-form",
    )


def review_report_save(
    *,
    actor: audit.Actor,
    review: Review,
    answers: Mapping[str, Any],
) -> Review:
    """Save a draft of the review report; nothing is checked for completeness yet."""
    _filer_label(actor, review)
    with transaction.atomic():
        locked = _locked(review)
        _check_open(locked, "changed")
        changed = _apply_answers(locked, answers)
        locked.draft_saved_at = clock.now()
        locked.save()
        audit.record(
            Event.REVIEW_DRAFT_SAVED,
            actor=actor,
            subject=locked,
            detail={"fields": sorted(changed), "reference": locked.reference},
        )
    return locked


def _check_complete(review: Review) -> None:
    required, rule_id = REQUIRED[review.kind]
    findings = check_report_complete(_answers_of(review), required, rule_id=rule_id)
    findings += check_learner_figures(_answers_of(review))
    if findings:
        problems = list(findings)
        raise InvalidInput(
            gettext("The report is not complete: %(len)s question(s) need an answer.")
            % {"len": len(problems)},
            rule_id=rule_id,
            field=problems[0].field,
            problems=problems,
        )


def review_submit(
    *,
    actor: audit.Actor,
    review: Review,
    answers: Mapping[str, Any] | None = None,
) -> Review:
    """Submit the report to the quality assurer, once it answers every question (REV-form)."""
    label = _filer_label(actor, review)
    with transaction.atomic():
        locked = _locked(review)
        REVIEW_STATES.check(
            locked.status, ReviewStatus.SUBMITTED, by="review_submit", subject=_report(locked)
        )
        if answers:
            _apply_answers(locked, answers)
        _check_complete(locked)
        locked.status = ReviewStatus.SUBMITTED
        locked.submitted_at = clock.now()
        locked.submitted_by_label = label
        locked.save()
        audit.record(
            Event.REVIEW_SUBMITTED,
            actor=actor,
            subject=locked,
            detail={"reference": locked.reference, "kind": locked.kind, "outcome": locked.outcome},
        )
    return locked


def _decision(
    review: Review, *, actor: AbstractBaseUser, decision: str, reasons: str, today: date
) -> ReviewDecision:
    return ReviewDecision.objects.create(
        review=review,
        decision=decision,
        outcome=review.outcome,
        reasons=reasons,
        decided_on=today,
        decided_by_id=actor.pk,
    )


def review_accept(
    *, actor: AbstractBaseUser, review: Review, reasons: str = "", today: date | None = None
) -> Review:
    """Accept a submitted report; its outcome acts in the same transaction (REV-form)."""
    require(actor, Action.REVIEW_DECIDE, review)
    today = today or clock.today()
    with transaction.atomic():
        locked = _locked(review)
        REVIEW_STATES.check(
            locked.status, ReviewStatus.ACCEPTED, by="review_accept", subject=_report(locked)
        )
        locked.status = ReviewStatus.ACCEPTED
        locked.decided_on = today
        effects = outcomes.apply(actor=actor, review=locked, today=today)
        locked.save()
        _decision(locked, actor=actor, decision=DecisionKind.ACCEPTED, reasons=reasons, today=today)
        audit.record(
            Event.REVIEW_ACCEPTED,
            actor=actor,
            subject=locked,
            detail={"reference": locked.reference, "outcome": locked.outcome, **effects},
        )
        email_after_commit(
            to=recipients_of(locked.organisation),
            subject=f"Review accepted: {locked.reference} {locked.title}",
            body=f"NZQA accepted the {locked.get_kind_display().lower()} of {locked.reference}. "
            + (reasons or ""),
        )
    return locked


def review_return(*, actor: AbstractBaseUser, review: Review, reasons: str) -> Review:
    """Return a submitted report for more work, with the reasons."""
    require(actor, Action.REVIEW_DECIDE, review)
    if not reasons.strip():
        raise DomainError(
            gettext("Say why the report goes back, so the organisation can act on it."),
            field="reasons",
        )
    today = clock.today()
    with transaction.atomic():
        locked = _locked(review)
        REVIEW_STATES.check(
            locked.status, ReviewStatus.RETURNED, by="review_return", subject=_report(locked)
        )
        locked.status = ReviewStatus.RETURNED
        locked.save()
        _decision(locked, actor=actor, decision=DecisionKind.RETURNED, reasons=reasons, today=today)
        audit.record(
            Event.REVIEW_RETURNED,
            actor=actor,
            subject=locked,
            detail={"reference": locked.reference, "reasons": reasons},
        )
        email_after_commit(
            to=recipients_of(locked.organisation),
            subject=f"Review returned: {locked.reference} {locked.title}",
            body=f"NZQA returned the review report for more work:\n\n{reasons}",
        )
    return locked


def review_escalate(
    *, actor: AbstractBaseUser, review: Review, step: str, occurred_on: date, note: str
) -> Escalation:
    """Record a rule 17 or rule 16 step against an overdue or unsatisfactory review."""
    require(actor, Action.REVIEW_DECIDE, review)
    if step not in EscalationStep.values:
        raise DomainError(
            gettext("%(step)s is not a rule 16 or rule 17 step.") % {"step": repr(step)},
            field="step",
        )
    if not note.strip():
        raise DomainError(gettext("Add a note saying what happened."), field="note")
    if occurred_on > clock.today():
        raise DomainError(
            gettext("The date of a step cannot be in the future."), field="occurred_on"
        )
    with transaction.atomic():
        review = _locked(review)
        if review.status == ReviewStatus.ACCEPTED:
            raise InvalidTransition(
                gettext("This review was accepted; there is nothing to escalate."),
                rule_id="REV-remind",
            )
        escalation = Escalation.objects.create(
            review=review, step=step, occurred_on=occurred_on, note=note, recorded_by_id=actor.pk
        )
        audit.record(
            Event.REVIEW_ESCALATION_RECORDED,
            actor=actor,
            subject=review,
            detail={"step": step, "occurred_on": occurred_on, "note": note},
        )
    return escalation
