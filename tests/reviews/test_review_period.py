"""REV-period and TRANS-2025 (c) follow the day a micro-credential was first approved, and a
version that changes the review period moves the next review."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import Persona
from tests.factories import listed_micro_credential, version_details
from tests.reviews.conftest import submit_developer_review
from tohu.core.models import AuditEvent
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.register.models import MicroCredential
from tohu.reviews import selectors, services
from tohu.reviews.models import Review, ReviewStatus

pytestmark = pytest.mark.django_db


def _change(
    micro_credential: MicroCredential, approved_on: date, **details: object
) -> MicroCredential:
    register_services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=micro_credential,
        details=version_details(**details),
        approved_on=approved_on,
        effective_from=approved_on,
        change_summary="Updated outcomes.",
    )
    micro_credential.refresh_from_db()
    return micro_credential


@pytest.fixture
def changed_since(isb: Organisation) -> MicroCredential:
    """First approved in 2022 with a 3-year period proposed; a change approved in 2024."""
    older = listed_micro_credential(
        developer=isb, listed_on=date(2022, 6, 30), approved_on=date(2022, 6, 1)
    )
    return _change(older, date(2024, 5, 6))


def test_a_change_since_the_2023_rules_keeps_the_one_year_period(
    changed_since: MicroCredential,
) -> None:
    period = services.period_of(changed_since)
    assert (period.years, period.rule_id) == (1, "REV-period")
    assert "2022-06-01" in period.reason


def test_a_change_since_the_2023_rules_keeps_it_in_the_2025_review(
    changed_since: MicroCredential, quality_assurer: Persona
) -> None:
    assert changed_since in selectors.legacy_micro_credentials(quality_assurer.user)
    [review] = services.reviews_schedule(only=[changed_since])
    assert review.transition_2025 is True


def test_its_next_review_after_acceptance_is_a_year_on(
    changed_since: MicroCredential, developer: Persona, quality_assurer: Persona
) -> None:
    [review] = services.reviews_schedule(only=[changed_since])
    submit_developer_review(developer, review)
    services.review_accept(actor=quality_assurer.user, review=review, today=date(2027, 1, 10))
    changed_since.refresh_from_db()
    assert changed_since.next_review_due == date(2028, 1, 10)


def test_a_version_changing_the_period_moves_the_next_review(
    isb: Organisation, today: date
) -> None:
    listing = listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    assert listing.next_review_due == date(2027, 3, 1)
    [review] = services.reviews_schedule(only=[listing])
    _change(listing, date(2024, 10, 7), review_period_years=2)
    assert listing.next_review_due == date(2026, 3, 1)
    review.refresh_from_db()
    assert review.due_on == date(2026, 3, 1)
    event = AuditEvent.objects.filter(event="micro_credential.next_review_set").get()
    assert event.detail == {
        "from": "2027-03-01",
        "to": "2026-03-01",
        "reason": "Version 2 proposes a review period of 2 year(s) (REV-period).",
    }


def test_a_version_keeping_the_period_leaves_the_next_review(
    isb: Organisation, today: date
) -> None:
    listing = listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    _change(listing, date(2024, 10, 7), title="Forklift Operation in Cold Stores")
    assert listing.next_review_due == date(2027, 3, 1)
    assert not AuditEvent.objects.filter(event="micro_credential.next_review_set").exists()


def test_a_period_change_runs_from_the_last_accepted_review(
    isb: Organisation, developer: Persona, quality_assurer: Persona, today: date
) -> None:
    listing = listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    [review] = services.reviews_schedule(only=[listing])
    submit_developer_review(developer, review)
    services.review_accept(actor=quality_assurer.user, review=review, today=date(2027, 1, 10))
    listing.refresh_from_db()
    assert listing.next_review_due == date(2030, 1, 10)
    _change(listing, date(2027, 2, 1), review_period_years=1)
    assert listing.next_review_due == date(2028, 1, 10)


def test_a_period_the_quality_assurer_set_wins_over_a_version(
    isb: Organisation, quality_assurer: Persona, today: date
) -> None:
    listing = listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    services.review_period_set(
        actor=quality_assurer.user, micro_credential=listing, years=2, reason="Sector review."
    )
    listing.refresh_from_db()
    assert listing.next_review_due == date(2026, 3, 1)
    _change(listing, date(2024, 10, 7), review_period_years=1)
    assert listing.next_review_due == date(2026, 3, 1)


def test_a_version_of_a_listing_before_the_2023_rules_keeps_its_annual_review(
    isb: Organisation, today: date
) -> None:
    older = listed_micro_credential(
        developer=isb, listed_on=date(2022, 6, 30), approved_on=date(2022, 6, 1)
    )
    _change(older, date(2024, 5, 6), review_period_years=2)
    assert older.next_review_due == date(2023, 6, 30)


def test_a_listing_without_a_further_review_gets_none_from_a_version(
    isb: Organisation, developer: Persona, quality_assurer: Persona, today: date
) -> None:
    listing = listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    [review] = services.reviews_schedule(only=[listing])
    submit_developer_review(developer, review, outcome="do_not_continue", outcome_reasons="Gone.")
    services.review_accept(actor=quality_assurer.user, review=review, today=date(2027, 1, 10))
    listing.refresh_from_db()
    assert listing.next_review_due is None
    _change(listing, date(2027, 2, 1), review_period_years=1)
    assert listing.next_review_due is None
    assert (
        Review.objects.filter(micro_credential=listing, status=ReviewStatus.SCHEDULED).count() == 0
    )
