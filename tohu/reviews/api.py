"""The reviews endpoints under /api/v1/: an organisation's reviews and its report submission,
with the organisation's API key. Another organisation's review does not exist for a key (404)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from tohu.core import clock
from tohu.core.api_auth import key_principal, keyed
from tohu.core.api_input import InputSchema
from tohu.core.errors import NotFound
from tohu.core.pagination import PageQuery, keyset_page, page_body, page_schema
from tohu.core.principal import Scope
from tohu.core.problems import ProblemOut
from tohu.reviews import selectors, services
from tohu.reviews.models import Review
from tohu.rulebook import is_overdue

router = Router(tags=["reviews"])


class ReviewOut(Schema):
    id: int
    kind: str = Field(description="developer, provider or scheme")
    reference: str = Field(description="The listing number, or the training scheme's reference")
    title: str
    organisation: str = Field(description="The slug of the organisation asked for the review")
    due_on: date
    status: str = Field(description="scheduled, due, submitted, accepted or returned")
    overdue: bool
    transition_2025: bool
    outcome: str
    submitted_at: datetime | None
    decided_on: date | None


class ReportIn(InputSchema):
    """The answers of the review report; send only the ones the review asks."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "evidence_of_need": True,
                    "consulted_industry": "Two employer panels, March 2026.",
                    "outcome": "continue_unchanged",
                    "enrolments": 40,
                    "completions": 35,
                }
            ]
        }
    )

    evidence_of_need: bool | None = None
    evidence_of_need_detail: str | None = None
    updates_needed: str | None = None
    consulted_iwi_hapu: str | None = None
    consulted_industry: str | None = None
    consulted_providers: str | None = None
    consulted_others: str | None = None
    outcome: str | None = Field(
        None, description="continue_unchanged, continue_with_changes or do_not_continue"
    )
    outcome_reasons: str | None = None
    enrolments: int | None = Field(None, description="0 or more")
    completions: int | None = Field(None, description="0 or more")
    maori_enrolments: int | None = Field(None, description="0 or more")
    maori_completions: int | None = Field(None, description="0 or more")
    pacific_enrolments: int | None = Field(None, description="0 or more")
    pacific_completions: int | None = Field(None, description="0 or more")
    capability_to_deliver: str | None = None


class ReportOut(ReviewOut):
    answers: dict[str, Any]


class ReviewFilterIn(PageQuery):
    status: str = Field("", description="overdue, scheduled, due, submitted, accepted or returned")
    kind: str = Field("", description="developer, provider or scheme")
    due_from: str = Field("", description="YYYY-MM-DD")
    due_to: str = Field("", description="YYYY-MM-DD")


ReviewPage = page_schema("ReviewPage", ReviewOut)


def _out(review: Review, today: date) -> dict[str, Any]:
    return {
        "id": review.pk,
        "kind": review.kind,
        "reference": review.reference,
        "title": review.title,
        "organisation": review.organisation.slug,
        "due_on": review.due_on,
        "status": review.status,
        "overdue": is_overdue(due_on=review.due_on, today=today, answered=not review.is_open),
        "transition_2025": review.transition_2025,
        "outcome": review.outcome,
        "submitted_at": review.submitted_at,
        "decided_on": review.decided_on,
    }


def _report_out(review: Review, today: date) -> dict[str, Any]:
    fields = services.reports.REPORT_FIELDS[review.kind]
    return _out(review, today) | {"answers": {name: getattr(review, name) for name in fields}}


def _own_review(request: HttpRequest, review_id: int) -> Review:
    review = selectors.reviews_visible_to(key_principal(request)).filter(pk=review_id).first()
    if review is None:
        raise NotFound(gettext("There is no such review for your organisation."))
    return review


@router.get(
    "/reviews",
    response=ReviewPage,
    auth=keyed(Scope.REVIEWS_READ),
    summary="Your organisation's reviews",
)
def list_reviews(
    request: HttpRequest, response: HttpResponse, filters: Query[ReviewFilterIn]
) -> dict[str, Any]:
    """Your organisation's reviews in the order they were scheduled, a page at a time (follow
    `next`); filter by status, kind, due dates, or `updated_since` for what changed."""
    today = clock.today()
    checked = selectors.review_filters_from(
        filters.dict(include={"status", "kind", "due_from", "due_to"})
    )
    reviews = selectors.filter_reviews(
        selectors.reviews_visible_to(key_principal(request)), checked, today
    )
    if filters.updated_since:
        reviews = reviews.filter(updated_at__gte=filters.updated_since)
    rows, cursor = keyset_page(reviews, filters)
    latest = max((r.updated_at for r in rows), default=None)
    return page_body(request, response, [_out(r, today) for r in rows], cursor, latest)


@router.get(
    "/reviews/{review_id}",
    response={200: ReportOut, 404: ProblemOut},
    auth=keyed(Scope.REVIEWS_READ),
    summary="One review with its report's answers",
)
def get_review(request: HttpRequest, review_id: int) -> dict[str, Any]:
    return _report_out(_own_review(request, review_id), clock.today())


@router.put(
    "/reviews/{review_id}/report",
    response={200: ReportOut, 400: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut},
    auth=keyed(Scope.REVIEWS_WRITE),
    summary="Save a draft of the review report",
)
def save_report(request: HttpRequest, review_id: int, report: ReportIn) -> dict[str, Any]:
    review = _own_review(request, review_id)
    answers = report.dict(exclude_unset=True)
    saved = services.review_report_save(
        actor=key_principal(request), review=review, answers=answers
    )
    return _report_out(saved, clock.today())


@router.post(
    "/reviews/{review_id}/submit",
    response={200: ReportOut, 400: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut},
    auth=keyed(Scope.REVIEWS_WRITE),
    summary="Submit the review report to NZQA (answers sent here are saved first)",
)
def submit_report(request: HttpRequest, review_id: int, report: ReportIn) -> dict[str, Any]:
    review = _own_review(request, review_id)
    answers = report.dict(exclude_unset=True)
    submitted = services.review_submit(actor=key_principal(request), review=review, answers=answers)
    return _report_out(submitted, clock.today())
