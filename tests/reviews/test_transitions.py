"""Every review service from every review state: allowed where `REVIEW_STATES` allows it,
refused (InvalidTransition, nothing changed, no audit event) everywhere else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Persona
from tests.reviews.conftest import DEVELOPER_ANSWERS
from tohu.core.errors import InvalidTransition
from tohu.core.models import AuditEvent
from tohu.reviews import services
from tohu.reviews.models import REVIEW_STATES, Review, ReviewStatus

pytestmark = pytest.mark.django_db

S = ReviewStatus
# each service and the status it makes
RESULT = {"submit": S.SUBMITTED, "accept": S.ACCEPTED, "return": S.RETURNED}


@pytest.fixture
def review_in(
    developer_review: Review, developer: Persona, quality_assurer: Persona
) -> Callable[[str], Review]:
    """Return a builder of the developer review brought to a status by the services."""

    def build(status: str) -> Review:
        review, dev, qa = developer_review, developer.user, quality_assurer.user
        if status == S.DUE:
            services.reviews_prompt()
        elif status != S.SCHEDULED:
            services.review_submit(actor=dev, review=review, answers=DEVELOPER_ANSWERS)
            if status == S.ACCEPTED:
                services.review_accept(actor=qa, review=review)
            elif status == S.RETURNED:
                services.review_return(actor=qa, review=review, reasons="Say more.")
        review.refresh_from_db()
        assert review.status == status
        return review

    return build


def _act(action: str, review: Review, developer: Persona, qa: Persona) -> Any:
    if action == "submit":
        return services.review_submit(
            actor=developer.user, review=review, answers=DEVELOPER_ANSWERS
        )
    if action == "accept":
        return services.review_accept(actor=qa.user, review=review)
    return services.review_return(actor=qa.user, review=review, reasons="Again.")


@pytest.mark.parametrize("state", [s.value for s in S])
@pytest.mark.parametrize("action", list(RESULT))
def test_each_review_service_from_each_state_is_allowed_or_refused(
    review_in: Callable[[str], Review],
    developer: Persona,
    quality_assurer: Persona,
    state: str,
    action: str,
) -> None:
    review = review_in(state)
    events_before = AuditEvent.objects.count()
    if REVIEW_STATES.allows(state, RESULT[action]):
        _act(action, review, developer, quality_assurer)
        review.refresh_from_db()
        assert review.status == RESULT[action]
        assert AuditEvent.objects.count() > events_before
        return
    with pytest.raises(InvalidTransition) as refused:
        _act(action, review, developer, quality_assurer)
    assert refused.value.rule_id == "REV-form"
    assert f"The report for {review.reference} is " in refused.value.message
    review.refresh_from_db()
    assert review.status == state
    assert AuditEvent.objects.count() == events_before


def test_the_review_table_is_the_documented_one() -> None:
    assert {s: set(t) for s, t in REVIEW_STATES.table.items()} == {
        S.SCHEDULED: {S.DUE, S.SUBMITTED},
        S.DUE: {S.SUBMITTED},
        S.SUBMITTED: {S.ACCEPTED, S.RETURNED},
        S.ACCEPTED: set(),
        S.RETURNED: {S.SUBMITTED},
    }
