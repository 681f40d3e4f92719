"""Every demo persona's dashboard links only to pages that persona may use.

Each persona signs in, opens the dashboard, and follows every link on it (navigation, panels,
footer): each answers 200, after any redirect. An organisation's administrator with no
developer, provider or quality-assurer role is told what they can do.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import enrol_totp
from tohu.core import clock
from tohu.core.principal import DEMO
from tohu.demo.build import build_demo
from tohu.demo.people import PERSONAS
from tohu.organisations.models import Membership, Organisation, OrganisationType, Role
from tohu.organisations.services import membership_add, organisation_create

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')


def _signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _links(html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        # this site's pages only: not anchors, not other sites, not static files
        if parts.netloc or href.startswith("#") or href.startswith("/static/"):
            continue
        found.append(href)
    return sorted(set(found))


def _follow_every_link(client: Client) -> dict[str, int]:
    dashboard = client.get("/dashboard/")
    assert dashboard.status_code == 200
    answers = {}
    for href in _links(dashboard.content.decode()):
        response = client.get(href, follow=True)
        answers[href] = response.status_code
    return answers


@pytest.mark.parametrize("username", [persona.username for persona in PERSONAS])
def test_every_link_on_a_personas_dashboard_opens(username: str) -> None:
    build_demo()
    answers = _follow_every_link(_signed_in(username))
    assert "/dashboard/" in answers
    refused = {href: status for href, status in answers.items() if status != 200}
    assert refused == {}, f"{username}'s dashboard links to pages that answer {refused}"


def test_a_results_officer_is_offered_reporting_not_applications_or_reviews() -> None:
    build_demo()
    page = _signed_in("results-officer").get("/dashboard/").content.decode()
    assert "Report completions" in page
    assert "Start an application" not in page
    assert "Your applications" not in page
    assert "has no role" not in page


def test_an_administrator_of_an_organisation_with_no_other_role_sees_what_they_can_do(
    settings: Any,
) -> None:
    # while NZQA takes applications for statements of equivalency (EQV-window)
    settings.TOHU_POLICY = replace(
        settings.TOHU_POLICY, equivalency_last_day=clock.today() + timedelta(days=90)
    )
    build_demo()
    employer = organisation_create(
        actor=DEMO,
        name="Kiwi Forestry Safety Council",
        org_type=OrganisationType.PROFESSIONAL_BODY,
        slug="forestry-safety",
    )
    person = get_user_model().objects.create_user("forestry-admin", password="x" * 20)
    membership_add(actor=DEMO, organisation=employer, user=person, role=Role.ADMIN)
    # an administrator must have a second factor before any page opens
    enrol_totp(person)
    client = _signed_in("forestry-admin")
    page = client.get("/dashboard/").content.decode()
    assert "has no role" not in page
    assert "Kiwi Forestry Safety Council" in page
    assert "statements of equivalency" in page
    assert "Start an application" in page
    assert "API keys for your organisation" in page
    answers = _follow_every_link(client)
    assert {href: status for href, status in answers.items() if status != 200} == {}
    assert Membership.objects.filter(user=person).count() == 1
    assert Organisation.objects.filter(slug="forestry-safety").exists()
