"""REV-period: every listed micro-credential has its developer and provider reviews scheduled."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import Persona
from tests.factories import OrganisationFactory, accredit, listed_micro_credential
from tests.reviews.conftest import DUE_ON, submit_developer_review
from tohu.core.errors import DomainError, NotAllowed
from tohu.core.models import AuditEvent
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.register.models import MicroCredential
from tohu.reviews import services
from tohu.reviews.models import Review, ReviewKind, ReviewStatus

pytestmark = pytest.mark.django_db


def test_a_listing_gets_a_developer_review_and_one_per_accredited_provider(
    listed: MicroCredential, provider_org: Organisation, isb: Organisation
) -> None:
    created = services.reviews_schedule()
    assert {(r.kind, r.organisation_id, r.due_on) for r in created} == {
        (ReviewKind.DEVELOPER, isb.pk, DUE_ON),
        (ReviewKind.PROVIDER, provider_org.pk, DUE_ON),
    }
    assert all(r.status == ReviewStatus.SCHEDULED for r in created)
    assert AuditEvent.objects.filter(event="review.scheduled").count() == 2


def test_scheduling_twice_creates_nothing_twice(listed: MicroCredential) -> None:
    services.reviews_schedule()
    assert services.reviews_schedule() == []
    assert Review.objects.count() == 2


def test_a_provider_accredited_later_joins_the_same_cycle(
    listed: MicroCredential, outsider_org: Organisation
) -> None:
    services.reviews_schedule()
    accredit(outsider_org, listed, granted_on=date(2025, 1, 1))
    [created] = services.reviews_schedule()
    assert (created.kind, created.organisation_id, created.due_on) == (
        ReviewKind.PROVIDER,
        outsider_org.pk,
        DUE_ON,
    )


def test_a_listing_approved_before_the_2023_rules_is_reviewed_every_year(
    isb: Organisation, today: date
) -> None:
    older = listed_micro_credential(
        developer=isb, listed_on=date(2022, 6, 30), approved_on=date(2022, 6, 1)
    )
    assert older.next_review_due == date(2023, 6, 30)
    period = services.period_of(older)
    assert (period.years, period.rule_id) == (1, "REV-period")
    [review] = services.reviews_schedule(only=[older])
    assert review.transition_2025 is True


def test_a_listing_under_the_current_rules_is_not_in_the_transition(
    listed: MicroCredential,
) -> None:
    assert not any(r.transition_2025 for r in services.reviews_schedule())


def test_expiring_and_discontinued_listings_are_not_scheduled(
    listed: MicroCredential, quality_assurer: Persona
) -> None:
    register_services.micro_credential_status_set(
        actor=quality_assurer.user,
        micro_credential=listed,
        status="expiring",
        reason="Replaced.",
    )
    assert services.reviews_schedule() == []


def test_the_quality_assurer_sets_a_period_with_a_reason_and_the_review_moves(
    quality_assurer: Persona, developer_review: Review, listed: MicroCredential
) -> None:
    services.review_period_set(
        actor=quality_assurer.user, micro_credential=listed, years=2, reason="Fast-moving sector."
    )
    listed.refresh_from_db()
    assert listed.next_review_due == date(2026, 3, 1)
    developer_review.refresh_from_db()
    assert developer_review.due_on == date(2026, 3, 1)
    period = services.period_of(listed)
    assert (period.years, period.rule_id) == (2, "LOR-6.1g")
    assert "Fast-moving sector." in period.reason
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {"review.period_set", "micro_credential.next_review_set"} <= events


def test_a_period_override_beats_the_pre_2023_rule(
    quality_assurer: Persona, isb: Organisation, today: date
) -> None:
    older = listed_micro_credential(
        developer=isb, listed_on=date(2022, 6, 30), approved_on=date(2022, 6, 1)
    )
    services.review_period_set(
        actor=quality_assurer.user, micro_credential=older, years=3, reason="Stable content."
    )
    older.refresh_from_db()
    assert older.next_review_due == date(2025, 6, 30)


def test_a_period_runs_from_the_last_accepted_review(
    quality_assurer: Persona, developer: Persona, developer_review: Review, listed: MicroCredential
) -> None:
    submit_developer_review(developer, developer_review)
    services.review_accept(
        actor=quality_assurer.user, review=developer_review, today=date(2027, 1, 10)
    )
    services.review_period_set(
        actor=quality_assurer.user, micro_credential=listed, years=1, reason="Closer watch."
    )
    listed.refresh_from_db()
    assert listed.next_review_due == date(2028, 1, 10)


@pytest.mark.parametrize(("years", "reason", "field"), [(0, "Why", "years"), (2, "", "reason")])
def test_a_bad_period_is_refused_and_changes_nothing(
    quality_assurer: Persona, listed: MicroCredential, years: int, reason: str, field: str
) -> None:
    with pytest.raises(DomainError) as raised:
        services.review_period_set(
            actor=quality_assurer.user, micro_credential=listed, years=years, reason=reason
        )
    assert raised.value.field == field
    listed.refresh_from_db()
    assert listed.next_review_due == DUE_ON


@pytest.mark.parametrize("persona", ["developer", "provider", "outsider"])
def test_only_the_quality_assurer_sets_a_period(
    request: pytest.FixtureRequest, listed: MicroCredential, persona: str
) -> None:
    someone: Persona = request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.review_period_set(
            actor=someone.user, micro_credential=listed, years=1, reason="Mine."
        )


def test_a_provider_of_another_kind_is_not_asked(listed: MicroCredential) -> None:
    other = OrganisationFactory.create(slug="other-pte")
    services.reviews_schedule()
    assert not Review.objects.filter(organisation=other).exists()
