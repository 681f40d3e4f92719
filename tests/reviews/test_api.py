"""The reviews API: an organisation's reviews and report submission with its API key."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential
from tests.reviews.conftest import DEVELOPER_ANSWERS, PROVIDER_ANSWERS, key_of
from tohu.organisations.models import Organisation
from tohu.reviews import services
from tohu.reviews.models import Review, ReviewStatus

pytestmark = pytest.mark.django_db


def _headers(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _get(key: str, path: str) -> Any:
    return Client().get(f"/api/v1{path}", **_headers(key))  # type: ignore[arg-type]


def _send(key: str, method: str, path: str, body: dict[str, Any]) -> Any:
    client = Client()
    call = getattr(client, method)
    return call(f"/api/v1{path}", body, content_type="application/json", **_headers(key))


def test_a_provider_lists_its_own_reviews(provider: Persona, reviews: dict[str, Review]) -> None:
    response = _get(key_of(provider), "/reviews")
    assert response.status_code == 200
    [review] = response.json()["items"]
    assert review["kind"] == "provider"
    assert review["due_on"] == "2027-03-01"
    assert review["overdue"] is False


def test_the_list_filters_and_refuses_a_bad_filter(
    developer: Persona, reviews: dict[str, Review]
) -> None:
    key = key_of(developer)
    assert len(_get(key, "/reviews?status=scheduled").json()["items"]) == 1
    assert _get(key, "/reviews?status=overdue").json()["items"] == []
    bad = _get(key, "/reviews?due_from=tomorrow")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["column"] == "due_from"
    # one date reader: only ASCII digits, and only ISO 8601 in a parameter
    for day, words in (("２０２７-01-01", "0 to 9"), ("01/01/2027", "YYYY-MM-DD.")):
        refused = _get(key, f"/reviews?due_to={day}")
        assert refused.status_code == 400
        error = refused.json()["errors"][0]
        assert error["column"] == "due_to"
        assert words in error["message"]


def test_a_developer_submits_its_report_by_api(
    developer: Persona, developer_review: Review
) -> None:
    key = key_of(developer)
    draft = _send(key, "put", f"/reviews/{developer_review.pk}/report", {"updates_needed": "none"})
    assert draft.status_code == 200
    assert draft.json()["answers"]["updates_needed"] == "none"
    incomplete = _send(key, "post", f"/reviews/{developer_review.pk}/submit", {})
    assert incomplete.status_code == 400
    assert {p["column"] for p in incomplete.json()["errors"]} >= {"outcome", "consulted_industry"}
    done = _send(key, "post", f"/reviews/{developer_review.pk}/submit", DEVELOPER_ANSWERS)
    assert done.status_code == 200
    assert done.json()["status"] == "submitted"
    twice = _send(key, "post", f"/reviews/{developer_review.pk}/submit", {})
    assert twice.status_code == 409
    assert twice.json()["code"] == "invalid_transition"


def test_a_report_after_acceptance_is_refused(
    developer: Persona, quality_assurer: Persona, submitted: Review
) -> None:
    services.review_accept(actor=quality_assurer.user, review=submitted)
    response = _send(
        key_of(developer), "put", f"/reviews/{submitted.pk}/report", {"updates_needed": "x"}
    )
    assert response.status_code == 409
    assert "accepted" in response.json()["detail"]


def test_another_organisations_review_does_not_exist_for_a_key(
    outsider: Persona, provider: Persona, reviews: dict[str, Review]
) -> None:
    key = key_of(outsider)
    review = reviews["provider"]
    assert _get(key, f"/reviews/{review.pk}").status_code == 404
    assert _send(key, "post", f"/reviews/{review.pk}/submit", PROVIDER_ANSWERS).status_code == 404
    assert _send(key, "put", f"/reviews/{review.pk}/report", PROVIDER_ANSWERS).status_code == 404
    assert _get(key, "/reviews").json()["items"] == []
    review.refresh_from_db()
    assert review.status == ReviewStatus.SCHEDULED


def test_bad_figures_are_answered_with_the_field(
    provider: Persona, provider_review: Review
) -> None:
    response = _send(
        key_of(provider), "put", f"/reviews/{provider_review.pk}/report", {"enrolments": -3}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "enrolments"
    unknown = _send(
        key_of(provider, "Other"), "put", f"/reviews/{provider_review.pk}/report", {"outcome": "x"}
    )
    assert unknown.status_code == 400


def test_without_a_key_the_api_refuses(reviews: dict[str, Review]) -> None:
    assert Client().get("/api/v1/reviews").status_code == 401
    assert Client().get("/api/v1/reviews", HTTP_AUTHORIZATION="Bearer tohu_nope").status_code == 401


def test_the_list_costs_the_same_queries_however_many_reviews(
    provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    key = key_of(provider)
    listing = listed_micro_credential(developer=isb)
    accredit(provider_org, listing)
    services.reviews_schedule()

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _get(key, "/reviews").status_code == 200
        return len(captured)

    count()  # the first call notes the key's use
    few = count()
    for number in range(4):
        more = listed_micro_credential(developer=isb, title=f"Course {number}")
        accredit(provider_org, more)
    services.reviews_schedule()
    assert count() == few


def test_the_endpoints_are_in_the_openapi_document(public: Client) -> None:
    paths = public.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/reviews", "/api/v1/reviews/{review_id}/submit"} <= set(paths)
