"""Pages every person sees: the dashboard, the audit log, health."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from tohu.core.models import AuditEvent
from tohu.core.permissions import Action, can


def healthz(request: HttpRequest) -> JsonResponse:
    """Answer whether the web process can reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show the dashboard for each role the person holds."""
    from tohu.core.dashboards import dashboard_panels

    return render(request, "core/dashboard.html", {"panels": dashboard_panels(request.user)})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Show the latest audit events to the quality assurer's managers."""
    if not can(request.user, Action.AUDIT_VIEW):
        raise PermissionDenied
    events = AuditEvent.objects.select_related("actor").order_by("-sequence")[:200]
    return render(request, "core/audit_log.html", {"events": events})
