"""Universities New Zealand's evaluators see and act on universities' applications only, NZQA's
on every other organisation's: the queue, the application pages, evaluation and decisions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.applications.conftest import MakeDraft
from tests.conftest import Persona, _persona
from tests.factories import OrganisationFactory
from tohu.applications import services
from tohu.applications.models import Application
from tohu.core.errors import DomainError, NotAllowed

pytestmark = pytest.mark.django_db
Evaluated = Callable[..., Application]


@pytest.fixture
def university_staff(db: None) -> Persona:
    university = OrganisationFactory.create(
        name="University of Otago", slug="otago", org_type="university"
    )
    return _persona("otago-staff", university, "staff")


@pytest.fixture
def unz_evaluator(db: None) -> Persona:
    unz = OrganisationFactory.create(
        name="Universities New Zealand", slug="unz", org_type="universities_nz", moe_number=""
    )
    return _persona("cuap", unz, "evaluator")


def _submitted(make_draft: MakeDraft, persona: Persona) -> Application:
    application = make_draft(persona)
    return services.application_submit(actor=persona.user, application=application)


def test_each_evaluators_queue_holds_only_its_own_share(
    make_draft: MakeDraft,
    developer: Persona,
    university_staff: Persona,
    unz_evaluator: Persona,
    quality_assurer: Persona,
) -> None:
    isb_application = _submitted(make_draft, developer)
    university_application = _submitted(make_draft, university_staff)
    unz_queue = unz_evaluator.client.get("/applications/queue/")
    assert unz_queue.status_code == 200
    assert [a.pk for a in unz_queue.context["page"]] == [university_application.pk]
    nzqa_queue = quality_assurer.client.get("/applications/queue/")
    assert [a.pk for a in nzqa_queue.context["page"]] == [isb_application.pk]


def test_another_assurers_application_does_not_exist_for_an_evaluator(
    make_draft: MakeDraft,
    developer: Persona,
    university_staff: Persona,
    unz_evaluator: Persona,
    quality_assurer: Persona,
) -> None:
    isb_application = _submitted(make_draft, developer)
    university_application = _submitted(make_draft, university_staff)
    for url in ("/applications/{}/", "/applications/{}/evaluate/"):
        assert unz_evaluator.client.get(url.format(isb_application.pk)).status_code == 404
        assert quality_assurer.client.get(url.format(university_application.pk)).status_code == 404
        assert unz_evaluator.client.get(url.format(university_application.pk)).status_code == 200
    begin = unz_evaluator.client.post(f"/applications/{isb_application.pk}/evaluate/begin/")
    assert begin.status_code in (403, 404)
    isb_application.refresh_from_db()
    assert isb_application.status == "submitted"


def test_a_universities_nz_evaluator_cannot_begin_judge_or_approve_another_application(
    evaluated: Evaluated, make_draft: MakeDraft, developer: Persona, unz_evaluator: Persona
) -> None:
    waiting = _submitted(make_draft, developer)
    with pytest.raises(NotAllowed):
        services.application_begin_evaluation(actor=unz_evaluator.user, application=waiting)
    application = evaluated(developer)
    with pytest.raises(NotAllowed):
        services.criterion_judge(
            actor=unz_evaluator.user,
            application=application,
            criterion=services.application_criteria(application)[0].code,
            verdict="not_met",
        )
    with pytest.raises(NotAllowed, match="NZQA decides") as refused:
        services.application_approve(actor=unz_evaluator.user, application=application)
    assert refused.value.rule_id == "APP-who"
    application.refresh_from_db()
    assert application.status == "in_evaluation"


def test_an_evaluator_of_the_other_assurer_cannot_be_assigned(
    make_draft: MakeDraft, developer: Persona, unz_evaluator: Persona, quality_assurer: Persona
) -> None:
    waiting = _submitted(make_draft, developer)
    with pytest.raises(DomainError, match="not an evaluator"):
        services.application_begin_evaluation(
            actor=quality_assurer.user, application=waiting, evaluator=unz_evaluator.user
        )
