"""Newest first over many matches: on SQLite the page is read through the listed_on index.

The walk changes how the page is found, never which listings are on it: every page is compared
with the same page found through the filters' own indexes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from tests.register.conftest import list_one
from tohu.organisations.models import Organisation
from tohu.register.selectors import listings, search_criteria_from
from tohu.register.selectors.criteria import SearchCriteria

LISTINGS = 60


@pytest.fixture
def many(isb: Organisation) -> None:
    for n in range(LISTINGS):
        # ten at a time share a day, so the listing number has to break ties
        list_one(
            isb,
            str(3000 + n),
            date(2024, 1 + n // 10, 1),
            title=f"Scaffolding Part {n}",
            level=3 + n % 2,
            credits=5 + n % 10,
        )


def criteria(**query: Any) -> SearchCriteria:
    return search_criteria_from({name: [str(value)] for name, value in query.items()})


def page_numbers(search: SearchCriteria) -> tuple[int, list[str]]:
    page = listings.micro_credential_search(user=None, criteria=search)
    return page.total, [item.listing_number for item in page.items]


# Each walks: its page ends within a tenth of its matches (30 at level 3, 42 with 6 to 12 credits,
# 60 with the word).
SEARCHES = [
    {"level": 3, "page_size": 2},
    {"level": 3, "page_size": 1, "page": 3},
    {"credits_min": 6, "credits_max": 12, "page_size": 3},
    {"credits_min": 6, "credits_max": 12, "page_size": 2, "page": 2},
    {"developer": "ringa-hora", "page_size": 3, "page": 2},
    {"status": "current", "page_size": 2, "page": 3},
    # words, newest first: matched as a set of ids from the full-text index
    {"q": "scaffolding", "sort": "-listed_on", "page_size": 3, "page": 2},
    {"q": "scaffolding", "level": 3, "sort": "-listed_on", "page_size": 3},
]


@pytest.mark.parametrize("query", SEARCHES)
def test_the_walk_finds_the_same_page_as_the_filters_indexes(
    many: None, query: dict[str, Any], monkeypatch: pytest.MonkeyPatch, count_queries: Any
) -> None:
    search = criteria(**query)
    monkeypatch.setattr(listings, "WALK_NEWEST_FROM", 10**9)
    expected = page_numbers(search)
    monkeypatch.setattr(listings, "WALK_NEWEST_FROM", 4)
    with count_queries() as captured:
        walked = page_numbers(search)
    assert walked == expected
    assert len(walked[1]) == query["page_size"]
    hinted = any("INDEXED BY register_microcredential_listed_on" in q["sql"] for q in captured)
    assert hinted is (connection.vendor == "sqlite")


def test_the_walk_keeps_newest_first_and_breaks_ties_by_listing_number(
    many: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listings, "WALK_NEWEST_FROM", 4)
    assert page_numbers(criteria(level=4, page_size=3)) == (30, ["3051", "3053", "3055"])
    # level 4 is every odd listing; 3050 to 3059 were listed on 1 June, 3040 to 3049 in May
    assert page_numbers(criteria(level=4, page_size=1, page=3)) == (30, ["3055"])
    assert page_numbers(criteria(level=4, page_size=2, page=3))[1] == ["3059", "3041"]


@pytest.mark.parametrize(
    "query",
    [
        {"level": 3, "page_size": 2, "q": "scaffolding"},  # words, ranked by relevance
        {"level": 3, "page_size": 2, "sort": "title"},  # another order
        {"level": 3, "page_size": 2, "page": 2},  # deep: the walk could read the whole register
    ],
)
def test_no_walk_for_words_other_orders_or_deep_pages(
    many: None, query: dict[str, Any], monkeypatch: pytest.MonkeyPatch, count_queries: Any
) -> None:
    monkeypatch.setattr(listings, "WALK_NEWEST_FROM", 4)
    with count_queries() as captured:
        listings.micro_credential_search(user=None, criteria=criteria(**query))
    assert not any("INDEXED BY" in q["sql"] for q in captured)
