"""An organisation's review due dates as an iCalendar feed (RFC 5545, written by `icalendar`).

Calendar programs cannot sign in, so the subscription link carries a signature of the
organisation's slug: unguessable, and checked without storing anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from icalendar import Calendar, Event

from tohu.core import clock
from tohu.core.site import site_url
from tohu.organisations.models import Organisation
from tohu.reviews.models import Review

SALT = "tohu.reviews.calendar"


def feed_token(organisation: Organisation) -> str:
    """Return the signature that opens the organisation's calendar feed."""
    return signing.Signer(salt=SALT).signature(organisation.slug)


def feed_url(organisation: Organisation) -> str:
    """Return the path of the organisation's subscription feed."""
    return reverse(
        "reviews:calendar-subscription", args=[organisation.slug, feed_token(organisation)]
    )


def organisation_for_token(slug: str, token: str) -> Organisation | None:
    """Return the organisation whose feed the token opens, or None."""
    try:
        signing.Signer(salt=SALT).unsign(f"{slug}:{token}")
    except signing.BadSignature:
        return None
    return Organisation.objects.filter(slug=slug).first()


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
