"""Absolute links in register answers: from SITE_URL when set, from the request when not."""

from __future__ import annotations

from django.test import Client, override_settings

from tests.register.conftest import Register

API = "/api/v1/micro-credentials"


@override_settings(SITE_URL="")
def test_unset_links_are_built_from_the_request(register: Register, public: Client) -> None:
    item = public.get(API, {"q": "rangahau"}, HTTP_HOST="localhost:8000").json()["items"][0]
    assert item["url"] == "http://localhost:8000/micro-credentials/2004/"
    assert item["api_url"] == "http://localhost:8000/api/v1/micro-credentials/2004"


@override_settings(SITE_URL="", ALLOWED_HOSTS=["tohu.example.govt.nz"])
def test_unset_links_follow_the_scheme_the_request_came_in_on(
    register: Register, public: Client
) -> None:
    response = public.get(API, {"q": "rangahau"}, secure=True, HTTP_HOST="tohu.example.govt.nz")
    assert response.json()["items"][0]["url"] == (
        "https://tohu.example.govt.nz/micro-credentials/2004/"
    )


@override_settings(SITE_URL="https://tohu.example.govt.nz/")
def test_a_set_site_url_wins_over_the_request(register: Register, public: Client) -> None:
    item = public.get(API, {"q": "rangahau"}, HTTP_HOST="localhost:8000").json()["items"][0]
    assert item["url"] == "https://tohu.example.govt.nz/micro-credentials/2004/"
