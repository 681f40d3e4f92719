"""Pages every person sees: sign-in, the dashboard, the audit log, health."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.views import LoginView
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tohu.accounts.models import IdentityProvider
from tohu.core import audit, clock, health
from tohu.core.dashboards import dashboard_panels, waiting_on_you
from tohu.core.middleware import CONTENT_SECURITY_POLICY
from tohu.core.models import AuditEvent
from tohu.core.permissions import Action, can
from tohu.core.translation import catalogue_status, glossary

AUDIT_PAGE_SIZE = 50


def origin_of(url: str) -> str:
    """Return scheme://host[:port] of an address."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer 500 with the request's id, which the person can quote and the log carries."""
    from django.template import loader

    # rendered without the context processors: they may need the database that just failed
    page = loader.get_template("500.html").render({"request": request})
    return HttpResponse(page, status=500)


def health_live(request: HttpRequest) -> JsonResponse:
    """Answer that the web process runs; it touches nothing else."""
    return JsonResponse({"status": "live"})


def health_ready(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database, a worker and the queue are well; 503 naming what is not."""
    state = health.readiness()
    problems = state.problems()
    body = {
        "status": "ready" if not problems else "not ready",
        "problems": problems,
        "checks": {
            "database": state.database,
            "workers_alive": state.workers,
            "last_heartbeat_seconds_ago": (
                None if state.heartbeat_age is None else round(state.heartbeat_age, 1)
            ),
            "queue_depth": state.queue_depth,
            "oldest_waiting_seconds": round(state.queue_age, 1),
            "oldest_waiting_task": state.oldest_waiting_task,
            "running": state.running,
        },
    }
    return JsonResponse(body, status=200 if not problems else 503)


@login_required
def operations(request: HttpRequest) -> HttpResponse:
    """Show the quality assurer's staff how the background work is going."""
    if not can(request.user, Action.OPERATIONS_VIEW):
        raise PermissionDenied
    state = health.readiness()
    return render(request, "core/operations.html", {"state": state, "problems": state.problems()})


def healthz(request: HttpRequest) -> JsonResponse:
    """Answer whether the web process can reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def client_address(request: HttpRequest) -> str:
    """Return the address a request came from, as django-axes sees it."""
    # django-axes works the address out (proxies included); fall back to the socket's
    return str(getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", ""))


class SignInView(LoginView):  # type: ignore[misc]
    """Sign in with django-allauth's flow: a password, then a second factor where the person has
    one. django-axes throttles and logs failed attempts.

    A successful sign-in is an audit event (`AccountAdapter.login`). Failures are not: they go to
    django-axes' own log (AccessAttempt and AccessFailureLog), so nobody can write to the audit
    chain, take its lock or empty the public register's answer cache (keyed by the chain head) by
    failing to sign in.

    allauth sends people on to "next" only when it is a URL on this site.
    """

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        context["identity_providers"] = IdentityProvider.objects.filter(enabled=True)
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().render_to_response(context, **kwargs)
        origins = sorted({origin_of(p.issuer) for p in context["identity_providers"]})
        if origins:
            # the organisations' sign-in buttons post here, and are sent on to their providers
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
                "form-action 'self'", "form-action 'self' " + " ".join(origins)
            )
        return response


@require_GET
def audit_checkpoints(request: HttpRequest) -> JsonResponse:
    """The audit chain's signed checkpoints, public, for anyone to keep copies of."""
    response = JsonResponse(audit.published_checkpoints())
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show the dashboard for each role the person holds."""
    context = {
        "panels": dashboard_panels(request.user),
        "waiting": waiting_on_you(request.user, today=clock.today()),
    }
    return render(request, "core/dashboard.html", context)


class BadParameter(Exception):
    """A query parameter that is not what the page takes; answered with 400 naming it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def _sequence_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    if value == "":
        return None
    # ASCII digits only: "²".isdigit() is true, and int("²") fails
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise BadParameter(name, "must be a whole number (the position in the audit log)")
    return int(value)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Show the audit log, newest first, to the quality assurer's managers.

    Pages go back by sequence number, so a page costs the same however long the log grows.
    """
    if not can(request.user, Action.AUDIT_VIEW):
        raise PermissionDenied
    try:
        before = _sequence_param(request, "before")
    except BadParameter as error:
        problems = [(error.name, error.message)]
        return render(request, "400.html", {"problems": problems}, status=400)
    events = AuditEvent.objects.order_by("-sequence")
    if before is not None:
        events = events.filter(sequence__lt=before)
    rows = list(events[: AUDIT_PAGE_SIZE + 1])
    context: dict[str, Any] = {
        "events": rows[:AUDIT_PAGE_SIZE],
        "older_than": rows[AUDIT_PAGE_SIZE - 1].sequence if len(rows) > AUDIT_PAGE_SIZE else None,
        "is_first_page": before is None,
    }
    return render(request, "core/audit_log.html", context)


@require_GET
def translation_status(request: HttpRequest) -> HttpResponse:
    """How much of the interface is in te reo Māori, by review state, and what is still English."""
    return render(
        request,
        "core/translation.html",
        {
            "status": catalogue_status("mi"),
            "glossary": glossary(),
            "may_review": can(request.user, Action.TRANSLATION_REVIEW),
        },
    )
