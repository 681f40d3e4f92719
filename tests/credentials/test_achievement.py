"""The published Achievement: an id per listing version with past versions fetchable, the
listing's language, the te reo Māori title as the related language version, one Profile id per
organisation."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import listed_micro_credential, version_details
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.register.models import MicroCredential

pytestmark = pytest.mark.django_db
API = "/api/v1/micro-credentials"


@pytest.fixture
def two_versions(isb: Organisation) -> MicroCredential:
    listing = listed_micro_credential(
        developer=isb,
        listing_number="5555",
        title="Manaakitanga in Hospitality",
        title_mi="Te Manaakitanga i te Ao Manaaki Manuhiri",
        credits=5,
    )
    register_services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=listing,
        details=version_details(
            title="Manaakitanga in Hospitality",
            title_mi="Te Manaakitanga i te Ao Manaaki Manuhiri",
            credits=6,
        ),
        approved_on=listing.listed_on,
        effective_from=listing.listed_on,
        change_summary="Credits raised from 5 to 6.",
    )
    return listing


def test_each_version_has_its_own_id_and_past_versions_are_fetchable(
    two_versions: MicroCredential, client: Client
):
    current = client.get(f"{API}/5555/achievement").json()
    first = client.get(f"{API}/5555/achievement", {"version": 1}).json()
    assert current["id"].endswith("/micro-credentials/5555/versions/2/achievement.json")
    assert first["id"].endswith("/micro-credentials/5555/versions/1/achievement.json")
    # the id is where the version is fetched, for good
    assert client.get(first["id"].split("8000")[1]).json() == first
    assert (first["creditsAvailable"], current["creditsAvailable"]) == (5, 6)
    assert (first["version"], current["version"]) == ("1", "2")


def test_a_version_that_does_not_exist_is_a_clear_404(two_versions: MicroCredential, client):
    response = client.get(f"{API}/5555/achievement", {"version": 7})
    assert response.status_code == 404
    assert response.json()["detail"] == "5555 has no version 7."
    assert client.get(f"{API}/5555/achievement", {"version": 0}).status_code == 400


def test_the_te_reo_title_is_the_related_language_version(two_versions, client: Client):
    english = client.get(f"{API}/5555/achievement").json()
    assert english["inLanguage"] == "en-NZ"
    assert english["related"] == [
        {"id": english["id"] + "?lang=mi", "type": ["Related"], "inLanguage": "mi", "version": "2"}
    ]
    maori = client.get(english["related"][0]["id"].split("8000")[1]).json()
    assert maori["name"] == "Te Manaakitanga i te Ao Manaaki Manuhiri"
    assert maori["inLanguage"] == "mi"
    assert maori["related"][0]["id"] == english["id"]


def test_a_listing_delivered_in_te_reo_is_in_te_reo(isb: Organisation, client: Client):
    listed_micro_credential(
        developer=isb,
        listing_number="6666",
        title="Te Reo in the Workplace",
        title_mi="Te Reo i te Wāhi Mahi",
        in_te_reo_maori=True,
    )
    achievement = client.get(f"{API}/6666/achievement").json()
    assert (achievement["name"], achievement["inLanguage"]) == ("Te Reo i te Wāhi Mahi", "mi")


def test_one_profile_id_per_organisation_across_its_listings(isb: Organisation, client: Client):
    for number in ("7001", "7002", "7003"):
        listed_micro_credential(developer=isb, listing_number=number)
    ids = {
        client.get(f"{API}/{n}/achievement").json()["creator"]["id"]
        for n in ("7001", "7002", "7003")
    }
    assert ids == {"did:web:127.0.0.1%3A8000:issuers:ringa-hora"}
