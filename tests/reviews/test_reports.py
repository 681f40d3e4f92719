"""REV-form: drafts save, submission is checked, and only the organisation asked files it."""

from __future__ import annotations

import pytest

from tests.conftest import Persona
from tests.reviews.conftest import DEVELOPER_ANSWERS, PROVIDER_ANSWERS
from tohu.core.errors import DomainError, InvalidInput, InvalidTransition, NotAllowed
from tohu.core.models import AuditEvent
from tohu.reviews import selectors, services
from tohu.reviews.models import Review, ReviewStatus

pytestmark = pytest.mark.django_db


def test_a_draft_saves_without_being_complete(developer: Persona, developer_review: Review) -> None:
    saved = services.review_report_save(
        actor=developer.user, review=developer_review, answers={"updates_needed": "New outcome 3."}
    )
    assert saved.updates_needed == "New outcome 3."
    assert saved.draft_saved_at is not None
    assert saved.status == ReviewStatus.SCHEDULED
    assert AuditEvent.objects.filter(event="review.draft_saved").count() == 1


def test_submission_names_every_unanswered_question(
    developer: Persona, developer_review: Review
) -> None:
    with pytest.raises(InvalidInput) as raised:
        services.review_submit(
            actor=developer.user, review=developer_review, answers={"evidence_of_need": True}
        )
    fields = {p.field for p in raised.value.problems}
    assert {"evidence_of_need_detail", "consulted_iwi_hapu", "outcome"} <= fields
    assert "evidence_of_need" not in fields
    developer_review.refresh_from_db()
    assert developer_review.status == ReviewStatus.SCHEDULED
    assert developer_review.evidence_of_need is None


def test_a_complete_report_is_submitted(developer: Persona, developer_review: Review) -> None:
    submitted = services.review_submit(
        actor=developer.user, review=developer_review, answers=DEVELOPER_ANSWERS
    )
    assert submitted.status == ReviewStatus.SUBMITTED
    assert submitted.submitted_by_label == "developer"


def test_a_report_submitted_twice_is_refused(developer: Persona, submitted: Review) -> None:
    with pytest.raises(InvalidTransition, match="already submitted"):
        services.review_submit(actor=developer.user, review=submitted)


def test_a_report_cannot_change_after_acceptance(
    developer: Persona, quality_assurer: Persona, submitted: Review
) -> None:
    services.review_accept(actor=quality_assurer.user, review=submitted)
    with pytest.raises(InvalidTransition, match="accepted"):
        services.review_submit(actor=developer.user, review=submitted)
    with pytest.raises(InvalidTransition, match="accepted"):
        services.review_report_save(
            actor=developer.user, review=submitted, answers={"updates_needed": "late"}
        )


@pytest.mark.parametrize("persona", ["outsider", "provider", "quality_assurer"])
def test_the_wrong_organisation_cannot_file_a_developer_report(
    request: pytest.FixtureRequest, developer_review: Review, persona: str
) -> None:
    someone: Persona = request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.review_submit(
            actor=someone.user, review=developer_review, answers=DEVELOPER_ANSWERS
        )
    developer_review.refresh_from_db()
    assert developer_review.status == ReviewStatus.SCHEDULED


def test_a_provider_files_only_its_own_provider_review(
    provider: Persona, outsider: Persona, developer: Persona, provider_review: Review
) -> None:
    with pytest.raises(NotAllowed):
        services.review_submit(
            actor=outsider.user, review=provider_review, answers=PROVIDER_ANSWERS
        )
    with pytest.raises(NotAllowed):
        services.review_submit(
            actor=developer.user, review=provider_review, answers=PROVIDER_ANSWERS
        )
    submitted = services.review_submit(
        actor=provider.user, review=provider_review, answers=PROVIDER_ANSWERS
    )
    assert submitted.status == ReviewStatus.SUBMITTED
    assert submitted.completion_rate == 75.0


def test_a_provider_sees_only_its_own_provider_reviews(
    provider: Persona, outsider: Persona, developer: Persona, reviews: dict[str, Review]
) -> None:
    assert list(selectors.reviews_visible_to(provider.user)) == [reviews["provider"]]
    assert list(selectors.reviews_visible_to(developer.user)) == [reviews["developer"]]
    assert list(selectors.reviews_visible_to(outsider.user)) == []


def test_the_quality_assurer_sees_every_review(
    quality_assurer: Persona, reviews: dict[str, Review]
) -> None:
    assert set(selectors.reviews_visible_to(quality_assurer.user)) == set(reviews.values())


def test_a_developer_report_does_not_take_provider_questions(
    developer: Persona, developer_review: Review
) -> None:
    with pytest.raises(InvalidInput) as raised:
        services.review_report_save(
            actor=developer.user, review=developer_review, answers={"enrolments": 3}
        )
    assert raised.value.field == "enrolments"


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"enrolments": -1}, "enrolments"),
        ({"enrolments": "many"}, "enrolments"),
        ({"enrolments": 10, "completions": 11}, "completions"),
    ],
)
def test_bad_figures_are_refused_naming_the_field(
    provider: Persona, provider_review: Review, answers: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        services.review_report_save(actor=provider.user, review=provider_review, answers=answers)
    assert raised.value.field == field


def test_an_unknown_outcome_is_refused(developer: Persona, developer_review: Review) -> None:
    with pytest.raises(InvalidInput) as raised:
        services.review_report_save(
            actor=developer.user, review=developer_review, answers={"outcome": "retire"}
        )
    assert raised.value.field == "outcome"


def test_a_returned_report_is_submitted_again(
    developer: Persona, quality_assurer: Persona, submitted: Review
) -> None:
    services.review_return(
        actor=quality_assurer.user, review=submitted, reasons="Say how iwi were consulted."
    )
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.RETURNED
    again = services.review_submit(
        actor=developer.user,
        review=submitted,
        answers={"consulted_iwi_hapu": "Hui at Ōrākei Marae, 3 March."},
    )
    assert again.status == ReviewStatus.SUBMITTED
    assert list(again.decisions.values_list("decision", flat=True)) == ["returned"]


def test_returning_needs_reasons(quality_assurer: Persona, submitted: Review) -> None:
    with pytest.raises(DomainError) as raised:
        services.review_return(actor=quality_assurer.user, review=submitted, reasons=" ")
    assert raised.value.field == "reasons"


def test_only_a_submitted_report_is_decided(
    quality_assurer: Persona, developer_review: Review
) -> None:
    with pytest.raises(InvalidTransition):
        services.review_accept(actor=quality_assurer.user, review=developer_review)
    with pytest.raises(InvalidTransition):
        services.review_return(actor=quality_assurer.user, review=developer_review, reasons="x")


@pytest.mark.parametrize("persona", ["developer", "provider", "outsider"])
def test_only_the_quality_assurer_decides(
    request: pytest.FixtureRequest, submitted: Review, persona: str
) -> None:
    someone: Persona = request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.review_accept(actor=someone.user, review=submitted)
