"""Reviews compute their rules through the rulebook: periods, outcomes and prompts."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import Persona
from tests.reviews.conftest import submit_developer_review
from tests.rule_calls import rule_calls
from tohu.register.models import MicroCredential
from tohu.reviews import services
from tohu.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_scheduling_asks_the_rulebook_about_the_2025_review(listed: MicroCredential) -> None:
    with rule_calls() as called:
        services.reviews_schedule()
    assert "TRANS-2025" in called


@pytest.mark.parametrize(
    ("outcome", "rules"),
    [
        pytest.param("continue_unchanged", {"REV-period"}, id="the next review"),
        pytest.param("continue_with_changes", {"REV-period", "REV-form"}, id="changes due"),
        pytest.param("do_not_continue", {"LOR-8.3"}, id="expiring with its end date"),
    ],
)
def test_an_accepted_outcome_is_worked_out_by_the_rulebook(
    developer: Persona,
    quality_assurer: Persona,
    developer_review: Review,
    outcome: str,
    rules: set[str],
) -> None:
    submit_developer_review(
        developer, developer_review, outcome=outcome, outcome_reasons="As the review found."
    )
    with rule_calls() as called:
        services.review_accept(
            actor=quality_assurer.user, review=developer_review, today=date(2027, 1, 10)
        )
    assert rules <= called


def test_prompts_and_the_set_period_go_through_the_rulebook(
    listed: MicroCredential, quality_assurer: Persona
) -> None:
    with rule_calls() as called:
        services.reviews_prompt(today=date(2027, 1, 10))
    assert "REV-remind" in called
    with rule_calls() as called:
        services.review_period_set(
            actor=quality_assurer.user, micro_credential=listed, years=2, reason="Sector review."
        )
    assert {"LOR-6.1g", "REV-period"} <= called
