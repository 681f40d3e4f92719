"""What the application pages share beyond the web layer (`tohu.core.web`): the page context."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tohu.applications import selectors
from tohu.applications.fees import fee_for as fee_for
from tohu.applications.models import Application, ApplicationStatus
from tohu.applications.precheck import findings_from_json
from tohu.core.permissions import Action, can
from tohu.rulebook import Severity

S = ApplicationStatus


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
