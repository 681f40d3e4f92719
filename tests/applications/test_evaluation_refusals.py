"""The evaluation services refuse, with the reason, what a page would not offer: a verdict that
is not one, judging or assigning or recording hours once the application is decided, and an
empty reply to a request for information. Each refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import Persona
from tohu.applications import services
from tohu.applications.models import Application, CriterionJudgement
from tohu.core.errors import DomainError, InvalidTransition
from tohu.core.models import AuditEvent

Evaluated = Callable[..., Application]


def test_a_verdict_that_is_not_one_is_refused(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    before = list(CriterionJudgement.objects.values_list("criterion", "verdict"))
    with pytest.raises(DomainError) as refused:
        services.criterion_judge(
            actor=quality_assurer.user,
            application=application,
            criterion="approval-1",
            verdict="maybe",
        )
    assert (refused.value.field, refused.value.message) == ("verdict", "'maybe' is not a verdict.")
    assert list(CriterionJudgement.objects.values_list("criterion", "verdict")) == before


def test_a_decided_application_is_not_judged_assigned_or_timed(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    services.application_decline(actor=quality_assurer.user, application=application, reasons="No.")
    application.refresh_from_db()
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition, match="criteria are judged only during evaluation"):
        services.criterion_judge(
            actor=quality_assurer.user,
            application=application,
            criterion="approval-1",
            verdict="met",
        )
    with pytest.raises(InvalidTransition) as not_assigned:
        services.application_assign(
            actor=quality_assurer.user, application=application, evaluator=quality_assurer.user
        )
    assert not_assigned.value.message == (
        f"Application {application.reference} is declined; it cannot be assigned."
    )
    with pytest.raises(InvalidTransition, match="Hours are recorded while the application is"):
        services.evaluator_hours_record(
            actor=quality_assurer.user, application=application, hours=Decimal("2.5")
        )
    assert AuditEvent.objects.count() == events


def test_an_empty_reply_to_a_request_for_information_is_refused(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    services.information_request(
        actor=quality_assurer.user,
        application=application,
        questions="Send the assessment plan.",
        due_on=date(2026, 3, 20),
    )
    with pytest.raises(DomainError) as refused:
        services.information_reply(actor=developer.user, application=application, reply="  ")
    assert (refused.value.rule_id, refused.value.field) == ("LOR-13.1", "reply")
    application.refresh_from_db()
    assert application.status == "information_requested"
