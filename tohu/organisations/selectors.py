"""Reads about organisations, filtered by who is asking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from tohu.core.permissions import Action, can, memberships
from tohu.organisations.models import ApiKey, Organisation

if TYPE_CHECKING:
    from tohu.core.permissions import User


def organisations_of(user: User) -> list[Organisation]:
    """Return the organisations the user is a member of, each once."""
    seen: dict[int, Organisation] = {}
    for membership in memberships(user):
        seen.setdefault(membership.organisation_id, membership.organisation)
    return list(seen.values())


def api_keys_for(user: User, organisation: Organisation) -> QuerySet[ApiKey]:
    """Return the organisation's keys when the user administers it, else none."""
    if not can(user, Action.ORGANISATION_MANAGE_KEYS, organisation):
        return ApiKey.objects.none()
    return ApiKey.objects.filter(organisation=organisation)
