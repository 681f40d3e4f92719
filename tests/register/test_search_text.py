"""Full-text search cases shared by both backends (the suite runs on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Persona
from tests.properties import suppressed
from tests.register.conftest import Register, list_one, numbers
from tohu.organisations.models import Organisation
from tohu.register.search import fold, fts5_match_expression, search_terms
from tohu.register.selectors import SearchCriteria, Sort, listings, micro_credential_search

PUBLIC = AnonymousUser()

# every test here holds for the tuned reads and for the plain ORM
pytestmark = pytest.mark.usefixtures("both_reads")


def found(q: str, **criteria: object) -> list[str]:
    page = micro_credential_search(
        user=PUBLIC,
        criteria=SearchCriteria(q=q, page_size=100, **criteria),  # type: ignore[arg-type]
    )
    return numbers(page.items)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # English stemming: operating, operation, operate share a stem
        ("operating", {"2001", "2002"}),
        ("operations", {"2001", "2002"}),
        ("operate", {"2001", "2002"}),
        ("driving", {"2001"}),
        # macrons: the query without finds the text with, and the other way round
        ("wananga", {"2003", "2004"}),
        ("wānanga", {"2003", "2004"}),
        ("WĀNANGA", {"2003", "2004"}),
        ("kaumatua", {"2005"}),
        # whānau is written with its macron in every statement; whanau (none) finds it, and
        # Wananga (no macron, in 2004's te reo title) is found by wānanga
        ("whanau", {"2001", "2002", "2003", "2004", "2005", "2006"}),
        ("whānau", {"2001", "2002", "2003", "2004", "2005", "2006"}),
        # te reo Māori title, te reo statement
        ("rangahau", {"2004"}),
        ("kaitiaki", {"2003"}),
        ("tohu", {"2004"}),
        # learning outcomes and the purpose statement
        ("spreadsheet", {"2006"}),
        ("warehouses", {"2001"}),
        ("hapū", {"2003"}),
        # every word must match
        ("forklift safely", {"2001"}),
        ("forklift espresso", set()),
        ("espresso machine", {"2002"}),
        # stop words are ignored alike on both databases
        ("the forklift", {"2001"}),
        ("the", set()),
        ("nothing-like-this", set()),
    ],
)
def test_search_finds_the_listings_whose_words_match(
    register: Register, q: str, expected: set[str]
) -> None:
    assert set(found(q)) == expected


def test_a_title_match_ranks_above_a_match_in_the_outcomes_only(register: Register) -> None:
    # "operation" is in the forklift title and only in the barista's learning outcomes
    assert found("operation") == ["2001", "2002"]


def test_ties_in_rank_go_by_listing_number(isb: Organisation) -> None:
    for number in ("10000", "3002", "3001"):
        list_one(isb, number, date(2024, 1, 1), title="Beekeeping Essentials")
    assert found("beekeeping") == ["3001", "3002", "10000"]


def test_removed_listings_never_match_for_the_public(register: Register) -> None:
    assert "2007" not in found("forklift")


def test_search_matches_the_current_version_only(register: Register) -> None:
    # version 2 of the forklift listing added "Load a truck"
    assert found("truck") == ["2001"]


def test_a_sort_other_than_relevance_orders_the_matches(register: Register) -> None:
    assert found("operating", sort=Sort.TITLE) == ["2002", "2001"]
    assert found("operating", sort=Sort.LISTING_NUMBER) == ["2001", "2002"]


NASTY_QUERIES = [
    '"',
    '"forklift',
    "forklift*",
    "*",
    "NEAR(forklift driving)",
    "forklift NEAR driving",
    "forklift AND OR NOT",
    "-forklift",
    "forklift -driving",
    "(forklift",
    "forklift)",
    "title:forklift",
    "{title}: forklift",
    "^forklift",
    "forklift + driving",
    "a & b | !c",
    "'; DROP TABLE register_microcredential; --",
    "\\",
    "%_",
    "\x00forklift",
    "forklift 🚜",
    "🚜🚜",
    "漢字 テスト",
    "ṭēst ẅōrd",
    "ß",
    "ﬁ",
]


@pytest.mark.parametrize("q", NASTY_QUERIES)
def test_query_syntax_and_odd_characters_never_break_the_search(register: Register, q: str) -> None:
    page = micro_credential_search(user=PUBLIC, criteria=SearchCriteria(q=q))
    assert page.total == len(page.items)


def test_words_with_syntax_around_them_still_match(register: Register) -> None:
    assert found('"forklift" (driving)*') == ["2001"]
    assert found("forklift 🚜") == ["2001"]


@settings(max_examples=60, suppress_health_check=suppressed(HealthCheck.function_scoped_fixture))
@given(q=st.text(max_size=200))
def test_any_text_gives_results_or_none_never_an_error(register: Register, q: str) -> None:
    page = micro_credential_search(user=PUBLIC, criteria=SearchCriteria(q=q))
    assert page.total >= len(page.items)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Wānanga", ("wananga",)),
        ("the Forklift and THE forklift", ("forklift",)),
        ("forklift_driving", ("forklift", "driving")),
        ('"NEAR" (a* OR b)', ("near", "b")),
        ("🚜", ()),
    ],
)
def test_query_text_is_folded_and_split_into_words(text: str, terms: tuple[str, ...]) -> None:
    assert search_terms(text) == terms


def test_fts5_expression_quotes_every_word() -> None:
    assert fts5_match_expression(["near", 'a"b']) == '"near" AND "a""b"'


def test_fold_removes_macrons() -> None:
    assert fold("Māori whānau") == "Maori whanau"


@pytest.mark.parametrize("q", ["forklift", "forklift operation", "wananga", "the", "espresso"])
@pytest.mark.parametrize("who", ["public", "quality_assurer"])
def test_counts_of_words_alone_match_counting_the_listings(
    register: Register, q: str, who: str, request: pytest.FixtureRequest
) -> None:
    # On SQLite words alone are counted from the full-text index; it must agree with counting
    # the listings themselves, removed ones included only for the quality assurer.
    user = PUBLIC if who == "public" else request.getfixturevalue(who).user
    criteria = SearchCriteria(q=q, page_size=100)
    page = micro_credential_search(user=user, criteria=criteria)
    matching = listings._matching(user, criteria)
    assert page.total == (0 if matching is None else matching.count())
    assert page.total == len(page.items)


def test_a_removed_listing_is_counted_for_the_quality_assurer_only(
    register: Register, quality_assurer: Persona
) -> None:
    # "Listed In Error Forklift" is removed; the live forklift listing is 2001
    public = micro_credential_search(user=PUBLIC, criteria=SearchCriteria(q="forklift error"))
    assurer = micro_credential_search(
        user=quality_assurer.user, criteria=SearchCriteria(q="forklift error")
    )
    assert (public.total, assurer.total) == (0, 1)
    assert numbers(assurer.items) == [register.mistake.listing_number]
