"""Each quality assurer's staff see and act on their own share of reviews, from the outside:
Universities New Zealand's on universities' reviews, NZQA's on everyone else's, and only NZQA's
staff search learners' completions nationally."""

from __future__ import annotations

import pytest

from tests.conftest import Persona, _persona
from tests.factories import OrganisationFactory, listed_micro_credential
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential
from tohu.reviews import services
from tohu.reviews.models import Review, ReviewKind

from .conftest import LISTED_ON, submit_developer_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def university(db: None) -> Organisation:
    return OrganisationFactory.create(
        name="University of Otago", slug="otago", org_type="university"
    )


@pytest.fixture
def university_staff(university: Organisation) -> Persona:
    return _persona("otago-staff", university, "staff")


@pytest.fixture
def unz_evaluator(db: None) -> Persona:
    unz = OrganisationFactory.create(
        name="Universities New Zealand", slug="unz", org_type="universities_nz", moe_number=""
    )
    return _persona("cuap", unz, "evaluator")


@pytest.fixture
def university_listing(university: Organisation, listed: MicroCredential) -> MicroCredential:
    return listed_micro_credential(developer=university, listed_on=LISTED_ON)


def _developer_review(micro_credential: MicroCredential) -> Review:
    services.reviews_schedule()
    return Review.objects.get(micro_credential=micro_credential, kind=ReviewKind.DEVELOPER)


def test_each_assurer_lists_only_its_own_reviews(
    unz_evaluator: Persona,
    quality_assurer: Persona,
    listed: MicroCredential,
    university_listing: MicroCredential,
) -> None:
    isb_review = _developer_review(listed)
    university_review = _developer_review(university_listing)
    unz_page = unz_evaluator.client.get("/reviews/")
    assert unz_page.status_code == 200
    unz_ids = {r.pk for r in unz_page.context["page"].object_list}
    assert university_review.pk in unz_ids
    assert isb_review.pk not in unz_ids
    nzqa_ids = {r.pk for r in quality_assurer.client.get("/reviews/").context["page"].object_list}
    assert isb_review.pk in nzqa_ids
    assert university_review.pk not in nzqa_ids


def test_another_assurers_review_does_not_exist_for_an_evaluator(
    unz_evaluator: Persona,
    quality_assurer: Persona,
    listed: MicroCredential,
    university_listing: MicroCredential,
) -> None:
    isb_review = _developer_review(listed)
    university_review = _developer_review(university_listing)
    assert unz_evaluator.client.get(f"/reviews/{isb_review.pk}/").status_code == 404
    assert unz_evaluator.client.get(f"/reviews/{university_review.pk}/").status_code == 200
    assert quality_assurer.client.get(f"/reviews/{university_review.pk}/").status_code == 404


def test_an_evaluator_decides_only_its_own_assurers_reviews(
    unz_evaluator: Persona,
    quality_assurer: Persona,
    developer: Persona,
    university_staff: Persona,
    listed: MicroCredential,
    university_listing: MicroCredential,
) -> None:
    isb_review = submit_developer_review(developer, _developer_review(listed))
    university_review = submit_developer_review(
        university_staff, _developer_review(university_listing)
    )
    accept = {"decision": "accept", "reasons": "Evidence holds."}
    refused = unz_evaluator.client.post(f"/reviews/{isb_review.pk}/decision/", accept)
    assert refused.status_code in (403, 404)
    isb_review.refresh_from_db()
    assert isb_review.status == "submitted"
    refused = quality_assurer.client.post(f"/reviews/{university_review.pk}/decision/", accept)
    assert refused.status_code in (403, 404)
    accepted = unz_evaluator.client.post(f"/reviews/{university_review.pk}/decision/", accept)
    assert accepted.status_code == 302
    university_review.refresh_from_db()
    assert university_review.status == "accepted"


def test_only_nzqa_searches_completions_nationally(
    unz_evaluator: Persona, quality_assurer: Persona
) -> None:
    assert unz_evaluator.client.get("/achievements/search/?nsn=0000012345").status_code == 403
    assert quality_assurer.client.get("/achievements/search/?nsn=0000012345").status_code == 200
