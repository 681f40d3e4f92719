"""One place decides: `can(user, action, obj)`, deny by default."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.conftest import Persona
from tohu.core.errors import NotAllowed
from tohu.core.permissions import RULES, Action, can, require

PERSONAS = ["quality_assurer", "qa_manager", "developer", "provider", "outsider", "learner_user"]

# who may do what, with no object in play
EXPECTED: dict[Action, set[str]] = {
    Action.REGISTER_VIEW: {*PERSONAS, "anonymous"},
    Action.REGISTER_SET_STATUS: {"quality_assurer", "qa_manager"},
    Action.REGISTER_MANAGE_ACCREDITATION: {"quality_assurer", "qa_manager"},
    Action.AUDIT_VIEW: {"qa_manager"},
    Action.DASHBOARD_QUALITY_ASSURER: {"quality_assurer", "qa_manager"},
    Action.DASHBOARD_DEVELOPER: {"developer", "provider", "outsider"},
    Action.DASHBOARD_PROVIDER: {"provider", "outsider"},
    Action.DASHBOARD_LEARNER: {"learner_user"},
    Action.ACCOUNT_MANAGE_OWN: set(PERSONAS),
    Action.ACCOUNT_RECOVER: {*PERSONAS, "anonymous"},
    Action.CREDENTIAL_EXCHANGE: {*PERSONAS, "anonymous"},
    Action.ORGANISATION_SET_NZBN: set(),
    Action.ISSUER_KEY_MANAGE: set(),
}


@pytest.fixture
def people(request: pytest.FixtureRequest, learner) -> dict[str, object]:
    found: dict[str, object] = {"anonymous": AnonymousUser(), "learner_user": learner[0].user}
    for name in PERSONAS[:-1]:
        persona: Persona = request.getfixturevalue(name)
        found[name] = persona.user
    return found


@pytest.mark.parametrize("action", list(EXPECTED), ids=lambda a: a.value)
def test_each_action_is_allowed_to_exactly_the_expected_people(
    people: dict[str, object], action: Action
) -> None:
    allowed = {name for name, user in people.items() if can(user, action)}  # type: ignore[arg-type]
    assert allowed == EXPECTED[action]


def test_every_action_in_the_vocabulary_has_a_rule() -> None:
    assert set(RULES) == set(Action)


def test_organisation_pages_are_for_members_and_the_quality_assurer(
    provider: Persona, outsider: Persona, quality_assurer: Persona, developer: Persona
) -> None:
    organisation = provider.organisation
    assert can(provider.user, Action.ORGANISATION_VIEW, organisation)
    assert can(quality_assurer.user, Action.ORGANISATION_VIEW, organisation)
    assert not can(outsider.user, Action.ORGANISATION_VIEW, organisation)
    assert not can(developer.user, Action.ORGANISATION_VIEW, organisation)


def test_only_an_organisation_admin_manages_its_keys(
    provider: Persona, outsider: Persona, quality_assurer: Persona
) -> None:
    assert can(provider.user, Action.ORGANISATION_MANAGE_KEYS, provider.organisation)
    assert not can(outsider.user, Action.ORGANISATION_MANAGE_KEYS, provider.organisation)
    assert not can(quality_assurer.user, Action.ORGANISATION_MANAGE_KEYS, provider.organisation)


def test_a_learner_sees_only_their_own_record(
    learner, outsider: Persona, quality_assurer: Persona
) -> None:
    persona, record = learner
    assert can(persona.user, Action.LEARNER_VIEW, record)
    assert can(quality_assurer.user, Action.LEARNER_VIEW, record)
    assert not can(outsider.user, Action.LEARNER_VIEW, record)
    assert not can(AnonymousUser(), Action.LEARNER_VIEW, record)


def test_a_deactivated_user_may_do_nothing_private(quality_assurer: Persona) -> None:
    quality_assurer.user.is_active = False
    assert not can(quality_assurer.user, Action.DASHBOARD_QUALITY_ASSURER)


def test_require_raises_not_allowed_with_a_readable_message(provider: Persona) -> None:
    with pytest.raises(NotAllowed, match="not allowed to register: set_status"):
        require(provider.user, Action.REGISTER_SET_STATUS)


def test_nobody_is_allowed_an_unknown_action(quality_assurer: Persona) -> None:
    assert not can(quality_assurer.user, "made.up")  # type: ignore[arg-type]
    assert not can(None, Action.REGISTER_VIEW)
