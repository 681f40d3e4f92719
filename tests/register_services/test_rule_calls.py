"""The register's services compute their rules through the rulebook, not by themselves."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.conftest import Persona
from tests.factories import listed_micro_credential, version_details
from tests.rule_calls import rule_calls
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Organisation
from tohu.register import services
from tohu.register.models import ListingStatus
from tohu.rulebook import review_period

pytestmark = pytest.mark.django_db


def test_rule_calls_sees_rulebook_functions_and_nothing_else() -> None:
    with rule_calls() as called:
        sum(range(10))
    assert called == set()
    with rule_calls() as called:
        review_period(
            first_approved_on=date(2024, 1, 1), proposed_years=3, cutover_2022=date(2023, 1, 16)
        )
    assert called == {"REV-period"}


def test_listing_numbers_it_and_dates_its_first_review_by_the_rulebook(isb: Organisation) -> None:
    with rule_calls() as called:
        listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    assert {"LOR-13.2", "REV-period"} <= called


def test_a_new_version_is_numbered_and_moves_the_review_by_the_rulebook(
    isb: Organisation,
) -> None:
    listing = listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    with rule_calls() as called:
        services.micro_credential_add_version(
            actor=SYSTEM,
            micro_credential=listing,
            details=version_details(review_period_years=2),
            approved_on=date(2024, 9, 2),
            effective_from=date(2024, 9, 2),
            change_summary="Two-year review.",
        )
    assert {"VER-1", "REV-period"} <= called


def test_expiring_status_gets_its_default_end_date_from_the_rulebook(
    isb: Organisation, quality_assurer: Persona
) -> None:
    listing = listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    with rule_calls() as called:
        services.micro_credential_status_set(
            actor=quality_assurer.user,
            micro_credential=listing,
            status=ListingStatus.EXPIRING,
            effective_on=date(2025, 6, 30),
            reason="Being replaced.",
        )
    assert {"LOR-8.1", "LOR-8.3"} <= called
    listing.refresh_from_db()
    assert listing.expiring_end_date == date(2027, 6, 30)


def test_discontinuing_after_the_end_date_takes_the_day_from_the_rulebook(
    isb: Organisation, quality_assurer: Persona
) -> None:
    listing = listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    services.micro_credential_status_set(
        actor=quality_assurer.user,
        micro_credential=listing,
        status=ListingStatus.EXPIRING,
        effective_on=date(2025, 6, 30),
        end_date=date(2025, 12, 31),
    )
    with time_machine.travel(date(2026, 1, 5).isoformat(), tick=False), rule_calls() as called:
        assert services.micro_credentials_discontinue_expired() == [listing.listing_number]
    assert "LOR-8.3" in called
    listing.refresh_from_db()
    assert listing.discontinued_on == date(2026, 1, 1)
