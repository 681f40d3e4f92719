"""Template context every page needs: the navigation for the person signed in."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from tohu.core.permissions import Action, can


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def navigation(request: HttpRequest) -> dict[str, list[NavItem]]:
    """Return the navigation links this person may follow."""
    user = request.user
    items = [NavItem("Register", reverse("register:search"))]
    if user.is_authenticated:
        items.append(NavItem("Dashboard", reverse("dashboard")))
        if can(user, Action.AUDIT_VIEW):
            items.append(NavItem("Audit log", reverse("audit-log")))
    items.append(NavItem("API", "/api/v1/docs"))
    return {"nav_items": items}
