"""The search API pages by cursor: a keyset in each order (relevance too), `limit` with a
maximum, `next` and `Link: rel="next"`, stable while listings are added between pages;
`updated_since`, `Last-Modified` and 304 for a sync. Every test runs on the tuned reads and the
plain ORM."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client

from tests.factories import accredit
from tests.register.conftest import Register, _set_status, list_one
from tohu.organisations.models import Organisation
from tohu.register.models import ListingStatus

pytestmark = pytest.mark.usefixtures("both_reads")

API = "/api/v1/micro-credentials"
PUBLIC = ["2001", "2002", "2003", "2004", "2005", "2006"]

SORTS: list[dict[str, str]] = [
    {"sort": "-listed_on"},
    {"sort": "title"},
    {"sort": "level"},
    {"sort": "credits"},
    {"sort": "listing_number"},
    # every public listing's statement has "whānau" (the neutral wording of `list_one`)
    {"q": "whānau"},
    {"q": "whānau", "sort": "title"},
]


def walk(
    client: Client, params: dict[str, str], between: Callable[[], None] | None = None
) -> list[str]:
    """Follow `next` from the first page to the last; `between` runs after the first page."""
    url: str | None = f"{API}?{urlencode(params)}"
    seen: list[str] = []
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [item["listing_number"] for item in body["items"]]
        assert len(body["items"]) <= int(params.get("limit", 20))
        url = body["next"]
        if url:
            assert response["Link"] == f'<{url}>; rel="next"'
        pages += 1
        if pages == 1 and between is not None:
            between()
    return seen


def in_one_page(client: Client, params: dict[str, str]) -> list[str]:
    body = client.get(API, {**params, "limit": "100"}).json()
    assert body["next"] is None
    return [item["listing_number"] for item in body["items"]]


@pytest.mark.parametrize("params", SORTS)
def test_the_pages_give_every_match_once_in_the_searchs_order(
    register: Register, public: Client, params: dict[str, str]
) -> None:
    whole = in_one_page(public, params)
    assert sorted(whole) == PUBLIC
    for limit in ("1", "2", "4"):
        assert walk(public, {**params, "limit": limit}) == whole


def _add_listings_around_every_key(developer: Organisation) -> None:
    """Listings that fall before, at and after any page's end in every order."""
    for number, listed_on, title, level, credits in (
        ("1500", date(2026, 1, 1), "Aardvark Handling", 1, 1),
        ("1501", date(2020, 1, 1), "Zymurgy Foundations", 10, 40),
        ("3000", date(2024, 3, 10), "Kaitiakitanga in Practice", 4, 10),
        ("1502", date(2024, 3, 10), "Kaitiakitanga in Practice", 4, 10),
        ("3001", date(2024, 2, 10), "Espresso Barista Skills", 2, 8),
    ):
        list_one(
            developer,
            number,
            listed_on,
            title=title,
            level=level,
            credits=credits,
            learning_outcomes=["Describe the topic in depth"],
        )
    # and one the words do not find: it changes how SQLite's bm25 weighs every word
    list_one(
        developer,
        "3002",
        date(2024, 1, 1),
        title="Unrelated Topic",
        purpose_relevance="Relevant to industry.",
    )


@pytest.mark.parametrize("params", SORTS)
def test_listings_added_between_pages_neither_skip_nor_repeat_one_that_was_there(
    register: Register, public: Client, isb: Organisation, params: dict[str, str]
) -> None:
    seen = walk(public, {**params, "limit": "2"}, lambda: _add_listings_around_every_key(isb))
    assert [number for number, times in Counter(seen).items() if times > 1] == []
    assert set(PUBLIC) <= set(seen)
    # what was added after the first page's end comes too, in its place
    after = in_one_page(public, params)
    assert seen == [number for number in after if number in seen]


def test_the_limit_has_a_maximum_and_a_default(register: Register, public: Client) -> None:
    assert public.get(API, {"limit": "101"}).status_code == 400
    assert len(public.get(API, {"limit": "100"}).json()["items"]) == 6
    assert public.get(API, {"limit": "5"}).json()["next"] is not None


def test_the_cursor_is_opaque_and_a_changed_one_is_refused(
    register: Register, public: Client
) -> None:
    url = public.get(API, {"limit": "2"}).json()["next"]
    response = public.get(url[:-3] + "xyz")
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "cursor"


def test_updated_since_gives_the_listings_whose_documents_changed(
    register: Register, public: Client, provider_org: Organisation
) -> None:
    with time_machine.travel("2031-01-01 09:00 +13:00", tick=False):
        accredit(provider_org, register.whakapapa)
    since = {"updated_since": "2031-01-01T00:00:00+13:00"}
    assert in_one_page(public, since) == ["2004"]
    later = {"updated_since": "2031-01-01T09:00:01+13:00"}
    assert in_one_page(public, later) == []
    body = public.get(API, {**since, "limit": "100"}).json()
    assert body["total"] == 1


def test_the_search_answers_304_until_the_register_changes(
    register: Register, public: Client, provider_org: Organisation
) -> None:
    first = public.get(API, {"q": "whānau"})
    modified = first["Last-Modified"]
    assert public.get(API, {"q": "whānau"}, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert public.get(API, {"q": "whānau"}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with time_machine.travel("2031-01-01 09:00 +13:00", tick=False):
        accredit(provider_org, register.whakapapa)
    again = public.get(API, {"q": "whānau"}, HTTP_IF_MODIFIED_SINCE=modified)
    assert again.status_code == 200
    assert again["Last-Modified"] == "Tue, 31 Dec 2030 20:00:00 GMT"


def test_a_removal_moves_the_searchs_last_modified(register: Register, public: Client) -> None:
    modified = public.get(API)["Last-Modified"]
    with time_machine.travel("2031-01-01 09:00 +13:00", tick=False):
        _set_status(
            register.whakapapa, ListingStatus.REMOVED, date(2030, 12, 31), reason="Listed twice."
        )
    response: Any = public.get(API, HTTP_IF_MODIFIED_SINCE=modified)
    assert response.status_code == 200
    assert "2004" not in [item["listing_number"] for item in response.json()["items"]]
