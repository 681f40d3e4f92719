"""REV-form outcomes: each acts in one transaction with its audit event; escalation steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail

from tests.conftest import Persona
from tests.reviews.conftest import submit_developer_review
from tohu.applications.models import Application, ApplicationStatus, ApplicationType
from tohu.core.errors import DomainError, InvalidTransition, NotAllowed
from tohu.core.models import AuditEvent
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.register.models import ListingStatus, MicroCredential
from tohu.reviews import services
from tohu.reviews.models import Review, ReviewKind, ReviewStatus

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
TODAY = date(2027, 1, 10)


def test_continue_unchanged_schedules_the_next_review(
    quality_assurer: Persona, submitted: Review, listed: MicroCredential
) -> None:
    accepted = services.review_accept(actor=quality_assurer.user, review=submitted, today=TODAY)
    assert accepted.status == ReviewStatus.ACCEPTED
    listed.refresh_from_db()
    assert listed.status == ListingStatus.CURRENT
    assert listed.next_review_due == date(2030, 1, 10)
    next_cycle = Review.objects.filter(micro_credential=listed, due_on=date(2030, 1, 10))
    assert set(next_cycle.values_list("kind", flat=True)) == {"developer", "provider"}
    event = AuditEvent.objects.get(event="review.accepted")
    assert event.detail["next_review_due"] == "2030-01-10"


def test_continue_with_changes_opens_a_change_application_due_in_three_months(
    quality_assurer: Persona, developer: Persona, developer_review: Review, isb: Organisation
) -> None:
    submit_developer_review(
        developer,
        developer_review,
        outcome="continue_with_changes",
        updates_needed="Add a learning outcome on battery-electric forklifts.",
    )
    accepted = services.review_accept(
        actor=quality_assurer.user, review=developer_review, today=TODAY
    )
    application = Application.objects.get()
    assert accepted.change_application == application
    assert accepted.change_application_due_on == date(2027, 4, 10)
    assert application.application_type == ApplicationType.CHANGE
    assert application.status == ApplicationStatus.DRAFT
    assert application.applicant == isb
    assert "battery-electric" in application.change_summary
    assert application.title == "Introduction to Forklift Operation"
    assert AuditEvent.objects.filter(event="application.created").exists()


def test_do_not_continue_makes_the_listing_expiring_and_tells_providers(
    quality_assurer: Persona,
    developer: Persona,
    developer_review: Review,
    listed: MicroCredential,
    provider_org: Organisation,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    provider_org.email = "admin@southern.ac.nz"
    provider_org.save()
    submit_developer_review(developer, developer_review, outcome="do_not_continue")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_accept(actor=quality_assurer.user, review=developer_review, today=TODAY)
    listed.refresh_from_db()
    assert listed.status == ListingStatus.EXPIRING
    assert listed.expiring_end_date == date(2029, 1, 10)
    assert listed.next_review_due is None
    told = [m for m in mail.outbox if "admin@southern.ac.nz" in m.to]
    assert told
    assert "no new enrolments" in told[0].body


def test_an_expiring_listing_is_discontinued_after_its_end_date(
    quality_assurer: Persona, developer: Persona, developer_review: Review, listed: MicroCredential
) -> None:
    submit_developer_review(developer, developer_review, outcome="do_not_continue")
    services.review_accept(actor=quality_assurer.user, review=developer_review, today=TODAY)
    changed = register_services.micro_credentials_discontinue_expired(
        today=date(2029, 1, 10) + timedelta(days=1)
    )
    assert changed == [listed.listing_number]
    listed.refresh_from_db()
    assert listed.status == ListingStatus.DISCONTINUED


def test_an_outcome_that_cannot_act_rolls_the_acceptance_back(
    quality_assurer: Persona,
    developer: Persona,
    developer_review: Review,
    listed: MicroCredential,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    submit_developer_review(developer, developer_review, outcome="do_not_continue")
    register_services.micro_credential_status_set(
        actor=quality_assurer.user, micro_credential=listed, status="removed", reason="Error."
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidTransition):
        services.review_accept(actor=quality_assurer.user, review=developer_review, today=TODAY)
    developer_review.refresh_from_db()
    assert developer_review.status == ReviewStatus.SUBMITTED
    assert not AuditEvent.objects.filter(event="review.accepted").exists()
    assert mail.outbox == []


def test_accepting_a_provider_review_changes_nothing_on_the_register(
    quality_assurer: Persona, provider: Persona, provider_review: Review, listed: MicroCredential
) -> None:
    from tests.reviews.conftest import PROVIDER_ANSWERS

    services.review_submit(actor=provider.user, review=provider_review, answers=PROVIDER_ANSWERS)
    services.review_accept(actor=quality_assurer.user, review=provider_review, today=TODAY)
    listed.refresh_from_db()
    assert (listed.status, listed.next_review_due) == (ListingStatus.CURRENT, date(2027, 3, 1))


def test_escalation_steps_are_recorded_with_a_date_and_note(
    quality_assurer: Persona, developer_review: Review
) -> None:
    step = services.review_escalate(
        actor=quality_assurer.user,
        review=developer_review,
        step="rule17_interim",
        occurred_on=date(2027, 1, 5),
        note="Interim decision: expiring unless a report arrives by 1 February.",
    )
    assert step.get_step_display() == "Rule 17: interim decision"
    assert AuditEvent.objects.filter(event="review.escalation_recorded").count() == 1


@pytest.mark.parametrize(
    ("step", "occurred_on", "note", "field"),
    [
        ("rule99", date(2027, 1, 5), "x", "step"),
        ("rule16_notice", date(2027, 1, 5), " ", "note"),
        ("rule16_notice", date(2027, 2, 5), "x", "occurred_on"),
    ],
)
def test_a_bad_escalation_step_is_refused(
    quality_assurer: Persona,
    developer_review: Review,
    step: str,
    occurred_on: date,
    note: str,
    field: str,
) -> None:
    with pytest.raises(DomainError) as raised:
        services.review_escalate(
            actor=quality_assurer.user,
            review=developer_review,
            step=step,
            occurred_on=occurred_on,
            note=note,
        )
    assert raised.value.field == field
    assert not developer_review.escalations.exists()


def test_an_accepted_review_is_not_escalated(quality_assurer: Persona, submitted: Review) -> None:
    services.review_accept(actor=quality_assurer.user, review=submitted)
    with pytest.raises(InvalidTransition):
        services.review_escalate(
            actor=quality_assurer.user,
            review=submitted,
            step="rule17_notice",
            occurred_on=TODAY,
            note="x",
        )


def test_a_developer_cannot_record_escalation(developer: Persona, developer_review: Review) -> None:
    with pytest.raises(NotAllowed):
        services.review_escalate(
            actor=developer.user,
            review=developer_review,
            step="rule17_notice",
            occurred_on=TODAY,
            note="x",
        )


def test_kinds_are_what_the_schedule_made(reviews: dict[str, Review]) -> None:
    assert reviews["developer"].kind == ReviewKind.DEVELOPER


def test_a_change_not_applied_for_is_followed_up_and_late_after_its_due_date(
    quality_assurer: Persona, developer: Persona, developer_review: Review
) -> None:
    from tohu.reviews import selectors

    submit_developer_review(developer, developer_review, outcome="continue_with_changes")
    services.review_accept(actor=quality_assurer.user, review=developer_review, today=TODAY)
    [item] = selectors.change_follow_ups(quality_assurer.user, today=TODAY)
    assert (item.review.pk, item.late) == (developer_review.pk, False)
    [late] = selectors.change_follow_ups(quality_assurer.user, today=date(2027, 4, 11))
    assert late.late
    Application.objects.update(status=ApplicationStatus.SUBMITTED)
    assert selectors.change_follow_ups(quality_assurer.user, today=date(2027, 4, 11)) == []
    assert selectors.change_follow_ups(developer.user, today=TODAY) == []


def test_the_time_to_apply_for_changes_is_a_setting(
    quality_assurer: Persona, developer: Persona, developer_review: Review, settings: Any
) -> None:
    submit_developer_review(developer, developer_review, outcome="continue_with_changes")
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, review_change_application_months=6)
    accepted = services.review_accept(
        actor=quality_assurer.user, review=developer_review, today=TODAY
    )
    assert accepted.change_application_due_on == date(2027, 7, 10)
