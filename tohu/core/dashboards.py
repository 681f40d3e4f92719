"""What each role's dashboard shows (quality assurer, developer, provider, learner)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from typing import TYPE_CHECKING

from tohu.core.permissions import Action, can

if TYPE_CHECKING:
    from tohu.core.permissions import User


@dataclass
class Panel:
    """One role's part of the dashboard."""

    role: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def dashboard_panels(user: User) -> list[Panel]:
    """Return a panel for every role the user holds, the quality assurer's first."""
    panels: list[Panel] = []
    if can(user, Action.DASHBOARD_QUALITY_ASSURER):
        panels.append(Panel("Quality assurer", "core/panels/quality_assurer.html"))
    if can(user, Action.DASHBOARD_DEVELOPER):
        panels.append(Panel("Developer", "core/panels/developer.html"))
    if can(user, Action.DASHBOARD_PROVIDER):
        panels.append(Panel("Provider", "core/panels/provider.html"))
    if can(user, Action.DASHBOARD_LEARNER):
        panels.append(Panel("Learner", "core/panels/learner.html"))
    return panels
