"""What the application pages share: error handling, permissions and page context."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from tohu.applications import selectors
from tohu.applications.fees import fee_for as fee_for
from tohu.applications.models import Application, ApplicationStatus
from tohu.applications.precheck import findings_from_json
from tohu.core.errors import DomainError, NotAllowed, NotFound
from tohu.core.permissions import Action, can
from tohu.rulebook import Severity

S = ApplicationStatus
View = Callable[..., HttpResponseBase]


def domain_pages(view: View) -> View:
    """Turn NotFound into 404 and NotAllowed into 403 for pages."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from None
        except NotAllowed as error:
            raise PermissionDenied(error.message) from None

    return wrapped


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def require_action(request: HttpRequest, action: Action, obj: Any = None) -> None:
    if not can(request.user, action, obj):
        raise PermissionDenied


def error_text(error: DomainError) -> str:
    return f"[{error.rule_id}] {error.message}" if error.rule_id else error.message


def page_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    if application.status == S.DRAFT:
        findings = selectors.precheck_for(application)
    else:
        findings = findings_from_json(application.precheck)
    return {
        "application": application,
        "findings": findings,
        "blocks": [f for f in findings if f.severity is Severity.BLOCK],
        "attachments": list(application.attachments.select_related("uploaded_by")),
        "requests": list(application.information_requests.prefetch_related("attachments")),
        "may_edit": can(request.user, Action.APPLICATION_EDIT, application),
        "is_evaluator": can(request.user, Action.APPLICATION_EVALUATE, application),
    }
