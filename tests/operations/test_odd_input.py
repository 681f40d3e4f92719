"""Text no database can store (NUL, lone surrogates, broken UTF-8) and digits of other scripts:
each input path answers 400 naming where the fault is, never a server error."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.conftest import Persona
from tohu.core.input_guard import unsafe_character
from tohu.organisations import services as organisation_services


def _key(persona: Persona) -> str:
    assert persona.organisation is not None
    return organisation_services.api_key_create(
        actor=persona.user,
        organisation=persona.organisation,
        name="Student system",
        scopes=["completions:read", "completions:write", "applications:write"],
    ).plaintext


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("/applications/equivalency/statements/?q=a%00b", "q"),
        ("/applications/equivalency/statements/SOE%00.pdf", "address"),
        ("/?q=%00", "q"),
        ("/micro-credentials/1%00/", "address"),
        ("/?q=%ED%A0%80", "q"),
        ("/?q=%FF", "q"),
        ("/?%00=1", "query"),
    ],
)
def test_an_address_with_unstorable_text_is_refused_with_400(
    public: Client, url: str, where: str
) -> None:
    response = public.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The request is not valid" in page
    assert f"<strong>{where}</strong>" in page


def test_the_api_names_the_query_parameter(provider: Persona, public: Client) -> None:
    response = public.get(
        "/api/v1/completions?nsn=%00", HTTP_AUTHORIZATION=f"Bearer {_key(provider)}"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_input"
    assert response["Content-Type"] == "application/problem+json"
    assert body["errors"] == [
        {
            "row": None,
            "column": "nsn",
            "value": None,
            "rule_id": None,
            "message": "contains a NUL character (U+0000), which is not allowed",
        }
    ]


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Forklift\u0000", "contains a NUL character (U+0000), which is not allowed"),
        ("Forklift\ud800", "contains a lone surrogate (U+D800), which is not text"),
    ],
)
def test_an_api_body_with_unstorable_text_names_the_field(
    provider: Persona, public: Client, title: str, message: str
) -> None:
    body = json.dumps({"application_type": "listing_approval", "title": title})
    response = public.post(
        "/api/v1/applications",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_key(provider)}",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["column"], e["message"]) for e in errors] == [("title", message)]


def test_a_nested_api_field_is_named_by_its_path(provider: Persona, public: Client) -> None:
    body = json.dumps({"completions": [{"nsn": "1", "listing_number": "\u0000"}]})
    response = public.post(
        "/api/v1/completions",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_key(provider)}",
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["row"], error["column"]) == (1, "listing_number")


def test_a_form_field_with_a_nul_is_refused_by_the_form(developer: Persona) -> None:
    response = developer.client.get("/applications/new/")
    assert response.status_code == 200
    response = developer.client.post("/applications/new/", {"application_type": "a\u0000b"})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("before", ["²", "٣", "1²", "-1", "x"])
def test_the_audit_log_refuses_a_position_that_is_not_a_number(
    qa_manager: Persona, before: str
) -> None:
    response = qa_manager.client.get("/audit/", {"before": before})
    assert response.status_code == 400
    assert "before" in response.content.decode()
    assert "whole number" in response.content.decode()


def test_the_checker_names_each_kind_of_fault() -> None:
    assert unsafe_character("Ngātā ²٣ ok") is None
    assert unsafe_character("a\x00") == "contains a NUL character (U+0000), which is not allowed"
    assert unsafe_character("\udfff") == "contains a lone surrogate (U+DFFF), which is not text"
