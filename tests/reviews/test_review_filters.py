"""The review lists' filters, each narrowing the reviews the person may already see."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential
from tohu.reviews.models import Review, ReviewKind
from tohu.reviews.selectors import ReviewFilters, filter_reviews


def _kinds(filters: ReviewFilters, today: date) -> list[str]:
    return [r.kind for r in filter_reviews(Review.objects.all(), filters, today)]


def test_each_filter_narrows_the_reviews(
    reviews: dict[str, Review],
    listed: MicroCredential,
    isb: Organisation,
    today: date,
) -> None:
    everything = ReviewFilters()
    both = sorted(_kinds(everything, today))
    assert both == sorted([ReviewKind.DEVELOPER, ReviewKind.PROVIDER])
    assert _kinds(replace(everything, kind=ReviewKind.DEVELOPER), today) == [ReviewKind.DEVELOPER]
    assert _kinds(replace(everything, organisation=isb.slug), today) == [ReviewKind.DEVELOPER]
    assert _kinds(replace(everything, organisation="nobody"), today) == []
    reference = replace(everything, reference=listed.listing_number)
    assert sorted(_kinds(reference, today)) == both
    assert _kinds(replace(everything, reference="TS0"), today) == []
    due = reviews["developer"].due_on
    assert sorted(_kinds(replace(everything, due_from=due, due_to=due), today)) == sorted(
        r.kind for r in reviews.values() if r.due_on == due
    )
    assert _kinds(replace(everything, due_from=date.max), today) == []
    assert _kinds(replace(everything, due_to=date.min), today) == []
    status = reviews["developer"].status
    assert ReviewKind.DEVELOPER in _kinds(replace(everything, status=status), today)
    assert _kinds(replace(everything, transition=True), today) == [
        r.kind for r in Review.objects.filter(transition_2025=True)
    ]
