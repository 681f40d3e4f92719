"""Reads about webhooks, filtered by who is asking: an organisation's endpoints and deliveries are
its administrators' (and its keys' with `webhooks:manage`), nobody else's."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from tohu.core.permissions import Action, User, can
from tohu.organisations.models import Organisation
from tohu.webhooks.models import Attempt, Delivery, Endpoint


def endpoints_for(user: User, organisation: Organisation) -> QuerySet[Endpoint]:
    """The organisation's endpoints when the user manages its webhooks, else none."""
    if not can(user, Action.ORGANISATION_MANAGE_WEBHOOKS, organisation):
        return Endpoint.objects.none()
    return Endpoint.objects.filter(organisation=organisation).select_related("organisation")


def deliveries_for(user: User, endpoint: Endpoint) -> QuerySet[Delivery]:
    """An endpoint's deliveries, newest first, each with its message and its attempts."""
    if not can(user, Action.ORGANISATION_MANAGE_WEBHOOKS, endpoint.organisation):
        return Delivery.objects.none()
    attempts = Prefetch("attempt_log", queryset=Attempt.objects.order_by("-number", "-pk"))
    return (
        Delivery.objects.filter(endpoint=endpoint)
        .select_related("message", "endpoint__organisation")
        .prefetch_related(attempts)
        .order_by("-message_id")
    )
