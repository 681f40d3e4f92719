"""What every application service shares: the state machine's check, who may act,
notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from tohu.applications.events import Event
from tohu.applications.models import APPLICATION_STATES, Application, Notification
from tohu.core import audit, clock
from tohu.core.effects import email_after_commit
from tohu.core.errors import NotAllowed, NotFound
from tohu.core.permissions import Action, can
from tohu.core.site import absolute_url
from tohu.organisations.models import Membership


def check_transition(application: Application, to: str, *, by: str) -> None:
    """Raise InvalidTransition unless the service `by` may move the application to `to`
    (`APPLICATION_STATES`, beside the model)."""
    APPLICATION_STATES.check(
        application.status, to, by=by, subject=f"Application {application.reference}"
    )


def lock(application: Application) -> Application:
    """Re-read the application with a row lock for the rest of the transaction."""
    return (
        Application.objects.select_for_update().select_related("applicant").get(pk=application.pk)
    )


def authorise_applicant(actor: audit.Actor, application: Application) -> None:
    """The applicant's own people, or its API key, may act on its application; nobody else."""
    if not can(actor, Action.APPLICATION_EDIT, application):
        if can(actor, Action.APPLICATION_VIEW, application):
            raise NotAllowed("Only the applicant's staff can change this application.")
        raise NotFound("There is no such application.")


def record(
    event: Event,
    application: Application,
    *,
    actor: audit.Actor,
    detail: dict[str, Any] | None = None,
) -> None:
    audit.record(
        event,
        actor=actor,
        subject=application,
        detail={"reference": application.reference, "status": application.status, **(detail or {})},
    )


def applicant_people(application: Application) -> list[AbstractBaseUser]:
    """The applicant's administrators and staff, who hear about every step."""
    user_ids = Membership.objects.filter(
        organisation_id=application.applicant_id, role__in=["admin", "staff"]
    ).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def notify(application: Application, people: Iterable[AbstractBaseUser], message: str) -> None:
    """Put a message in each person's list of notifications (inside the transaction)."""
    now = clock.now()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=person.pk, application=application, message=message, created_at=now
            )
            for person in {p.pk: p for p in people}.values()
        ]
    )


def application_url(application: Application) -> str:
    return absolute_url(reverse("applications:detail", args=[application.pk]))


def email_applicant(application: Application, *, subject: str, body: str) -> None:
    """Email the applicant's contact address and its people, after commit."""
    people = applicant_people(application)
    to = [application.applicant.email, *(getattr(p, "email", "") for p in people)]
    email_after_commit(
        to=sorted(set(to)),
        subject=f"{application.reference}: {subject}",
        body=f"{body}\n\nSee the application: {application_url(application)}\n",
    )


def quality_assurer_inbox() -> str:
    value: str = getattr(settings, "TOHU_APPLICATIONS_QA_EMAIL", "")
    return value


def email_evaluator(application: Application, *, subject: str, body: str) -> None:
    """Email the assigned evaluator, or the quality assurer's inbox, after commit."""
    evaluator = application.assigned_to
    address = getattr(evaluator, "email", "") if evaluator is not None else ""
    email_after_commit(
        to=[address or quality_assurer_inbox()],
        subject=f"{application.reference}: {subject}",
        body=f"{body}\n\nEvaluate it: {application_url(application)}\n",
    )
