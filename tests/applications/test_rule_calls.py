"""Applications compute their rules through the rulebook: the pre-check, decisions, requests
for information, fees and the equivalency clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from tests.applications.conftest import MakeDraft
from tests.conftest import Persona
from tests.factories import listed_micro_credential
from tests.rule_calls import rule_calls
from tohu.applications import selectors, services
from tohu.applications.fees import fee_for
from tohu.applications.models import Application, ApplicationType
from tohu.organisations.models import Organisation

Evaluated = Callable[..., Application]

LISTING_RULES = {
    "LOR-3-credit",
    "LOR-3-level",
    "MC-size",
    "MC-size-pre2022",
    "LOR-6.1a",
    "LOR-6.1b",
    "LOR-6.1c",
    "LOR-6.1d",
    "LOR-6.1e",
    "LOR-6.1f",
    "LOR-6.1g",
    "LOR-6.2a",
    "LOR-6.2b",
    "LOR-7",
    "TEHONO",
}


def test_the_precheck_applies_every_listing_rule_through_the_rulebook(
    make_draft: MakeDraft, provider: Persona
) -> None:
    application = make_draft(provider, ApplicationType.LISTING_APPROVAL_ACCREDITATION)
    with rule_calls() as called:
        selectors.precheck_for(application)
    assert called >= LISTING_RULES | {"APP-who", "WDC-support", "MAAR-consent"}


def test_a_change_precheck_asks_the_rulebook_about_its_target_and_letter(
    make_draft: MakeDraft, provider: Persona
) -> None:
    assert provider.organisation is not None
    listing = listed_micro_credential(developer=provider.organisation)
    application = make_draft(provider, ApplicationType.CHANGE, micro_credential=listing)
    with rule_calls() as called:
        selectors.precheck_for(application)
    assert called >= LISTING_RULES | {"APP-who", "VER-1", "WDC-support"}


def test_approval_with_another_review_period_goes_through_the_rulebook(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    with rule_calls() as called:
        services.application_approve(
            actor=quality_assurer.user,
            application=application,
            review_period_years=5,
            review_period_reason="Reviewed with the sector every five years.",
        )
    assert called >= {
        "LOR-6.1g",
        "MAAR-approval",
        "CONDITIONS",
        "LOR-6.1a",
        "LOR-13.2",
        "REV-period",
    }


def test_a_change_given_in_hours_gets_its_credits_from_the_rulebook(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona, isb: Organisation
) -> None:
    listing = listed_micro_credential(developer=isb)
    application = evaluated(
        developer, ApplicationType.CHANGE, micro_credential=listing, credits=None
    )
    assert application.credits is None
    with rule_calls() as called:
        services.application_approve(actor=quality_assurer.user, application=application)
    assert {"LOR-3-credit", "VER-1"} <= called
    listing.refresh_from_db()
    assert listing.current_version is not None
    assert listing.current_version.credits == 6


def test_a_decline_and_a_request_for_information_go_through_the_rulebook(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona, frozen_day: Any
) -> None:
    application = evaluated(developer)
    with rule_calls() as called:
        services.information_request(
            actor=quality_assurer.user,
            application=application,
            questions="Send the moderation plan.",
            due_on=date(2026, 3, 20),
        )
    assert "LOR-13.1" in called
    services.information_reply(actor=developer.user, application=application, reply="Attached.")
    with rule_calls() as called:
        services.application_decline(
            actor=quality_assurer.user, application=application, reasons="No evidence of need."
        )
    assert "LOR-13.3" in called


def test_fees_and_the_equivalency_clock_come_from_the_rulebook(
    make_draft: MakeDraft, employer: Persona, developer: Persona, settings: Any, frozen_day: Any
) -> None:
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_last_day=date(2026, 12, 31))
    listing = make_draft(developer)
    statement = make_draft(employer, ApplicationType.EQUIVALENCY)
    services.application_submit(actor=employer.user, application=statement)
    frozen_day.shift(timedelta(days=3))
    with rule_calls() as called:
        fee_for(listing)
        fee_for(statement)
        selectors.equivalency_lateness(statement)
    assert {"FEE-hourly", "EQV-fee", "EQV-time"} <= called
