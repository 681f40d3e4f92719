"""Pages every person sees: sign-in, the dashboard, the audit log, health."""

from __future__ import annotations

from typing import Any

from allauth.account.views import LoginView
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from tohu.core import audit
from tohu.core.dashboards import dashboard_panels
from tohu.core.forms import SignInForm
from tohu.core.models import AuditEvent
from tohu.core.permissions import Action, can

AUDIT_PAGE_SIZE = 50


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer 500 with the request's id, which the person can quote and the log carries."""
    from django.template import loader

    # rendered without the context processors: they may need the database that just failed
    page = loader.get_template("500.html").render({"request": request})
    return HttpResponse(page, status=500)


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
    one. django-axes throttles; every attempt is audited (success in `AccountAdapter.login`).

    allauth sends people on to "next" only when it is a URL on this site.
    """

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        return context

    def form_invalid(self, form: SignInForm) -> HttpResponse:
        if form.attempted:
            username = str(form.cleaned_data["login"])
            audit.record(
                audit.Event.USER_SIGN_IN_FAILED,
                actor=None,
                actor_label="anonymous",
                subject=audit.Subject(type="sign_in", id=username[:80]),
                detail={
                    "username": username,
                    "ip_address": client_address(self.request),
                    "locked_out": bool(getattr(self.request, "axes_locked_out", False)),
                },
            )
        response: HttpResponse = super().form_invalid(form)
        return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show the dashboard for each role the person holds."""
    return render(request, "core/dashboard.html", {"panels": dashboard_panels(request.user)})


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
