"""Data the review tests share: a listed micro-credential with an accredited provider, an older one
approved before the 2023 rules, reviews at each stage, and API keys."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Persona
from tests.factories import UserFactory, accredit, listed_micro_credential
from tohu.organisations import services as organisation_services
from tohu.organisations.models import ApiKey, Membership, Organisation, Role
from tohu.register.models import MicroCredential
from tohu.reviews import services
from tohu.reviews.models import Review, ReviewKind

TODAY = date(2027, 1, 10)
LISTED_ON = date(2024, 3, 1)
# listed 2024-03-01 with a 3-year period: the first review is due 2027-03-01
DUE_ON = date(2027, 3, 1)

DEVELOPER_ANSWERS: dict[str, Any] = {
    "evidence_of_need": True,
    "evidence_of_need_detail": "Warehouse employers still ask for certified operators.",
    "updates_needed": "none",
    "consulted_iwi_hapu": "Hui with Ngāti Whātua hapū representatives in November.",
    "consulted_industry": "Survey of 40 logistics employers.",
    "consulted_providers": "Both accredited providers gave their delivery data.",
    "outcome": "continue_unchanged",
}
PROVIDER_ANSWERS: dict[str, Any] = {
    "enrolments": 40,
    "completions": 30,
    "maori_enrolments": 10,
    "maori_completions": 8,
    "pacific_enrolments": 6,
    "pacific_completions": 5,
    "capability_to_deliver": "Two assessors, a training forklift and a moderation plan.",
}


@pytest.fixture(autouse=True)
def today() -> Iterator[date]:
    """Freeze the clock on TODAY (New Zealand time), before anyone signs in."""
    with time_machine.travel(date(2027, 1, 9).isoformat() + "T23:00:00+00:00", tick=False):
        yield TODAY


@pytest.fixture
def listed(isb: Organisation, provider_org: Organisation, today: date) -> MicroCredential:
    """A micro-credential by the ISB, listed 2024-03-01 (3-year period), one accredited provider."""
    micro_credential = listed_micro_credential(developer=isb, listed_on=LISTED_ON)
    accredit(provider_org, micro_credential)
    return micro_credential


@pytest.fixture
def reviews(listed: MicroCredential) -> dict[str, Review]:
    """The developer and provider reviews of the listing's first cycle."""
    services.reviews_schedule()
    found = {r.kind: r for r in Review.objects.filter(micro_credential=listed)}
    return {"developer": found[ReviewKind.DEVELOPER], "provider": found[ReviewKind.PROVIDER]}


@pytest.fixture
def developer_review(reviews: dict[str, Review]) -> Review:
    return reviews["developer"]


@pytest.fixture
def provider_review(reviews: dict[str, Review]) -> Review:
    return reviews["provider"]


@pytest.fixture
def submitted(developer: Persona, developer_review: Review) -> Review:
    """The developer review, submitted with the outcome 'continue unchanged'."""
    return services.review_submit(
        actor=developer.user, review=developer_review, answers=DEVELOPER_ANSWERS
    )


def submit_developer_review(developer: Persona, review: Review, **changes: Any) -> Review:
    return services.review_submit(
        actor=developer.user, review=review, answers={**DEVELOPER_ANSWERS, **changes}
    )


@pytest.fixture
def provider_key(provider: Persona) -> ApiKey:
    assert provider.organisation is not None
    issued = organisation_services.api_key_create(
        actor=provider.user,
        organisation=provider.organisation,
        name="Student system",
        scopes=["reviews:write"],
    )
    return issued.api_key


def key_of(persona: Persona, name: str = "Reviews") -> str:
    """Create an API key for the persona's organisation (by an administrator of it)."""
    organisation = persona.organisation
    assert organisation is not None
    admin = UserFactory.create(username=f"{organisation.slug}-admin")
    Membership.objects.get_or_create(user=admin, organisation=organisation, role=Role.ADMIN)
    return organisation_services.api_key_create(
        actor=admin, organisation=organisation, name=name, scopes=["reviews:write"]
    ).plaintext


def queries_for(client: Client, url: str) -> int:
    """Count the queries one GET takes (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)
