"""Calendar links: each person's own, stored as a fingerprint, revocable, audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Persona
from tohu.core.models import AuditEvent
from tohu.organisations.models import Membership, Organisation
from tohu.reviews.calendar import token_hash
from tohu.reviews.events import Event
from tohu.reviews.models import CalendarFeed, Review

pytestmark = pytest.mark.django_db


def _link_url(organisation: Organisation) -> str:
    return reverse("reviews:calendar-link", args=[organisation.slug])


def _new_link(persona: Persona, organisation: Organisation) -> str:
    response = persona.client.post(_link_url(organisation), {"action": "new"})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    found = re.search(
        r"https?://[^/\s<]+(/reviews/calendar/[^<\s]+\.ics)", response.content.decode()
    )
    assert found is not None
    return found.group(1)


def test_a_member_gets_a_link_that_opens_the_feed_and_only_its_fingerprint_is_kept(
    developer: Persona, isb: Organisation, reviews: dict[str, Review]
) -> None:
    path = _new_link(developer, isb)

    response = Client().get(path)
    assert response.status_code == 200
    assert "DTSTART;VALUE=DATE:20270301" in response.content.decode()
    feed = CalendarFeed.objects.get()
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert feed.token_hash == token_hash(token)
    assert token not in feed.token_hash
    assert feed.last_used_at is not None
    event = AuditEvent.objects.get(event=Event.CALENDAR_FEED_CREATED)
    assert (event.actor_id, event.subject_id) == (developer.user.pk, str(feed.pk))
    assert event.detail == {"organisation": isb.slug}


def test_a_new_link_stops_the_old_one(
    developer: Persona, isb: Organisation, reviews: dict[str, Review]
) -> None:
    old = _new_link(developer, isb)
    new = _new_link(developer, isb)

    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    revoked = AuditEvent.objects.get(event=Event.CALENDAR_FEED_REVOKED)
    assert revoked.detail == {"organisation": isb.slug, "replaced": True}
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1


def test_revoking_stops_the_link_at_once_and_is_audited(
    developer: Persona, isb: Organisation, reviews: dict[str, Review]
) -> None:
    path = _new_link(developer, isb)

    response = developer.client.post(_link_url(isb), {"action": "revoke"})

    assert response.status_code == 302
    assert Client().get(path).status_code == 404
    revoked = AuditEvent.objects.get(event=Event.CALENDAR_FEED_REVOKED)
    assert revoked.detail == {"organisation": isb.slug, "replaced": False}
    page = developer.client.get(reverse("reviews:list")).content.decode()
    assert "no link yet" in page


def test_revoking_with_no_link_says_so(developer: Persona, isb: Organisation) -> None:
    response = developer.client.post(_link_url(isb), {"action": "revoke"}, follow=True)
    assert "You have no calendar link for this organisation to revoke." in (
        response.content.decode()
    )
    assert not AuditEvent.objects.filter(event=Event.CALENDAR_FEED_REVOKED).exists()


def test_a_link_stops_when_its_person_leaves_the_organisation(
    developer: Persona, isb: Organisation, reviews: dict[str, Review]
) -> None:
    path = _new_link(developer, isb)
    Membership.objects.filter(user_id=developer.user.pk).delete()
    assert Client().get(path).status_code == 404


def test_a_link_opens_only_its_own_organisation(
    developer: Persona, isb: Organisation, provider_org: Organisation
) -> None:
    path = _new_link(developer, isb)
    assert Client().get(path.replace(isb.slug, provider_org.slug)).status_code == 404


@pytest.mark.parametrize("action", ["new", "revoke"])
def test_outsiders_and_the_public_cannot_make_or_revoke_links(
    outsider: Persona, public: Client, isb: Organisation, action: str
) -> None:
    assert outsider.client.post(_link_url(isb), {"action": action}).status_code == 404
    response = public.post(_link_url(isb), {"action": action})
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert outsider.client.get(_link_url(isb)).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_the_old_signed_links_no_longer_open_a_feed(isb: Organisation) -> None:
    from django.core import signing

    old_token = signing.Signer(salt="tohu.reviews.calendar").signature(isb.slug)
    path = reverse("reviews:calendar-subscription", args=[isb.slug, old_token])
    assert Client().get(path).status_code == 404
