"""What a decision does, in one transaction with its audit event; side effects after commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.core import mail

from tests.applications.conftest import MakeDraft
from tests.conftest import Persona, _persona
from tests.factories import OrganisationFactory, accredit, listed_micro_credential
from tohu.applications import services
from tohu.applications.events import Event
from tohu.applications.models import (
    Application,
    ApplicationType,
    Condition,
    StatementOfEquivalency,
)
from tohu.core.errors import DomainError, InvalidInput, NotAllowed
from tohu.core.models import AuditEvent
from tohu.organisations.models import Organisation
from tohu.register.models import Accreditation, MicroCredential

Evaluated = Callable[..., Application]


def test_approval_lists_the_micro_credential_with_a_new_number(
    evaluated: Evaluated,
    developer: Persona,
    quality_assurer: Persona,
    django_capture_on_commit_callbacks: Any,
) -> None:
    application = evaluated(developer)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(
            actor=quality_assurer.user, application=application, reasons="All criteria met."
        )
    application.refresh_from_db()
    micro_credential = application.micro_credential
    assert micro_credential is not None
    assert micro_credential.status == "current"
    assert micro_credential.developer == developer.organisation
    version = micro_credential.current_version
    assert version is not None
    assert (version.number, version.title, version.review_period_years) == (
        1,
        "Safe Forklift Operation",
        3,
    )
    assert micro_credential.listing_number.isdigit()
    event = AuditEvent.objects.get(event=Event.APPROVED)
    assert event.detail["listing_number"] == micro_credential.listing_number
    assert [m.subject for m in mail.outbox] == [f"{application.reference}: approved"]
    assert micro_credential.listing_number in mail.outbox[0].body


def test_the_evaluator_may_set_another_review_period_with_a_reason(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    with pytest.raises(DomainError, match="reason") as refused:
        services.application_approve(
            actor=quality_assurer.user, application=application, review_period_years=5
        )
    assert refused.value.rule_id == "LOR-6.1g"
    services.application_approve(
        actor=quality_assurer.user,
        application=application,
        review_period_years=5,
        review_period_reason="A fast-moving field: review at five years with the sector.",
    )
    application.refresh_from_db()
    version = application.micro_credential.current_version  # type: ignore[union-attr]
    assert version is not None
    assert version.review_period_years == 5
    assert version.review_period_reason.startswith("A fast-moving field")
    assert application.review_period_set == 5


def test_listing_approval_and_accreditation_accredits_with_conditions(
    evaluated: Evaluated, provider: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(provider, ApplicationType.LISTING_APPROVAL_ACCREDITATION)
    services.criterion_judge(
        actor=quality_assurer.user,
        application=application,
        criterion="accreditation-3",
        verdict="met_with_conditions",
        note="A second tutor is needed.",
    )
    with pytest.raises(InvalidInput, match="state them"):
        services.application_approve(actor=quality_assurer.user, application=application)
    services.application_approve(
        actor=quality_assurer.user,
        application=application,
        conditions=[
            services.ConditionTerms(
                text="Employ a second qualified tutor",
                due_on=date(2026, 9, 1),
                applies_to="accreditation",
            )
        ],
    )
    accreditation = Accreditation.objects.get(provider=provider.organisation)
    assert "Employ a second qualified tutor (due 1 Sep 2026)" in accreditation.conditions
    assert accreditation.micro_credential == Application.objects.get().micro_credential
    assert Condition.objects.get().due_on == date(2026, 9, 1)


def test_accreditation_only_accredits_the_provider_for_the_listing(
    evaluated: Evaluated, provider: Persona, quality_assurer: Persona, isb: Organisation
) -> None:
    micro_credential = listed_micro_credential(developer=isb)
    application = evaluated(
        provider,
        ApplicationType.ACCREDITATION,
        micro_credential=micro_credential,
        approval_holder_support="Letter of support from the ISB attached.",
    )
    services.criterion_judge(
        actor=quality_assurer.user,
        application=application,
        criterion="accreditation-5",
        verdict="met",
    )
    services.application_approve(actor=quality_assurer.user, application=application)
    assert Accreditation.objects.filter(
        provider=provider.organisation, micro_credential=micro_credential, status="granted"
    ).exists()


def test_an_approved_change_makes_the_next_version_and_tells_accredited_providers(
    evaluated: Evaluated,
    developer: Persona,
    quality_assurer: Persona,
    isb: Organisation,
    provider_org: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    provider_org.email = "office@southern.example.nz"
    provider_org.save()
    micro_credential = listed_micro_credential(developer=isb)
    accredit(provider_org, micro_credential)
    application = evaluated(developer, ApplicationType.CHANGE, micro_credential=micro_credential)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(actor=quality_assurer.user, application=application)
    micro_credential.refresh_from_db()
    assert [v.number for v in micro_credential.versions.all()] == [1, 2]
    assert micro_credential.current_version.credits == 6  # type: ignore[union-attr]
    told = [m for m in mail.outbox if "office@southern.example.nz" in m.to]
    assert len(told) == 1
    assert "version 2" in told[0].subject


def test_a_statement_of_equivalency_gets_a_number_level_and_credits(
    make_draft: MakeDraft, employer: Persona, quality_assurer: Persona, settings: Any
) -> None:
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_last_day=date(2026, 12, 31))
    application = make_draft(employer, ApplicationType.EQUIVALENCY)
    services.application_submit(actor=employer.user, application=application)
    services.application_begin_evaluation(actor=quality_assurer.user, application=application)
    for code in ("equivalency-level", "equivalency-credits"):
        services.criterion_judge(
            actor=quality_assurer.user, application=application, criterion=code, verdict="met"
        )
    services.application_approve(
        actor=quality_assurer.user, application=application, statement_level=4
    )
    statement = StatementOfEquivalency.objects.get()
    assert (statement.number, statement.level, statement.credits) == ("SOE-0001", 4, 10)
    assert statement.organisation == employer.organisation
    assert not MicroCredential.objects.exists()


def test_a_decline_needs_reasons(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    with pytest.raises(DomainError, match="reasons") as refused:
        services.application_decline(
            actor=quality_assurer.user, application=application, reasons=" "
        )
    assert refused.value.rule_id == "LOR-13.3"
    services.application_decline(
        actor=quality_assurer.user, application=application, reasons="No evidence of need."
    )
    application.refresh_from_db()
    assert (application.status, application.decision_reasons) == (
        "declined",
        "No evidence of need.",
    )
    assert not MicroCredential.objects.exists()


def test_approval_needs_every_criterion_met(
    make_draft: MakeDraft, developer: Persona, quality_assurer: Persona
) -> None:
    application = make_draft(developer)
    services.application_submit(actor=developer.user, application=application)
    services.application_begin_evaluation(actor=quality_assurer.user, application=application)
    services.criterion_judge(
        actor=quality_assurer.user,
        application=application,
        criterion="approval-2",
        verdict="not_met",
        note="Evidence of need is thin.",
    )
    with pytest.raises(InvalidInput) as refused:
        services.application_approve(actor=quality_assurer.user, application=application)
    fields = {p.field for p in refused.value.problems}
    assert fields == {"approval-1", "approval-2", "approval-3", "approval-4"}
    assert not MicroCredential.objects.exists()


def test_a_criterion_not_met_needs_a_note(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    with pytest.raises(DomainError, match="Say why"):
        services.criterion_judge(
            actor=quality_assurer.user,
            application=application,
            criterion="approval-1",
            verdict="not_met",
        )
    with pytest.raises(DomainError, match="not a criterion"):
        services.criterion_judge(
            actor=quality_assurer.user,
            application=application,
            criterion="accreditation-1",
            verdict="met",
        )


def test_a_decision_rolled_back_leaves_no_listing_no_email_and_no_audit_event(
    evaluated: Evaluated,
    developer: Persona,
    quality_assurer: Persona,
    django_capture_on_commit_callbacks: Any,
) -> None:
    application = evaluated(developer)
    events_before = AuditEvent.objects.count()
    boom = RuntimeError("the database went away")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        mock.patch(
            "tohu.applications.services.decisions.Condition.objects.bulk_create", side_effect=boom
        ),
        pytest.raises(RuntimeError, match="went away"),
    ):
        services.application_approve(actor=quality_assurer.user, application=application)
    assert callbacks == []
    assert mail.outbox == []
    assert not MicroCredential.objects.exists()
    assert AuditEvent.objects.count() == events_before
    application.refresh_from_db()
    assert application.status == "in_evaluation"


def test_only_the_quality_assurer_decides(
    evaluated: Evaluated, developer: Persona, provider: Persona
) -> None:
    application = evaluated(developer)
    with pytest.raises(NotAllowed):
        services.application_approve(actor=developer.user, application=application)
    with pytest.raises(NotAllowed):
        services.application_decline(actor=provider.user, application=application, reasons="x")


def test_universities_new_zealand_decides_a_universitys_application(
    evaluated: Evaluated, quality_assurer: Persona
) -> None:
    university = OrganisationFactory.create(
        name="University of Otago", slug="otago", org_type="university"
    )
    unz = OrganisationFactory.create(
        name="Universities New Zealand", slug="unz", org_type="universities_nz", moe_number=""
    )
    applicant = _persona("otago-staff", university, "staff")
    cuap = _persona("cuap", unz, "evaluator")
    application = evaluated(applicant, evaluator=cuap)
    with pytest.raises(NotAllowed, match="Universities New Zealand") as refused:
        services.application_approve(actor=quality_assurer.user, application=application)
    assert refused.value.rule_id == "APP-who"
    services.application_approve(actor=cuap.user, application=application)
    application.refresh_from_db()
    assert application.status == "approved"


def test_information_requests_pause_the_clock(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona, frozen_day: Any
) -> None:
    from tohu.applications.selectors import elapsed_days

    application = evaluated(developer)
    frozen_day.shift(86400 * 2)
    services.information_request(
        actor=quality_assurer.user,
        application=application,
        questions="Send the employer survey.",
        due_on=date(2026, 3, 20),
    )
    frozen_day.shift(86400 * 10)
    services.information_reply(actor=developer.user, application=application, reply="Attached.")
    frozen_day.shift(86400)
    application.refresh_from_db()
    assert elapsed_days(application) == pytest.approx(3, abs=0.01)
    with pytest.raises(DomainError, match="after today"):
        services.information_request(
            actor=quality_assurer.user,
            application=application,
            questions="More?",
            due_on=date(2026, 3, 1),
        )


def test_hours_build_the_fee_estimate(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    from decimal import Decimal

    application = evaluated(developer)
    services.evaluator_hours_record(
        actor=quality_assurer.user, application=application, hours=Decimal("2.5")
    )
    services.evaluator_hours_record(
        actor=quality_assurer.user, application=application, hours=Decimal("1")
    )
    application.refresh_from_db()
    assert application.evaluator_hours == Decimal("3.5")
    with pytest.raises(DomainError, match="between"):
        services.evaluator_hours_record(
            actor=quality_assurer.user, application=application, hours=Decimal("0")
        )


def test_assignment_goes_to_evaluators_only(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona, qa_manager: Persona
) -> None:
    application = evaluated(developer)
    services.application_assign(
        actor=qa_manager.user, application=application, evaluator=qa_manager.user
    )
    application.refresh_from_db()
    assert application.assigned_to == qa_manager.user
    with pytest.raises(DomainError, match="not an evaluator"):
        services.application_assign(
            actor=qa_manager.user, application=application, evaluator=developer.user
        )
