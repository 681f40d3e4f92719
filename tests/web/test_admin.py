"""The admin: audit log, learners and API keys are read only; additions go through services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import Persona
from tohu.core.models import AuditEvent
from tohu.organisations.events import Event
from tohu.organisations.models import ApiKey, Membership, Organisation, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org.nz"))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/core/auditevent/",
        "/admin/organisations/organisation/",
        "/admin/organisations/organisation/add/",
        "/admin/organisations/membership/",
        "/admin/organisations/membership/add/",
        "/admin/organisations/apikey/",
        "/admin/learners/learner/",
        "/admin/organisations/organisation/{organisation_id}/change/",
    ],
)
def test_admin_pages_open(admin_client: Client, provider_key: ApiKey, url: str) -> None:
    url = url.format(organisation_id=provider_key.organisation_id)
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/core/auditevent/add/",
        "/admin/organisations/apikey/add/",
        "/admin/learners/learner/add/",
    ],
)
def test_admin_cannot_add_what_services_own(admin_client: Client, url: str) -> None:
    assert admin_client.get(url).status_code == 403


def test_an_api_key_shows_no_hash_in_the_admin(admin_client: Client, provider_key: ApiKey) -> None:
    page = admin_client.get(f"/admin/organisations/apikey/{provider_key.pk}/change/")
    assert page.status_code == 200
    assert provider_key.key_hash not in page.content.decode()


def test_adding_an_organisation_in_the_admin_is_audited(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/organisations/organisation/add/",
        {
            "name": "Te Wānanga o Raukawa",
            "name_mi": "",
            "org_type": "wananga",
            "moe_number": "8001",
            "slug": "raukawa",
            "email": "",
            "website": "",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="raukawa")
    event = AuditEvent.objects.get(event=Event.ORGANISATION_CREATED)
    assert event.subject_id == str(organisation.pk)
    assert event.actor_label == "root"


def test_adding_a_membership_in_the_admin_is_audited(
    admin_client: Client, provider: Persona, outsider_org: Organisation
) -> None:
    response = admin_client.post(
        "/admin/organisations/membership/add/",
        {"user": provider.user.pk, "organisation": outsider_org.pk, "role": Role.STAFF},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=outsider_org, user_id=provider.user.pk)
    event = AuditEvent.objects.get(event=Event.MEMBERSHIP_CREATED)
    assert event.subject_id == str(membership.pk)
