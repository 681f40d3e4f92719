"""The JSON API under /api/v1/: one NinjaAPI, a router per domain app.

Errors answer with the same words the web pages show, as problem details (RFC 9457,
`tohu.core.problems`): {"type", "title", "status", "detail", "code", "rule_id", "field", "errors"}.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationErrorContext
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer

from tohu.core import problems
from tohu.core.errors import DomainError, InvalidInput, NotFound
from tohu.organisations.models import ApiKey
from tohu.organisations.services import api_key_authenticate


def _authenticate(request: HttpRequest, key: str | None) -> ApiKey | None:
    if not key:
        return None
    try:
        api_key = api_key_authenticate(key)
    except NotFound:
        return None
    request.api_key = api_key  # type: ignore[attr-defined]
    return api_key


class BearerKey(HttpBearer):
    """`Authorization: Bearer tohu_...`: an organisation's API key."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return _authenticate(request, token)


class HeaderKey(APIKeyHeader):
    """`X-API-Key: tohu_...`: the same key in a header of its own."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        return _authenticate(request, key)


organisation_key = [BearerKey(), HeaderKey()]


class TohuAPI(NinjaAPI):
    """The NinjaAPI whose document lists every problem each operation can answer."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["servers"] = [{"url": settings.SITE_URL, "description": "This register."}]
        return problems.document_error_responses(schema)

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext[Any]]
    ) -> NinjaValidationError:
        """ninja's errors, keeping the value sent (as text) for the problem's `errors`."""
        errors = []
        for context in error_contexts:
            model = context.model
            for item in context.pydantic_validation_error.errors(include_url=False):
                location = model.__ninja_flatten_map_reverse__.get(item["loc"], item["loc"])
                errors.append(
                    {
                        "loc": (model.__ninja_param_source__, *location),
                        "msg": item["msg"],
                        "type": item["type"],
                        "input": problems.as_value(item.get("input")),
                    }
                )
        return NinjaValidationError(errors)


api = TohuAPI(
    title="Tohu API",
    version="1",
    description=(
        "The register of New Zealand micro-credentials and the services around it. "
        "Public endpoints need no key; an organisation's endpoints take its API key as "
        "`Authorization: Bearer <key>` or `X-API-Key: <key>`. Every error is problem details "
        "(RFC 9457, `application/problem+json`) of one shape, `ProblemOut`."
    ),
    urls_namespace="api-v1",
)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    errors: list[problems.ProblemError] = []
    if isinstance(error, InvalidInput):
        errors = [
            problems.ProblemError(column=p.field, message=p.message, rule_id=p.rule_id)
            for p in error.problems
        ]
    return problems.problem_response(
        status=error.status,
        detail=error.message,
        code=error.code,
        rule_id=error.rule_id,
        field=error.field,
        errors=errors,
    )


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    errors = problems.errors_from_validation(error.errors)
    summary = "; ".join(
        f"{e.column if e.row is None else f'row {e.row}, {e.column}'}: {e.message}" for e in errors
    )
    return problems.problem_response(
        status=400,
        detail=f"The request is not valid: {summary}",
        code="invalid_input",
        field=errors[0].column if errors else None,
        errors=errors,
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return problems.problem_response(
        status=401,
        detail=(
            "An organisation's API key is needed, as `Authorization: Bearer <key>` or "
            "`X-API-Key: <key>`; the key sent is unknown, revoked or expired, or none was sent."
        ),
        code="unauthenticated",
        headers={"WWW-Authenticate": 'Bearer realm="tohu"'},
    )


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    wait = max(1, math.ceil(error.wait or 1))
    return problems.problem_response(
        status=429,
        detail=f"Too many requests with this key: try again in {wait} seconds.",
        code="throttled",
        headers={"Retry-After": str(wait)},
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    code = problems.CODES.get(error.status_code, "error")
    return problems.problem_response(status=error.status_code, detail=error.message, code=code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return problems.problem_response(status=404, detail="Not found.", code="not_found")


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    return problems.problem_response(
        status=413,
        detail="The request body is larger than this endpoint accepts.",
        code="too_large",
    )


def _add_routers() -> None:
    from tohu.achievements.api import router as achievements_router
    from tohu.applications.api import router as applications_router
    from tohu.credentials.api import router as credentials_router
    from tohu.register.api import router as register_router
    from tohu.reviews.api import router as reviews_router

    api.add_router("/", register_router)
    api.add_router("/", applications_router)
    api.add_router("/", achievements_router)
    api.add_router("/", reviews_router)
    api.add_router("/", credentials_router)


_add_routers()
