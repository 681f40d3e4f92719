"""The quality assurer's side before a decision: assignment, criteria, hours, requests for
information (LOR-13.1) and the applicant's reply."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tohu.applications.events import Event
from tohu.applications.models import (
    Application,
    ApplicationStatus,
    CriterionJudgement,
    InformationRequest,
)
from tohu.applications.services import common
from tohu.applications.services.drafts import content_changes, content_of
from tohu.core import audit, clock
from tohu.core.errors import DomainError, InvalidTransition
from tohu.core.permissions import Action, can, require
from tohu.core.principal import SYSTEM, user_id_of
from tohu.rulebook import Criterion, check_information_request, criteria_for, day_text

S = ApplicationStatus
MAX_HOURS_AT_ONCE = Decimal("100")


def application_criteria(application: Application) -> tuple[Criterion, ...]:
    """The criteria the evaluator judges for this application (MAAR, EQV-out)."""
    micro_credential = application.micro_credential
    holds_approval = (
        micro_credential is None or micro_credential.developer_id == application.applicant_id
    )
    return criteria_for(application.rulebook_type, holds_approval=holds_approval)


def _check_evaluator(evaluator: AbstractBaseUser, application: Application) -> None:
    if not can(evaluator, Action.APPLICATION_EVALUATE, application):
        raise DomainError(
            f"{evaluator.get_username()} is not an evaluator of the quality assurer that "
            "decides this application.",
            field="evaluator",
        )


def application_begin_evaluation(
    *, actor: AbstractBaseUser, application: Application, evaluator: AbstractBaseUser | None = None
) -> Application:
    """Take a submitted application into evaluation, assigned to the evaluator (or the actor)."""
    require(actor, Action.APPLICATION_EVALUATE, application)
    evaluator = evaluator or actor
    _check_evaluator(evaluator, application)
    with transaction.atomic():
        locked = common.lock(application)
        common.check_transition(locked, S.IN_EVALUATION, by="application_begin_evaluation")
        locked.status = S.IN_EVALUATION
        locked.assigned_to_id = evaluator.pk
        locked.save()
        common.record(
            Event.EVALUATION_STARTED,
            locked,
            actor=actor,
            detail={"evaluator": evaluator.get_username()},
        )
        common.notify(locked, [evaluator], f"{locked.reference} is assigned to you.")
    application.refresh_from_db()
    return application


def application_assign(
    *, actor: AbstractBaseUser, application: Application, evaluator: AbstractBaseUser
) -> Application:
    """Give an application that is being evaluated (or waiting) to another evaluator."""
    require(actor, Action.APPLICATION_DECIDE, application)
    _check_evaluator(evaluator, application)
    with transaction.atomic():
        locked = common.lock(application)
        if locked.status not in (S.SUBMITTED, S.IN_EVALUATION, S.INFORMATION_REQUESTED):
            raise InvalidTransition(
                f"Application {locked.reference} is {locked.get_status_display().lower()}; "
                "it cannot be assigned."
            )
        locked.assigned_to_id = evaluator.pk
        locked.save(update_fields=["assigned_to", "updated_at"])
        common.record(
            Event.ASSIGNED, locked, actor=actor, detail={"evaluator": evaluator.get_username()}
        )
        common.notify(locked, [evaluator], f"{locked.reference} is assigned to you.")
    application.refresh_from_db()
    return application


def criterion_judge(
    *,
    actor: AbstractBaseUser,
    application: Application,
    criterion: str,
    verdict: str,
    note: str = "",
) -> CriterionJudgement:
    """Record a verdict on one criterion: met, not met, or met with conditions, with a note."""
    require(actor, Action.APPLICATION_EVALUATE, application)
    known = {c.code: c for c in application_criteria(application)}
    if criterion not in known:
        raise DomainError(
            f"{criterion!r} is not a criterion of this application.", field="criterion"
        )
    if verdict not in CriterionJudgement.Verdict.values:
        raise DomainError(f"{verdict!r} is not a verdict.", field="verdict")
    if verdict != CriterionJudgement.Verdict.MET and not note.strip():
        raise DomainError(
            "Say why the criterion is not met, or what the conditions are.",
            field="note",
            rule_id=known[criterion].rule_id,
        )
    with transaction.atomic():
        locked = common.lock(application)
        if locked.status not in (S.IN_EVALUATION, S.INFORMATION_REQUESTED):
            raise InvalidTransition(
                f"Application {locked.reference} is {locked.get_status_display().lower()}; "
                "criteria are judged only during evaluation."
            )
        judgement, _ = CriterionJudgement.objects.update_or_create(
            application=locked,
            criterion=criterion,
            defaults={
                "verdict": verdict,
                "note": note.strip(),
                "judged_by_id": actor.pk,
                "judged_at": clock.now(),
            },
        )
        common.record(
            Event.CRITERION_JUDGED,
            locked,
            actor=actor,
            detail={
                "criterion": criterion,
                "rule_id": known[criterion].rule_id,
                "verdict": verdict,
            },
        )
    return judgement


def evaluator_hours_record(
    *, actor: AbstractBaseUser, application: Application, hours: Decimal
) -> Application:
    """Add the hours an evaluator spent; the fee estimate follows (FEE-hourly)."""
    require(actor, Action.APPLICATION_EVALUATE, application)
    if hours <= 0 or hours > MAX_HOURS_AT_ONCE:
        raise DomainError("Record between 0.25 and 100 hours at a time.", field="hours")
    with transaction.atomic():
        locked = common.lock(application)
        if locked.status not in (S.SUBMITTED, S.IN_EVALUATION, S.INFORMATION_REQUESTED):
            raise InvalidTransition("Hours are recorded while the application is being evaluated.")
        locked.evaluator_hours += hours
        locked.save(update_fields=["evaluator_hours", "updated_at"])
        common.record(
            Event.HOURS_RECORDED,
            locked,
            actor=actor,
            detail={"hours": str(hours), "total": str(locked.evaluator_hours)},
        )
    application.refresh_from_db()
    return application


def information_request(
    *, actor: AbstractBaseUser, application: Application, questions: str, due_on: date
) -> InformationRequest:
    """Ask the applicant for more (LOR-13.1); the elapsed-time clock stops until the reply."""
    require(actor, Action.APPLICATION_EVALUATE, application)
    for finding in check_information_request(questions, due_on=due_on, today=clock.today()):
        raise DomainError(finding.message, field=finding.field, rule_id=finding.rule_id)
    with transaction.atomic():
        locked = common.lock(application)
        common.check_transition(locked, S.INFORMATION_REQUESTED, by="information_request")
        request = InformationRequest.objects.create(
            application=locked,
            content_at_request=content_of(locked),
            questions=questions.strip(),
            due_on=due_on,
            requested_by_id=actor.pk,
            requested_at=clock.now(),
        )
        locked.status = S.INFORMATION_REQUESTED
        locked.save()
        common.record(
            Event.INFORMATION_REQUESTED,
            locked,
            actor=actor,
            detail={"due_on": due_on, "rule_id": "LOR-13.1"},
        )
        common.notify(
            locked,
            common.applicant_people(locked),
            f"More information is needed for {locked.reference} by {day_text(due_on)}.",
        )
        common.email_applicant(
            locked,
            subject="further information requested",
            body=f"The evaluator needs more information by {day_text(due_on)} (LOR-13.1):\n\n"
            f"{request.questions}",
        )
    application.refresh_from_db()
    return request


def information_reply(
    *,
    actor: audit.Actor,
    application: Application,
    reply: str,
) -> InformationRequest:
    """Answer the open request for information; evaluation resumes."""
    common.authorise_applicant(actor, application)
    if not reply.strip():
        raise DomainError("Write your reply to the request.", field="reply", rule_id="LOR-13.1")
    with transaction.atomic():
        locked = common.lock(application)
        common.check_transition(locked, S.IN_EVALUATION, by="information_reply")
        request = locked.information_requests.filter(replied_at__isnull=True).last()
        if request is None:  # pragma: no cover - the status says there is one
            raise InvalidTransition("There is no open request for information.")
        request.reply = reply.strip()
        request.replied_at = clock.now()
        request.replied_by_id = user_id_of(actor)
        request.content_at_reply = content_of(locked)
        request.save()
        locked.status = S.IN_EVALUATION
        locked.save()
        changed = content_changes(request.content_at_request, request.content_at_reply)
        common.record(
            Event.INFORMATION_PROVIDED, locked, actor=actor, detail={"fields": sorted(changed)}
        )
        if locked.assigned_to is not None:
            common.notify(
                locked,
                [locked.assigned_to],
                f"{locked.applicant.name} replied on {locked.reference}.",
            )
        common.email_evaluator(
            locked,
            subject="reply received",
            body=f"{locked.applicant.name} replied to the request for information.",
        )
    application.refresh_from_db()
    return request


def information_requests_remind_overdue(*, today: date | None = None) -> list[str]:
    """Remind applicants once whose reply to a request for information is overdue (LOR-13.1).

    Return the references reminded; running it again the same day reminds nobody twice.
    """
    today = today or clock.today()
    overdue = InformationRequest.objects.filter(
        replied_at__isnull=True,
        reminded_on__isnull=True,
        due_on__lt=today,
        application__status=S.INFORMATION_REQUESTED,
    ).select_related("application", "application__applicant")
    reminded: list[str] = []
    for request in overdue:
        with transaction.atomic():
            application = request.application
            InformationRequest.objects.filter(pk=request.pk).update(reminded_on=today)
            common.record(
                Event.INFORMATION_OVERDUE_REMINDED,
                application,
                actor=SYSTEM,
                detail={"due_on": request.due_on},
            )
            common.notify(
                application,
                common.applicant_people(application),
                f"Your reply on {application.reference} was due {day_text(request.due_on)}.",
            )
            common.email_applicant(
                application,
                subject="reply overdue",
                body=f"The reply to the request for information was due on "
                f"{day_text(request.due_on)}. Evaluation waits until you reply (LOR-13.1).",
            )
        reminded.append(application.reference)
    return reminded
