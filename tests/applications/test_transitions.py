"""Every transition from every state: allowed where the state machine allows it, refused
(InvalidTransition, nothing changed) everywhere else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tests.applications.conftest import MakeDraft
from tests.conftest import Persona
from tohu.applications import services
from tohu.applications.models import APPLICATION_STATES, Application, ApplicationStatus
from tohu.core.errors import DomainError, InvalidTransition
from tohu.core.models import AuditEvent

S = ApplicationStatus
STATES = [s.value for s in S]

ALLOWED: dict[str, set[str]] = {
    "submit": {S.DRAFT},
    "withdraw": {S.DRAFT, S.SUBMITTED},
    "begin_evaluation": {S.SUBMITTED},
    "request_information": {S.IN_EVALUATION},
    "reply": {S.INFORMATION_REQUESTED},
    "approve": {S.IN_EVALUATION},
    "decline": {S.IN_EVALUATION},
}
RESULT = {
    "submit": S.SUBMITTED,
    "withdraw": S.WITHDRAWN,
    "begin_evaluation": S.IN_EVALUATION,
    "request_information": S.INFORMATION_REQUESTED,
    "reply": S.IN_EVALUATION,
    "approve": S.APPROVED,
    "decline": S.DECLINED,
}


@pytest.fixture
def application_in(
    make_draft: MakeDraft, developer: Persona, quality_assurer: Persona
) -> Callable[[str], Application]:
    """Return a builder of an application (by the ISB) brought to a status by the services."""

    def build(status: str) -> Application:
        application = make_draft(developer)
        qa, dev = quality_assurer.user, developer.user
        if status == S.DRAFT:
            return application
        if status == S.WITHDRAWN:
            return services.application_withdraw(actor=dev, application=application)
        services.application_submit(actor=dev, application=application)
        if status == S.SUBMITTED:
            return application
        services.application_begin_evaluation(actor=qa, application=application)
        for criterion in services.application_criteria(application):
            services.criterion_judge(
                actor=qa, application=application, criterion=criterion.code, verdict="met"
            )
        if status == S.INFORMATION_REQUESTED:
            services.information_request(
                actor=qa, application=application, questions="More?", due_on=date(2026, 4, 1)
            )
        elif status == S.APPROVED:
            services.application_approve(actor=qa, application=application)
        elif status == S.DECLINED:
            services.application_decline(actor=qa, application=application, reasons="No need.")
        application.refresh_from_db()
        assert application.status == status
        return application

    return build


def _act(action: str, application: Application, developer: Persona, qa: Persona) -> Any:
    if action == "submit":
        return services.application_submit(actor=developer.user, application=application)
    if action == "withdraw":
        return services.application_withdraw(actor=developer.user, application=application)
    if action == "begin_evaluation":
        return services.application_begin_evaluation(actor=qa.user, application=application)
    if action == "request_information":
        return services.information_request(
            actor=qa.user, application=application, questions="Why?", due_on=date(2026, 5, 1)
        )
    if action == "reply":
        return services.information_reply(
            actor=developer.user, application=application, reply="Because."
        )
    if action == "approve":
        return services.application_approve(actor=qa.user, application=application)
    return services.application_decline(actor=qa.user, application=application, reasons="No.")


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_each_action_from_each_state_is_allowed_or_refused(
    application_in: Callable[[str], Application],
    developer: Persona,
    quality_assurer: Persona,
    state: str,
    action: str,
) -> None:
    application = application_in(state)
    events_before = AuditEvent.objects.count()
    if state in ALLOWED[action]:
        _act(action, application, developer, quality_assurer)
        application.refresh_from_db()
        assert application.status == RESULT[action]
        assert AuditEvent.objects.count() > events_before
    else:
        with pytest.raises(DomainError) as refused:
            _act(action, application, developer, quality_assurer)
        assert isinstance(refused.value, InvalidTransition)
        assert refused.value.status == 409
        application.refresh_from_db()
        assert application.status == state
        assert AuditEvent.objects.count() == events_before


def test_the_state_machine_table_matches_the_architecture() -> None:
    assert {s: set(t) for s, t in APPLICATION_STATES.table.items()} == {
        S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
        S.SUBMITTED: {S.IN_EVALUATION, S.WITHDRAWN},
        S.IN_EVALUATION: {S.INFORMATION_REQUESTED, S.APPROVED, S.DECLINED},
        S.INFORMATION_REQUESTED: {S.IN_EVALUATION},
        S.APPROVED: set(),
        S.DECLINED: set(),
        S.WITHDRAWN: set(),
    }


def test_a_decision_on_an_application_not_in_evaluation_says_so_clearly(
    application_in: Callable[[str], Application], quality_assurer: Persona
) -> None:
    application = application_in(S.SUBMITTED)
    with pytest.raises(InvalidTransition) as refused:
        services.application_approve(actor=quality_assurer.user, application=application)
    assert refused.value.message == (
        f"Application {application.reference} is submitted: it cannot become approved "
        "(from submitted it can only become in evaluation or withdrawn)."
    )
