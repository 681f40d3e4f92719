"""Every filter, every sort and pagination, through the selector."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.conftest import Persona
from tests.register.conftest import Register, numbers
from tohu.register.selectors import (
    SearchCriteria,
    Sort,
    micro_credential_search,
    search_criteria_from,
    search_filter_options,
)

PUBLIC = AnonymousUser()

# every test here holds for the tuned reads and for the plain ORM
pytestmark = pytest.mark.usefixtures("both_reads")


def listed(user: Any = PUBLIC, **params: Any) -> list[str]:
    query = {
        name: value if isinstance(value, list) else [str(value)] for name, value in params.items()
    }
    page = micro_credential_search(user=user, criteria=search_criteria_from(query))
    return numbers(page.items)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["2005", "2004", "2003", "2002", "2001", "2006"]),
        ({"level": ["4"]}, ["2005", "2003"]),
        ({"level": ["1", "2", "3"]}, ["2002", "2001", "2006"]),
        ({"credits_min": 10}, ["2005", "2004", "2003", "2006"]),
        ({"credits_max": 8}, ["2002", "2001"]),
        ({"credits_min": 6, "credits_max": 6}, ["2001"]),
        ({"credits_min": 10, "credits_max": 20}, ["2005", "2004", "2003"]),
        ({"field": "03"}, ["2001"]),
        ({"field": "0303"}, ["2001"]),
        ({"field": "030399"}, ["2001"]),
        ({"field": "0601"}, []),
        ({"field": "06"}, ["2005"]),
        ({"developer": "ringa-hora"}, ["2005", "2002", "2001"]),
        ({"developer": "southern-skills"}, ["2004", "2003", "2006"]),
        ({"developer": "nobody"}, []),
        # granted accreditations only: the outsider surrendered the barista accreditation
        ({"provider": "southern-skills"}, ["2005", "2001"]),
        ({"provider": "northern-training"}, ["2006"]),
        ({"status": "current"}, ["2004", "2003", "2002", "2001"]),
        ({"status": ["expiring", "discontinued"]}, ["2005", "2006"]),
        ({"status": "removed"}, []),
        ({"level": ["4"], "status": "current"}, ["2003"]),
        ({"q": "forklift", "provider": "southern-skills", "level": ["3"]}, ["2001"]),
    ],
)
def test_each_filter_keeps_only_the_listings_that_match(
    register: Register, params: dict[str, Any], expected: list[str]
) -> None:
    assert listed(**params) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-listed_on", ["2005", "2004", "2003", "2002", "2001", "2006"]),
        ("title", ["2005", "2006", "2002", "2001", "2003", "2004"]),
        ("level", ["2006", "2002", "2001", "2003", "2005", "2004"]),
        ("credits", ["2001", "2002", "2003", "2004", "2005", "2006"]),
        ("listing_number", ["2001", "2002", "2003", "2004", "2005", "2006"]),
        # relevance needs words; without them the newest come first
        ("relevance", ["2005", "2004", "2003", "2002", "2001", "2006"]),
    ],
)
def test_each_sort_orders_the_results(register: Register, sort: str, expected: list[str]) -> None:
    assert listed(sort=sort) == expected


def test_listing_numbers_sort_by_value_not_by_text(register: Register, isb: Any) -> None:
    from datetime import date

    from tests.register.conftest import list_one

    list_one(isb, "10001", date(2020, 1, 1), title="Apiculture Advanced")
    assert listed(sort="listing_number")[-1] == "10001"


def test_a_quality_assurer_also_sees_removed_listings(
    register: Register, quality_assurer: Persona
) -> None:
    assert "2007" in listed(quality_assurer.user)
    assert listed(quality_assurer.user, status="removed") == ["2007"]
    assert listed(quality_assurer.user, q="forklift") == ["2001", "2007"]


@pytest.mark.parametrize("persona", ["developer", "provider", "outsider"])
def test_signed_in_people_other_than_the_quality_assurer_never_see_removed_listings(
    register: Register, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona).user
    assert "2007" not in listed(user)
    assert listed(user, status="removed") == []


def test_pages_split_the_results_and_count_them_all(register: Register) -> None:
    criteria = SearchCriteria(sort=Sort.LISTING_NUMBER, page_size=4)
    first = micro_credential_search(user=PUBLIC, criteria=criteria)
    second = micro_credential_search(user=PUBLIC, criteria=criteria.on_page(2))
    assert numbers(first.items) == ["2001", "2002", "2003", "2004"]
    assert numbers(second.items) == ["2005", "2006"]
    assert (first.total, first.pages, first.has_next, first.has_previous) == (6, 2, True, False)
    assert (second.total, second.has_next, second.has_previous) == (6, False, True)
    assert (second.first_index, second.last_index) == (5, 6)


@pytest.mark.parametrize("q", ["", "whānau"])
def test_a_page_past_the_end_is_empty_and_still_counts_the_matches(
    register: Register, q: str
) -> None:
    page = micro_credential_search(user=PUBLIC, criteria=SearchCriteria(q=q, page=99))
    assert page.items == []
    assert page.total == 6
    assert page.pages == 1


def test_relevance_pages_through_the_ranked_matches(register: Register) -> None:
    criteria = SearchCriteria(q="whānau", page_size=4)
    first = micro_credential_search(user=PUBLIC, criteria=criteria)
    second = micro_credential_search(user=PUBLIC, criteria=criteria.on_page(2))
    assert first.total == second.total == 6
    assert len(first.items) == 4
    assert len(second.items) == 2
    assert not set(numbers(first.items)) & set(numbers(second.items))


def test_the_filter_choices_list_fields_developers_and_accredited_providers(
    register: Register, quality_assurer: Persona
) -> None:
    options = search_filter_options(user=PUBLIC)
    codes = [code for code, _ in options.fields]
    assert "03" in codes
    assert "0303" in codes
    assert all(len(code) in (2, 4) for code in codes)
    assert [slug for slug, _ in options.developers] == ["ringa-hora", "southern-skills"]
    assert [slug for slug, _ in options.providers] == ["northern-training", "southern-skills"]
