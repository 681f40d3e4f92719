"""An organisation administrator's API keys: created, shown once, listed, revoked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import Persona
from tests.web.conftest import queries_for
from tohu.core.models import AuditEvent
from tohu.organisations import services
from tohu.organisations.events import Event
from tohu.organisations.models import ApiKey

pytestmark = pytest.mark.django_db

KEYS_URL = "/organisations/southern-skills/api-keys/"


def test_creating_a_key_shows_it_once(provider: Persona) -> None:
    response = provider.client.post(
        KEYS_URL, {"name": "Student management system", "scopes": ["completions:write"]}
    )

    assert response.status_code == 201
    plaintext = response.context["issued"].plaintext
    assert plaintext.startswith("tohu_")
    assert plaintext in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    api_key = ApiKey.objects.get(organisation__slug="southern-skills")
    assert api_key.name == "Student management system"
    assert api_key.created_by_id == provider.user.pk
    assert api_key.key_hash not in response.content.decode()
    assert AuditEvent.objects.filter(event=Event.API_KEY_CREATED).count() == 1

    listing = provider.client.get(KEYS_URL).content.decode()
    assert plaintext not in listing
    assert f"tohu_{api_key.prefix}_" in listing
    assert "Never" in listing


def test_the_created_key_works_for_the_api(provider: Persona) -> None:
    response = provider.client.post(
        KEYS_URL, {"name": "Results script", "scopes": ["completions:read"]}
    )
    plaintext = response.context["issued"].plaintext
    assert services.api_key_authenticate(plaintext).organisation.slug == "southern-skills"


def test_a_key_needs_a_name(provider: Persona) -> None:
    response = provider.client.post(KEYS_URL, {"name": "   ", "scopes": ["completions:read"]})
    assert response.status_code == 400
    assert "The key was not created" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_a_key_needs_a_scope_and_shows_what_it_may_do(provider: Persona) -> None:
    refused = provider.client.post(KEYS_URL, {"name": "Script"})
    assert refused.status_code == 400
    assert not ApiKey.objects.exists()
    created = provider.client.post(
        KEYS_URL,
        {
            "name": "Script",
            "scopes": ["reviews:read", "completions:read"],
            "expires_on": "2099-01-31",
        },
    )
    assert created.status_code == 201
    api_key = ApiKey.objects.get()
    assert api_key.scopes == ["completions:read", "reviews:read"]
    assert str(api_key.expires_on) == "2099-01-31"
    listing = provider.client.get(KEYS_URL).content.decode()
    assert "<code>completions:read</code><br><code>reviews:read</code>" in listing
    assert "31 Jan 2099" in listing


def test_revoking_asks_first(provider: Persona, provider_key: ApiKey) -> None:
    url = reverse("organisations:api-key-revoke", args=["southern-skills", provider_key.pk])
    response = provider.client.get(url)
    assert response.status_code == 200
    assert "Revoke the key “Student system”?" in response.content.decode()
    provider_key.refresh_from_db()
    assert provider_key.is_active


def test_revoking_a_key_stops_it_at_once(provider: Persona, provider_key: ApiKey) -> None:
    url = reverse("organisations:api-key-revoke", args=["southern-skills", provider_key.pk])

    response = provider.client.post(url, follow=True)

    assert response.redirect_chain == [(KEYS_URL, 302)]
    assert "is revoked" in response.content.decode()
    provider_key.refresh_from_db()
    assert not provider_key.is_active
    assert AuditEvent.objects.filter(event=Event.API_KEY_REVOKED).count() == 1


def test_revoking_twice_says_so(provider: Persona, provider_key: ApiKey) -> None:
    url = reverse("organisations:api-key-revoke", args=["southern-skills", provider_key.pk])
    provider.client.post(url)
    response = provider.client.post(url, follow=True)
    assert "already revoked" in response.content.decode()
    assert AuditEvent.objects.filter(event=Event.API_KEY_REVOKED).count() == 1


def test_revoking_needs_a_post_or_a_get(provider: Persona, provider_key: ApiKey) -> None:
    url = reverse("organisations:api-key-revoke", args=["southern-skills", provider_key.pk])
    assert provider.client.put(url).status_code == 405


def test_the_key_list_costs_the_same_however_many_keys(provider: Persona) -> None:
    organisation = provider.organisation
    assert organisation is not None

    def make_keys(count: int) -> None:
        for number in range(count):
            services.api_key_create(
                actor=provider.user,
                organisation=organisation,
                name=f"System {number}",
                scopes=["completions:write"],
            )

    make_keys(3)
    with_three = queries_for(provider.client, KEYS_URL)
    make_keys(27)
    with_thirty = queries_for(provider.client, KEYS_URL)
    assert with_three == with_thirty
    assert with_thirty <= 5, with_thirty
