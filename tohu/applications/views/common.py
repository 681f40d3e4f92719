"""What the application pages share: error handling, permissions and page context."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
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


def login_required_or_401(view: View) -> View:
    """Like login_required, but a background save from a page whose session has ended gets
    401, not the sign-in page: the page keeps what was typed and says so."""
    redirecting = login_required(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated and is_htmx(request):
            return HttpResponse(
                "Not saved: you are signed out.",
                status=401,
                content_type="text/plain; charset=utf-8",
            )
        return redirecting(request, *args, **kwargs)

    return wrapped


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
