"""An organisation's review due dates as an iCalendar feed (RFC 5545, written by `icalendar`).

Calendar programs cannot sign in, so each person gets their own subscription link per
organisation carrying a random token (`CalendarFeed`, only its SHA-256 stored). A person can
revoke their link, and a new one replaces it; a link stops working when its person may no longer
see the organisation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta

from django.urls import reverse
from icalendar import Calendar, Event

from tohu.core import clock
from tohu.core.permissions import Action, can
from tohu.core.site import site_url
from tohu.organisations.models import Organisation
from tohu.reviews.models import CalendarFeed, Review


def token_hash(token: str) -> str:
    """Return the fingerprint stored for a feed token (256 random bits: a fast hash is enough)."""
    return hashlib.sha256(token.encode()).hexdigest()


def feed_path(organisation: Organisation, token: str) -> str:
    """Return the path of a subscription feed, for the token just issued."""
    return reverse("reviews:calendar-subscription", args=[organisation.slug, token])


def feed_for_token(slug: str, token: str) -> CalendarFeed | None:
    """Return the active feed the token opens, while its person may still see the organisation."""
    feed = (
        CalendarFeed.objects.select_related("organisation", "person")
        .filter(token_hash=token_hash(token), organisation__slug=slug, revoked_at__isnull=True)
        .first()
    )
    if feed is None or not can(feed.person, Action.ORGANISATION_VIEW, feed.organisation):
        return None
    now = clock.now()
    # note use at most once an hour: calendar programs poll often
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed


def _event(review: Review) -> Event:
    event = Event()
    site = site_url()
    event.add("uid", f"review-{review.pk}@{site.split('://')[-1]}")
    event.add("dtstamp", clock.now())
    event.add("dtstart", review.due_on)
    event.add("dtend", review.due_on + timedelta(days=1))
    event.add("summary", f"{review.get_kind_display()} due: {review.reference} {review.title}")
    event.add(
        "description",
        f"Status: {review.get_status_display()}. Listing or reference {review.reference}.",
    )
    event.add("url", f"{site}{reverse('reviews:detail', args=[review.pk])}")
    event.add("status", "CONFIRMED")
    return event


def feed(organisation: Organisation, reviews: Iterable[Review]) -> bytes:
    """Return the calendar of the organisation's reviews, one all-day event per due date."""
    cal = Calendar()
    cal.add("prodid", "-//Tohu//Reviews//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Reviews: {organisation.name}")
    for review in reviews:
        cal.add_component(_event(review))
    return bytes(cal.to_ical())
