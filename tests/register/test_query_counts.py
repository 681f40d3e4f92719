"""A constant number of queries per page, however many listings there are (at most 6)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Persona
from tests.factories import accredit
from tests.register.conftest import list_one
from tohu.organisations.models import Organisation

MAX_QUERIES = 6

PAGES = [
    "/",
    "/?q=forklift",
    "/?q=forklift&sort=title",
    "/?level=3&credits_min=2&field=03&developer=ringa-hora&provider=southern-skills&status=current",
    "/?page=99",
    "/?q=forklift&page=99",
    "/?level=0",
    "/micro-credentials/1000/",
    "/api/v1/micro-credentials",
    "/api/v1/micro-credentials?q=forklift",
    "/api/v1/micro-credentials?q=forklift&limit=2",
    "/api/v1/micro-credentials?sort=title&limit=2&updated_since=2024-01-01T00:00:00%2B13:00",
    "/api/v1/micro-credentials?sort=credits&provider=southern-skills",
    "/api/v1/micro-credentials/1000",
    "/api/v1/micro-credentials/1000/ctdl",
    "/api/v1/micro-credentials/1000/achievement",
]


def build_register(count: int, developer: Organisation, provider: Organisation) -> None:
    for n in range(count):
        listing = list_one(
            developer,
            str(1000 + n),
            date(2024, 1, 1 + n % 28),
            title=f"Forklift Operation Part {n}",
            learning_outcomes=[f"Drive forklift model {n}", "Inspect a forklift"],
        )
        accredit(provider, listing, granted_on=date(2024, 2, 1))


def queries_for(client: Client, path: str, count_queries: Any) -> int:
    with count_queries() as captured:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code in (200, 400), path
    return len(captured)


@pytest.mark.parametrize("who", ["public", "provider", "quality_assurer", "learner"])
def test_pages_and_endpoints_run_a_constant_number_of_queries(
    isb: Organisation,
    provider_org: Organisation,
    count_queries: Any,
    who: str,
    request: pytest.FixtureRequest,
) -> None:
    persona = request.getfixturevalue(who)
    if isinstance(persona, tuple):
        persona = persona[0]  # the learner fixture also gives their record
    client = persona if isinstance(persona, Client) else persona.client
    build_register(3, isb, provider_org)
    few = {path: queries_for(client, path, count_queries) for path in PAGES}
    for n in range(3, 30):
        listing = list_one(
            isb, str(1000 + n), date(2024, 2, 1), title=f"Forklift Operation Part {n}"
        )
        accredit(provider_org, listing, granted_on=date(2024, 2, 1))
    many = {path: queries_for(client, path, count_queries) for path in PAGES}
    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many


def test_a_signed_in_search_page_stays_within_six_queries(
    isb: Organisation, provider_org: Organisation, provider: Persona, count_queries: Any
) -> None:
    build_register(30, isb, provider_org)
    # the session, the user and their memberships come on top of the search itself
    assert queries_for(provider.client, "/?q=forklift&level=3", count_queries) <= MAX_QUERIES


def test_htmx_results_take_the_same_few_queries(
    isb: Organisation, provider_org: Organisation, provider: Persona, count_queries: Any
) -> None:
    build_register(30, isb, provider_org)
    headers = {"HX-Request": "true", "HX-Target": "results"}
    for path in ("/?q=forklift", "/?level=3", "/?page=9"):
        with count_queries() as captured:
            assert provider.client.get(path, headers=headers).status_code == 200
        assert len(captured) <= MAX_QUERIES
