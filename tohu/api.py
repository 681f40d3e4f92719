"""The JSON API under /api/v1/: one NinjaAPI, a router per domain app.

Errors answer with the same words the web pages show: {"detail": ..., "code": ..., "rule_id": ...}.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from tohu.core.errors import DomainError, InvalidInput

api = NinjaAPI(
    title="Tohu API",
    version="1",
    description=(
        "The register of New Zealand micro-credentials and the services around it. "
        "Public endpoints need no key; an organisation's endpoints take its API key as "
        "`Authorization: Bearer <key>` or `X-API-Key: <key>`. Each endpoint names the scope "
        "it needs (chosen when the key is made): a key without it answers 403."
    ),
    urls_namespace="api-v1",
)


def _problem(status: int, detail: str, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "status": status, **extra}


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    body = _problem(error.status, error.message, code=error.code, rule_id=error.rule_id)
    if error.field:
        body["field"] = error.field
    if isinstance(error, InvalidInput):
        body["problems"] = [
            {"field": p.field, "message": p.message, "rule_id": p.rule_id} for p in error.problems
        ]
    return api.create_response(request, body, status=error.status)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    problems = [
        {
            "field": ".".join(str(part) for part in item.get("loc", [])[1:]) or "request",
            "message": item.get("msg", "is not valid"),
        }
        for item in error.errors
    ]
    summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
    body = _problem(400, f"The request is not valid: {summary}", code="invalid_input")
    body["problems"] = problems
    return api.create_response(request, body, status=400)


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
