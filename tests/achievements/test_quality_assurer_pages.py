"""The quality assurer's search of every completion and the monthly figures with charts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.achievements.conftest import HEADER, csv_bytes, import_file
from tests.conftest import Persona
from tests.factories import LearnerFactory
from tohu.learners.models import Learner
from tohu.register.models import MicroCredential

SEARCH = reverse("achievements:qa-search")
FIGURES = reverse("achievements:figures")


def test_the_quality_assurer_searches_by_nsn_provider_or_micro_credential(
    quality_assurer: Persona, provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    import_file(
        provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01", "0000067890,4321,2025-04-01")
    )
    by_nsn = quality_assurer.client.get(SEARCH, {"nsn": "0000012345"}).content.decode()
    assert "1 completion" in by_nsn
    by_provider = quality_assurer.client.get(
        SEARCH, {"provider": "southern-skills"}
    ).content.decode()
    assert "2 completions" in by_provider
    by_listing = quality_assurer.client.get(SEARCH, {"listing_number": "4321"}).content.decode()
    assert "2 completions" in by_listing


def test_the_search_takes_the_same_queries_for_more_rows(
    quality_assurer: Persona, provider: Persona, forklift: MicroCredential
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = quality_assurer.client.get(SEARCH, {"listing_number": "4321"})
            assert response.status_code == 200
        return len(captured)

    people = [LearnerFactory.create(nsn=f"{n:010d}") for n in range(1, 41)]
    import_file(provider, csv_bytes(HEADER, f"{people[0].nsn},4321,2025-05-01"))
    one = queries()
    import_file(provider, csv_bytes(HEADER, *(f"{p.nsn},4321,2025-05-01" for p in people[1:])))
    assert queries() == one


def test_the_figures_show_charts_with_tables_beside_them(
    quality_assurer: Persona, provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    import_file(
        provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01", "0000067890,4321,2025-04-01")
    )
    response = quality_assurer.client.get(FIGURES)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == 4
    assert '<th scope="row">May 2025</th><td>1</td>' in page
    assert '<th scope="row">Southern Skills Academy</th><td>2</td>' in page
    assert '<th scope="row">Level 3</th><td>2</td>' in page
    assert "<script" not in page.split("</header>")[1].split("<footer")[0]


@pytest.mark.parametrize("who", ["provider", "outsider", "developer"])
def test_only_the_quality_assurer_searches_everything(
    who: str, request: pytest.FixtureRequest
) -> None:
    persona: Persona = request.getfixturevalue(who)
    assert persona.client.get(SEARCH, {"nsn": "0012345678"}).status_code == 403
    assert persona.client.get(FIGURES).status_code == 403


def test_a_learner_cannot_search(learner: tuple[Persona, Learner]) -> None:
    assert learner[0].client.get(SEARCH).status_code == 403
