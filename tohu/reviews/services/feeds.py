"""Calendar subscription links: issue a new one (revoking the old), or revoke one."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext

from tohu.core import audit, clock
from tohu.core.errors import InvalidTransition
from tohu.core.permissions import Action, require
from tohu.organisations.models import Organisation
from tohu.reviews.calendar import token_hash
from tohu.reviews.events import Event
from tohu.reviews.models import CalendarFeed


@dataclass(frozen=True)
class IssuedFeed:
    """A new link: `token` is shown once and never stored."""

    feed: CalendarFeed
    token: str


def _revoke(feed: CalendarFeed, *, actor: AbstractBaseUser, replaced: bool) -> None:
    feed.revoked_at = clock.now()
    feed.save(update_fields=["revoked_at"])
    audit.record(
        Event.CALENDAR_FEED_REVOKED,
        actor=actor,
        subject=feed,
        detail={"organisation": feed.organisation.slug, "replaced": replaced},
    )


def calendar_feed_renew(*, actor: AbstractBaseUser, organisation: Organisation) -> IssuedFeed:
    """Give the person a new link to the organisation's calendar; their old link stops working."""
    require(actor, Action.ORGANISATION_VIEW, organisation)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        current = (
            CalendarFeed.objects.select_for_update()
            .filter(organisation=organisation, person_id=actor.pk, revoked_at__isnull=True)
            .first()
        )
        if current is not None:
            _revoke(current, actor=actor, replaced=True)
        feed = CalendarFeed.objects.create(
            organisation=organisation,
            person_id=actor.pk,
            token_hash=token_hash(token),
            created_at=clock.now(),
        )
        audit.record(
            Event.CALENDAR_FEED_CREATED,
            actor=actor,
            subject=feed,
            detail={"organisation": organisation.slug},
        )
    return IssuedFeed(feed=feed, token=token)


def calendar_feed_revoke(*, actor: AbstractBaseUser, organisation: Organisation) -> CalendarFeed:
    """Stop the person's link to the organisation's calendar at once."""
    require(actor, Action.ORGANISATION_VIEW, organisation)
    with transaction.atomic():
        current = (
            CalendarFeed.objects.select_for_update()
            .filter(organisation=organisation, person_id=actor.pk, revoked_at__isnull=True)
            .first()
        )
        if current is None:
            raise InvalidTransition(
                gettext("You have no calendar link for this organisation to revoke.")
            )
        _revoke(current, actor=actor, replaced=False)
    return current
