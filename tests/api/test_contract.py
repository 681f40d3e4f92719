"""The API's contract: the OpenAPI document is valid OpenAPI 3.1, every error is problem details
(RFC 9457) of one shape, and request bodies refuse unknown fields and loose types."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from tests.api.conftest import send
from tests.conftest import Persona
from tests.factories import listed_micro_credential
from tohu.applications.models import Application
from tohu.core.problems import MEDIA_TYPE
from tohu.organisations.models import Organisation
from tohu.register import document_schemas

FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER

PROBLEM_REF = "#/components/schemas/ProblemOut"


@pytest.fixture
def document(public: Client) -> dict[str, Any]:
    response = public.get("/api/v1/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def test_the_openapi_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [
        {"url": "http://127.0.0.1:8000", "description": "This register."}
    ]


def test_one_problem_schema_answers_every_error_of_every_operation(
    document: dict[str, Any],
) -> None:
    schemas = document["components"]["schemas"]
    assert "ProblemOut" in schemas
    assert not {"ErrorOut", "Problem", "ImportRejectedOut"} & set(schemas)
    for path, method, operation in _operations(document):
        errors = {code: r for code, r in operation["responses"].items() if int(code) >= 400}
        assert {"400", "429"} <= set(errors), (method, path)
        if operation.get("security"):
            assert {"401", "403"} <= set(errors), (method, path)
        if "{" in path:
            assert "404" in errors, (method, path)
        if method in ("post", "put", "patch"):
            assert {"409", "413", "422"} <= set(errors), (method, path)
        for code, response in errors.items():
            content = response["content"]
            assert list(content) == [MEDIA_TYPE], (method, path, code)
            assert content[MEDIA_TYPE]["schema"] == {"$ref": PROBLEM_REF}
            assert content[MEDIA_TYPE]["example"]["status"] == int(code)


def test_every_request_body_has_a_schema_with_an_example(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for path, method, operation in _operations(document):
        body = operation.get("requestBody")
        if body is None:
            continue
        for media_type, content in body["content"].items():
            if media_type != "application/json":
                continue
            name = content["schema"]["$ref"].rsplit("/", 1)[-1]
            assert schemas[name].get("examples"), (method, path, name)


def test_the_documents_have_real_schemas(document: dict[str, Any]) -> None:
    paths = document["paths"]
    for path, media_type in (
        ("/api/v1/micro-credentials/{listing_number}/ctdl", "application/ld+json"),
        ("/api/v1/micro-credentials/{listing_number}/achievement", "application/json"),
        ("/api/v1/micro-credentials.json", "application/json"),
    ):
        schema = paths[path]["get"]["responses"]["200"]["content"][media_type]["schema"]
        assert schema["required"], path
        assert schema["properties"], path


def _assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert body["type"].endswith(f"/api/v1/problems/{code.replace('_', '-')}")
    assert (body["status"], body["code"]) == (status, code)
    assert body["title"]
    assert body["detail"]
    assert isinstance(body["errors"], list)
    return body


def test_no_key_is_a_401_problem_that_says_how_to_authenticate(public: Client) -> None:
    response = public.get("/api/v1/completions")
    _assert_problem(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
    _assert_problem(
        send(public, "get", "/api/v1/reviews", "tohu_nope_nope"), 401, "unauthenticated"
    )


def test_an_unknown_listing_is_a_404_problem(public: Client) -> None:
    _assert_problem(public.get("/api/v1/micro-credentials/999999"), 404, "not_found")


def test_a_body_that_is_not_json_is_a_400_problem(public: Client, provider_key: str) -> None:
    response = send(public, "post", "/api/v1/completions", provider_key, "{not json")
    _assert_problem(response, 400, "invalid_input")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_too_large_is_a_413_problem(public: Client, provider_key: str) -> None:
    rows = [{"nsn": "0000012345", "listing_number": "1"}] * 100
    response = send(public, "post", "/api/v1/completions", provider_key, {"completions": rows})
    _assert_problem(response, 413, "too_large")


@pytest.mark.parametrize(
    ("body", "column", "value"),
    [
        (
            {"application_type": "listing_approval", "notional_hours": False},
            "notional_hours",
            "false",
        ),
        ({"application_type": "listing_approval", "level": "3"}, "level", "3"),
        ({"application_type": "listing_approval", "title": 5}, "title", "5"),
        ({"application_type": "listing_approval", "colour": "red"}, "colour", "red"),
    ],
)
def test_applications_refuse_unknown_fields_and_loose_types(
    public: Client, provider_key: str, body: dict[str, Any], column: str, value: str
) -> None:
    response = send(public, "post", "/api/v1/applications", provider_key, body)
    problem = _assert_problem(response, 400, "invalid_input")
    assert [(e["row"], e["column"], e["value"]) for e in problem["errors"]] == [
        (None, column, value)
    ]
    assert problem["field"] == column
    assert not Application.objects.exists()


def test_a_strict_body_still_takes_well_typed_values(
    public: Client, provider_key: str, provider: Persona
) -> None:
    body = {"application_type": "listing_approval", "notional_hours": 50, "in_te_reo_maori": False}
    response = send(public, "post", "/api/v1/applications", provider_key, body)
    assert response.status_code == 201, response.content
    assert Application.objects.get().notional_hours == 50


def test_review_reports_refuse_a_boolean_for_a_count(public: Client, provider_key: str) -> None:
    response = send(public, "put", "/api/v1/reviews/1/report", provider_key, {"enrolments": True})
    problem = _assert_problem(response, 400, "invalid_input")
    assert problem["errors"][0]["column"] == "enrolments"


def test_the_documents_served_match_their_schemas(isb: Organisation, public: Client) -> None:
    listed_micro_credential(developer=isb, listing_number="4321")
    for suffix, schema in (
        ("ctdl", document_schemas.CTDL_DOCUMENT),
        ("achievement", document_schemas.ACHIEVEMENT_DOCUMENT),
    ):
        response = public.get(f"/api/v1/micro-credentials/4321/{suffix}")
        assert response.status_code == 200
        Draft202012Validator(schema, format_checker=FORMAT_CHECKER).validate(response.json())
