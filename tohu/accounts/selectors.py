"""Reads about accounts, filtered by who is asking: an organisation's identity providers are its
administrators' to see, nobody else's."""

from __future__ import annotations

from django.db.models import QuerySet

from tohu.accounts.models import IdentityProvider
from tohu.core.permissions import Action, User, can
from tohu.organisations.models import Organisation


def identity_providers_for(user: User, organisation: Organisation) -> QuerySet[IdentityProvider]:
    """The organisation's identity providers when the user manages its sign-in, else none."""
    if not can(user, Action.ORGANISATION_MANAGE_SIGN_IN, organisation):
        return IdentityProvider.objects.none()
    return IdentityProvider.objects.filter(organisation=organisation).select_related("organisation")
