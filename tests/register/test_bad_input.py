"""Bad search input: the API answers 400 naming the field, the page answers 200 and says why."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.properties import suppressed
from tests.register.conftest import Register
from tohu.core.errors import InvalidInput
from tohu.core.input_guard import unsafe_character
from tohu.register.selectors import API_PARAMETERS, PARAMETERS, search_criteria_from

LEVEL = "must be a whole number from 1 to 10"
CREDITS = "must be a whole number from 1 to 40"
PAGE = "must be a whole number from 1 to 1000000"
PAGE_SIZE = "must be a whole number from 1 to 100"
SLUG = "must be an organisation's short name (letters, digits and hyphens)"
UNKNOWN = (
    "is not a search filter (use q, level, credits_min, credits_max, field, developer, "
    "provider, status, sort, page, page_size)"
)
API_UNKNOWN = (
    "is not a search filter (use q, level, credits_min, credits_max, field, developer, "
    "provider, status, sort, updated_since, cursor, limit)"
)
NOT_A_CURSOR = "is not a cursor from this API: use the `next` address as given"
ZONE = "give the time with its zone, e.g. 2026-05-01T00:00:00+12:00"

BAD_INPUT = [
    ([("level", "0")], "level", LEVEL),
    ([("level", "11")], "level", LEVEL),
    ([("level", "abc")], "level", LEVEL),
    ([("level", "3.5")], "level", LEVEL),
    ([("level", "3"), ("level", "-4")], "level", LEVEL),
    ([("level", "99999999999999999999999")], "level", LEVEL),
    ([("credits_min", "41")], "credits_min", CREDITS),
    ([("credits_min", "0")], "credits_min", CREDITS),
    ([("credits_max", "forty")], "credits_max", CREDITS),
    (
        [("credits_min", "20"), ("credits_max", "5")],
        "credits_min",
        "must not be more than credits_max",
    ),
    ([("credits_min", "5"), ("credits_min", "6")], "credits_min", "give one value only"),
    ([("field", "12a")], "field", "must be an NZSCED code of 2, 4 or 6 digits"),
    ([("field", "123")], "field", "must be an NZSCED code of 2, 4 or 6 digits"),
    ([("field", "0303990")], "field", "must be an NZSCED code of 2, 4 or 6 digits"),
    ([("developer", "no spaces!")], "developer", SLUG),
    ([("provider", "x" * 81)], "provider", SLUG),
    ([("provider", "two words")], "provider", SLUG),
    ([("status", "retired")], "status", "must be one of current, expiring, discontinued, removed"),
    (
        [("sort", "price")],
        "sort",
        "must be one of relevance, title, -listed_on, level, credits, listing_number",
    ),
    ([("q", "forklift"), ("q", "crane")], "q", "give one value only"),
    ([("q", "x" * 10_000)], "q", "must be at most 200 characters"),
    ([("q", "forklift " * 30)], "q", "must be at most 200 characters"),
]
# the page for people pages by number
PAGE_INPUT = [
    ([("colour", "blue")], "colour", UNKNOWN),
    ([("page", "0")], "page", PAGE),
    ([("page", "-1")], "page", PAGE),
    ([("page", "x")], "page", PAGE),
    ([("page", "1000001")], "page", PAGE),
    ([("page_size", "101")], "page_size", PAGE_SIZE),
    ([("page_size", "0")], "page_size", PAGE_SIZE),
]
# the API pages by cursor
API_INPUT = [
    ([("colour", "blue")], "colour", API_UNKNOWN),
    ([("page", "2")], "page", API_UNKNOWN),
    ([("page_size", "10")], "page_size", API_UNKNOWN),
    ([("limit", "101")], "limit", PAGE_SIZE),
    ([("limit", "0")], "limit", PAGE_SIZE),
    ([("limit", "ten")], "limit", PAGE_SIZE),
    ([("cursor", "abc")], "cursor", NOT_A_CURSOR),
    ([("cursor", "eyJhZnRlciI6IjIwMDEifQ:1vSc0d:bad")], "cursor", NOT_A_CURSOR),
    ([("updated_since", "2026-05-01T00:00:00")], "updated_since", ZONE),
    (
        [("updated_since", "yesterday")],
        "updated_since",
        "must be a time in ISO 8601 with its zone, e.g. 2026-05-01T00:00:00+12:00",
    ),
]


@pytest.mark.parametrize(("params", "field", "message"), BAD_INPUT + PAGE_INPUT)
def test_the_validator_names_the_field_and_says_what_is_wrong(
    params: list[tuple[str, str]], field: str, message: str
) -> None:
    query: dict[str, list[str]] = {}
    for name, value in params:
        query.setdefault(name, []).append(value)
    with pytest.raises(InvalidInput) as raised:
        search_criteria_from(query)
    assert raised.value.field == field
    assert [(p.field, p.message) for p in raised.value.problems] == [(field, message)]
    assert raised.value.message == f"The search is not valid: {field}: {message}"


@pytest.mark.parametrize(("params", "field", "message"), BAD_INPUT + API_INPUT)
def test_the_api_answers_400_naming_the_field(
    db: None, public: Client, params: list[tuple[str, str]], field: str, message: str
) -> None:
    response = public.get(f"/api/v1/micro-credentials?{urlencode(params)}")
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert body["code"] == "invalid_input"
    assert f"{field}: {message}" in body["detail"]
    assert body["type"].endswith("/api/v1/problems/invalid-input")
    assert (body["title"], body["status"]) == ("The request is not valid", 400)
    assert response["Content-Type"] == "application/problem+json"
    assert body["errors"] == [
        {"row": None, "column": field, "value": None, "rule_id": None, "message": message}
    ]


@pytest.mark.parametrize(("params", "field", "message"), BAD_INPUT)
def test_the_search_page_answers_200_with_a_friendly_message(
    db: None, public: Client, params: list[tuple[str, str]], field: str, message: str
) -> None:
    response = public.get(f"/?{urlencode(params)}")
    assert response.status_code == 200
    assert b"Some filters could not be used" in response.content
    # the page names the other field as its label reads, not as the API parameter
    in_words = message.replace("than credits_max", "than “Credits to”")
    assert in_words.replace("'", "&#x27;").encode() in response.content
    assert b"than credits_max" not in response.content
    assert b'class="results"' not in response.content


@pytest.mark.parametrize(("params", "field", "message"), BAD_INPUT[:6])
def test_downloads_refuse_bad_input_with_the_same_words(
    db: None, public: Client, params: list[tuple[str, str]], field: str, message: str
) -> None:
    for path in ("/micro-credentials.csv", "/api/v1/micro-credentials.json"):
        response = public.get(f"{path}?{urlencode(params)}")
        assert response.status_code == 400
        assert f"{field}: {message}".encode() in response.content


def test_every_problem_is_reported_at_once(db: None, public: Client) -> None:
    response = public.get("/api/v1/micro-credentials?level=0&credits_max=99&colour=red")
    assert response.status_code == 400
    assert [p["column"] for p in response.json()["errors"]] == ["colour", "level", "credits_max"]


ODD_BUT_HARMLESS = ["level=", "q=%ZZ", "q=" + "%22" * 150, "level=3&level=3"]


@pytest.mark.parametrize(
    "query",
    [
        *ODD_BUT_HARMLESS,
        "q=&level=&credits_min=&field=&developer=&provider=&status=&sort=&page=",
        "page=1000000",
    ],
)
def test_odd_but_harmless_query_strings_give_a_page_or_an_empty_page(
    db: None, public: Client, query: str
) -> None:
    assert public.get(f"/?{query}").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        *ODD_BUT_HARMLESS,
        "q=&level=&credits_min=&field=&developer=&provider=&status=&sort=&cursor=&limit=",
        "updated_since=&cursor=",
    ],
)
def test_odd_but_harmless_query_strings_give_a_page_in_the_api(
    db: None, public: Client, query: str
) -> None:
    assert public.get(f"/api/v1/micro-credentials?{query}").status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=%FF%FE", "q: is not UTF-8 text"),
        ("q=%00", "q: contains a NUL character (U+0000)"),
        ("provider=nul%00byte", "provider: contains a NUL character (U+0000)"),
    ],
)
def test_text_no_database_can_store_is_refused_naming_the_field(
    db: None, public: Client, query: str, message: str
) -> None:
    # issue 13 (3): a NUL or broken UTF-8 is a 400 that says where, before any query runs
    page = public.get(f"/?{query}")
    assert page.status_code == 400
    field, what = message.split(": ", 1)
    assert f"<strong>{field}</strong> {what}".encode() in page.content
    api = public.get(f"/api/v1/micro-credentials?{query}")
    assert api.status_code == 400
    assert message in api.json()["detail"]


def test_a_query_string_with_too_many_fields_is_refused_not_an_error(
    db: None, public: Client
) -> None:
    query = "&".join(f"level={n % 10 + 1}" for n in range(1100))
    assert public.get(f"/api/v1/micro-credentials?{query}").status_code == 400
    assert public.get(f"/?{query}").status_code == 400


def test_a_cursor_made_for_another_order_is_refused(register: Register, public: Client) -> None:
    first = public.get("/api/v1/micro-credentials", {"sort": "title", "limit": "1"}).json()
    cursor = parse_qs(urlsplit(first["next"]).query)["cursor"][0]
    response = public.get("/api/v1/micro-credentials", {"sort": "level", "cursor": cursor})
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "cursor"
    assert "another order" in response.json()["errors"][0]["message"]


NAMES = st.sampled_from([*PARAMETERS, "colour", "Level", ""])
API_NAMES = st.sampled_from([*API_PARAMETERS, "colour", "Level", ""])


@settings(max_examples=200)
@given(params=st.dictionaries(NAMES, st.lists(st.text(max_size=30), max_size=3), max_size=6))
def test_any_parameters_give_criteria_or_a_clear_error(params: dict[str, list[str]]) -> None:
    problems: list[tuple[str, str]] = []
    try:
        criteria = search_criteria_from(params)
    except InvalidInput as error:
        problems = [(p.field, p.message) for p in error.problems]
        assert problems
        assert all(name in params and message for name, message in problems)
    else:
        assert criteria.page >= 1
        assert 1 <= criteria.page_size <= 100


@settings(max_examples=200)
@given(params=st.dictionaries(API_NAMES, st.lists(st.text(max_size=30), max_size=3), max_size=6))
def test_any_api_parameters_give_criteria_or_a_clear_error(params: dict[str, list[str]]) -> None:
    try:
        criteria = search_criteria_from(params, by_cursor=True)
    except InvalidInput as error:
        problems = [(p.field, p.message) for p in error.problems]
        assert problems
        assert all(name in params and message for name, message in problems)
    else:
        assert criteria.page == 1
        assert 1 <= criteria.page_size <= 100
        assert criteria.after is None  # no text hypothesis makes is a signed cursor


@settings(max_examples=40, suppress_health_check=suppressed(HealthCheck.function_scoped_fixture))
@given(pairs=st.lists(st.tuples(NAMES, st.text(max_size=20)), max_size=5))
def test_any_query_string_answers_200_or_400_never_500(
    db: None, public: Client, pairs: list[tuple[str, str]]
) -> None:
    query = urlencode(pairs)
    page = public.get(f"/?{query}")
    # the search page explains a filter it cannot use; only text no database can store
    # (a NUL, a lone surrogate) is refused outright, with the reason
    if page.status_code == 400:
        assert b"The request is not valid" in page.content
        assert any(unsafe_character(value) for _, value in pairs) or any(
            unsafe_character(name) for name, _ in pairs
        )
    else:
        assert page.status_code == 200


@settings(max_examples=40, suppress_health_check=suppressed(HealthCheck.function_scoped_fixture))
@given(pairs=st.lists(st.tuples(API_NAMES, st.text(max_size=20)), max_size=5))
def test_any_query_string_answers_200_or_400_in_the_api_never_500(
    db: None, public: Client, pairs: list[tuple[str, str]]
) -> None:
    response = public.get(f"/api/v1/micro-credentials?{urlencode(pairs)}")
    assert response.status_code in (200, 400)
