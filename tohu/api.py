"""The JSON API under /api/v1/: one NinjaAPI, a router per domain app.

Errors answer with the same words the web pages show, as problem details (RFC 9457,
`tohu.core.problems`): {"type", "title", "status", "detail", "code", "rule_id", "field", "errors"}.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationErrorContext
from ninja.errors import ValidationError as NinjaValidationError

from tohu.core import idempotency, problems
from tohu.core.api_rate import CallerRateThrottle
from tohu.core.errors import DomainError, InvalidInput
from tohu.core.site import absolute_url, site_url


class TohuAPI(NinjaAPI):
    """The NinjaAPI whose document lists every problem each operation can answer."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["servers"] = [{"url": site_url(), "description": "This register."}]
        return idempotency.document(problems.document_error_responses(schema))

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
        "`Authorization: Bearer <key>` or `X-API-Key: <key>`. Each endpoint names the scope "
        "it needs (chosen when the key is made): a key without it answers 403. Every error is "
        "problem details (RFC 9457, `application/problem+json`) of one shape, `ProblemOut`. "
        "The whole register is open data: `GET /api/v1/open-data` lists the files (CSV, JSON "
        "Lines, the CTDL graph, Open Badges 3.0 Achievements), each gzip with an ETag."
    ),
    urls_namespace="api-v1",
    # deep links would nest a link inside each operation's button (axe: nested-interactive)
    docs=Swagger(settings={"deepLinking": False}),
    throttle=[CallerRateThrottle()],
)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    errors = list(error.problems) if isinstance(error, InvalidInput) else []
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
        f"{e.field if e.row is None else f'row {e.row}, {e.field}'}: {e.message}" for e in errors
    )
    return problems.problem_response(
        status=400,
        detail=gettext("The request is not valid: %(summary)s") % {"summary": summary},
        code="invalid_input",
        field=errors[0].field if errors else None,
        errors=errors,
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return problems.problem_response(
        status=401,
        detail=(
            gettext(
                "An organisation's API key is needed, as `Authorization: Bearer <key>` or "
                "`X-API-Key: <key>`; the key sent is unknown, revoked or expired, or none was sent."
            )
        ),
        code="unauthenticated",
        headers={"WWW-Authenticate": 'Bearer realm="tohu"'},
    )


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    wait = max(1, math.ceil(error.wait or 1))
    return problems.problem_response(
        status=429,
        detail=gettext("Too many requests with this key: try again in %(wait)s seconds.")
        % {"wait": wait},
        code="throttled",
        headers={"Retry-After": str(wait)},
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    code = problems.CODES.get(error.status_code, "error")
    return problems.problem_response(status=error.status_code, detail=error.message, code=code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return problems.problem_response(status=404, detail=gettext("Not found."), code="not_found")


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    return problems.problem_response(
        status=413,
        detail=gettext("The request body is larger than this endpoint accepts."),
        code="too_large",
    )


@api.get("/", include_in_schema=False, url_name="root")
def root(request: HttpRequest) -> dict[str, Any]:
    """Say what this API is and where its documentation and OpenAPI document are."""
    return {
        "name": api.title,
        "version": api.version,
        "description": "The register of New Zealand micro-credentials and the services around it.",
        "docs": absolute_url(reverse("api-v1:openapi-view")),
        "openapi": absolute_url(reverse("api-v1:openapi-json")),
        "open_data": absolute_url(reverse("api-v1:open_data")),
    }


def _add_routers() -> None:
    from tohu.achievements.api import router as achievements_router
    from tohu.applications.api import router as applications_router
    from tohu.credentials.api import router as credentials_router
    from tohu.register.api import router as register_router
    from tohu.reviews.api import router as reviews_router
    from tohu.webhooks.api import router as webhooks_router

    api.add_router("/", register_router)
    api.add_router("/", applications_router)
    api.add_router("/", achievements_router)
    api.add_router("/", reviews_router)
    api.add_router("/", credentials_router)
    api.add_router("/", webhooks_router)


_add_routers()
