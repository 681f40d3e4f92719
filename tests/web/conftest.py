"""Data the web-page tests share: listed micro-credentials and an API key."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential, version_details
from tohu.core.principal import SYSTEM
from tohu.organisations import services as organisation_services
from tohu.organisations.models import ApiKey, Organisation
from tohu.register import services as register_services
from tohu.register.models import MicroCredential


@pytest.fixture
def listed(isb: Organisation, provider_org: Organisation) -> MicroCredential:
    """A micro-credential with a te reo Māori title, two versions and one accredited provider."""
    micro_credential = listed_micro_credential(
        developer=isb,
        title="Manaakitanga in Hospitality",
        title_mi="Te Manaakitanga i te Ao Manaaki Manuhiri",
        nzsced_code="110303",
    )
    register_services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=micro_credential,
        details=version_details(
            title="Manaakitanga in Hospitality",
            title_mi="Te Manaakitanga i te Ao Manaaki Manuhiri",
            nzsced_code="110303",
            credits=6,
        ),
        approved_on=micro_credential.listed_on,
        effective_from=micro_credential.listed_on,
        change_summary="Credits raised from 5 to 6 after the first review.",
    )
    accredit(provider_org, micro_credential)
    micro_credential.refresh_from_db()
    return micro_credential


@pytest.fixture
def provider_key(provider: Persona) -> ApiKey:
    """An API key of the provider's organisation, made by its administrator."""
    assert provider.organisation is not None
    issued = organisation_services.api_key_create(
        actor=provider.user,
        organisation=provider.organisation,
        name="Student system",
        scopes=["completions:write"],
    )
    return issued.api_key


@pytest.fixture
def outsider_key(outsider: Persona) -> ApiKey:
    """An API key of another provider."""
    assert outsider.organisation is not None
    issued = organisation_services.api_key_create(
        actor=outsider.user,
        organisation=outsider.organisation,
        name="Their system",
        scopes=["completions:write"],
    )
    return issued.api_key


def queries_for(client: Client, url: str) -> int:
    """Count the database queries one GET of the page takes (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)
