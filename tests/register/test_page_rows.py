"""A page of results read by `page_rows`: the same listings, order and values as the ORM gives."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.register.conftest import list_one
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential
from tohu.register.selectors import LIST_COLUMNS, listings, search_criteria_from
from tohu.register.selectors.criteria import Sort

TITLES = ["Ārahi Tīma", "apiary basics", "Zebra Crossing Safety", "Ōrite Pay", "espresso", "Étude"]


@pytest.fixture
def varied(isb: Organisation) -> None:
    for n in range(30):
        list_one(
            isb,
            str(4000 + n * 7 % 30),  # listing numbers out of step with the order of listing
            date(2024, 1 + n % 4, 1),  # six share each day
            title=f"{TITLES[n % len(TITLES)]} {n % 3} forklift",
            level=1 + n % 5,
            credits=1 + n % 4,
            learning_outcomes=["Drive a forklift"] * (1 + n % 3),
        )


def orm_page(query: dict[str, Any]) -> list[MicroCredential]:
    criteria = search_criteria_from({k: [str(v)] for k, v in query.items()})
    matching = listings._matching(None, criteria)
    assert matching is not None
    offset = (criteria.page - 1) * criteria.page_size
    found = matching.select_related("current_version", "developer").only(*LIST_COLUMNS)
    return list(found[offset : offset + criteria.page_size])


def page(query: dict[str, Any]) -> list[MicroCredential]:
    criteria = search_criteria_from({k: [str(v)] for k, v in query.items()})
    return listings.micro_credential_search(user=None, criteria=criteria).items


def facts(items: list[MicroCredential]) -> list[tuple[Any, ...]]:
    return [
        (
            item.pk,
            item.listing_number,
            item.status,
            item.listed_on,
            item.next_review_due,
            item.te_hono,
            item.developer.slug,
            item.developer.name,
            item.current_version.title if item.current_version else None,
            item.current_version.level if item.current_version else None,
            item.current_version.credits if item.current_version else None,
        )
        for item in items
    ]


@pytest.mark.parametrize("sort", [sort.value for sort in Sort])
@pytest.mark.parametrize("words", ["", "forklift", "drive forklift"])
@pytest.mark.parametrize("page_number", [1, 2])
def test_every_order_gives_the_orms_page(
    varied: None, sort: str, words: str, page_number: int
) -> None:
    query: dict[str, Any] = {"sort": sort, "page_size": 8, "page": page_number}
    if words:
        query["q"] = words
    else:
        query["credits_min"] = 2  # a filter, so the page is not the plain browse
    expected = orm_page(query)
    assert expected  # a page with listings on it, not two empty lists
    assert facts(page(query)) == facts(expected)


def test_values_come_back_as_python_values_and_other_fields_load_on_use(varied: None) -> None:
    items = page({"q": "forklift", "page_size": 3})
    assert len(items) == 3
    first = items[0]
    assert isinstance(first.listed_on, date)
    assert isinstance(first.te_hono, bool)
    assert isinstance(first.current_version.level, int)  # type: ignore[union-attr]
    # not on the page: deferred, then read from the database on first use
    deferred = first.get_deferred_fields()
    assert "purpose_use" in first.current_version.get_deferred_fields()  # type: ignore[union-attr]
    assert "developer_id" not in deferred
    assert first.current_version.learning_outcomes  # type: ignore[union-attr]
    assert first.developer.org_type


@pytest.mark.parametrize("sort", [sort.value for sort in Sort if sort is not Sort.RELEVANCE])
def test_browsing_with_no_filter_gives_the_orms_page_too(varied: None, sort: str) -> None:
    query: dict[str, Any] = {"sort": sort, "page_size": 8, "page": 2}
    expected = orm_page(query)
    assert expected
    assert facts(page(query)) == facts(expected)
