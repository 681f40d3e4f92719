"""Who may do what with reviews: one place decides (`can`), deny by default."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.conftest import Persona
from tohu.core.permissions import Action, can
from tohu.reviews.models import Review

pytestmark = pytest.mark.django_db

PERSONAS = ["quality_assurer", "qa_manager", "developer", "provider", "outsider"]
EXPECTED: dict[Action, set[str]] = {
    Action.REVIEWS_VIEW_ALL: {"quality_assurer", "qa_manager"},
    Action.REVIEWS_VIEW_OWN: {"developer", "provider", "outsider"},
    Action.REVIEW_DECIDE: {"quality_assurer", "qa_manager"},
    Action.REVIEW_SET_PERIOD: {"quality_assurer", "qa_manager"},
    Action.TRANSITION_MANAGE: {"quality_assurer", "qa_manager"},
}


@pytest.fixture
def people(request: pytest.FixtureRequest) -> dict[str, object]:
    found: dict[str, object] = {"anonymous": AnonymousUser()}
    for name in PERSONAS:
        persona: Persona = request.getfixturevalue(name)
        found[name] = persona.user
    return found


@pytest.mark.parametrize("action", list(EXPECTED), ids=lambda a: a.value)
def test_each_review_action_is_allowed_to_exactly_the_expected_people(
    people: dict[str, object], action: Action
) -> None:
    allowed = {name for name, user in people.items() if can(user, action)}  # type: ignore[arg-type]
    assert allowed == EXPECTED[action]


def test_a_review_is_seen_by_its_organisation_and_the_quality_assurer(
    people: dict[str, object], reviews: dict[str, Review]
) -> None:
    def who(action: Action, review: Review) -> set[str]:
        return {name for name, user in people.items() if can(user, action, review)}  # type: ignore[arg-type]

    provider_review, developer_review = reviews["provider"], reviews["developer"]
    assert who(Action.REVIEW_VIEW, provider_review) == {"quality_assurer", "qa_manager", "provider"}
    assert who(Action.REVIEW_FILE, provider_review) == {"provider"}
    assert who(Action.REVIEW_VIEW, developer_review) == {
        "quality_assurer",
        "qa_manager",
        "developer",
    }
    assert who(Action.REVIEW_FILE, developer_review) == {"developer"}
