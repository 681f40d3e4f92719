"""The public register's answer cache: anonymous GETs only, invalidated by any change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from tests.conftest import Persona
from tests.factories import listed_micro_credential
from tohu.organisations.models import Organisation
from tohu.register import services

PUBLIC_URLS = ["/", "/?q=forklift", "/api/v1/micro-credentials?q=forklift"]


@pytest.fixture(autouse=True)
def cache_on() -> Iterator[None]:
    cache.clear()
    with override_settings(TOHU_REGISTER_CACHE_SECONDS=300):
        yield
    cache.clear()


def _queries(client: Client, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_repeated_public_request_is_answered_from_the_cache(
    isb: Organisation, public: Client, url: str
) -> None:
    listed_micro_credential(developer=isb)
    first_queries, first = _queries(public, url)
    second_queries, second = _queries(public, url)
    assert second == first
    # one query remains: the audit chain's head, which says whether anything changed
    assert second_queries == 1 < first_queries


def test_any_change_shows_at_once(
    isb: Organisation, public: Client, quality_assurer: Persona
) -> None:
    listing = listed_micro_credential(developer=isb, title="Forklift Operation")
    assert b"Current" in public.get(f"/micro-credentials/{listing.listing_number}/").content
    services.micro_credential_status_set(
        actor=quality_assurer.user,
        micro_credential=listing,
        status="expiring",
        effective_on=date(2026, 1, 1),
        end_date=date(2027, 12, 31),
        reason="Being replaced",
    )
    page = public.get(f"/micro-credentials/{listing.listing_number}/").content
    assert b"Expiring" in page
    found = public.get("/api/v1/micro-credentials?q=forklift").json()
    assert found["items"][0]["status"] == "expiring"


def test_signed_in_people_always_get_a_fresh_page(
    isb: Organisation, quality_assurer: Persona
) -> None:
    listed_micro_credential(developer=isb)
    first_queries, _ = _queries(quality_assurer.client, "/")
    second_queries, _ = _queries(quality_assurer.client, "/")
    assert second_queries == first_queries > 1


def test_a_bad_search_is_not_kept_and_the_htmx_answer_is_kept_apart(
    isb: Organisation, public: Client
) -> None:
    listed_micro_credential(developer=isb)
    bad = public.get("/api/v1/micro-credentials?level=11")
    assert bad.status_code == 400
    assert public.get("/api/v1/micro-credentials?level=11").status_code == 400
    full = public.get("/?q=forklift").content
    htmx = {"HX-Request": "true", "HX-Target": "results"}
    partial = public.get("/?q=forklift", headers=htmx).content
    restore = public.get("/?q=forklift", headers={**htmx, "HX-History-Restore-Request": "true"})
    assert partial != full
    assert b"<html" not in partial
    assert b"<html" in restore.content


def test_each_language_has_its_own_cached_answer(isb: Organisation, public: Client) -> None:
    listed_micro_credential(developer=isb, title="Forklift Operation")
    maori = public.get("/", headers={"accept-language": "mi"}).content.decode()
    english = public.get("/", headers={"accept-language": "en-NZ"}).content.decode()
    again = public.get("/", headers={"accept-language": "mi"}).content.decode()
    assert '<html lang="mi">' in maori
    assert '<html lang="en-NZ">' in english
    assert again == maori
