"""Who may open which page: the public, members, administrators, the quality assurer, outsiders."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.template import loader
from django.test import Client
from django.urls import reverse

from tests.conftest import Persona
from tests.factories import listed_micro_credential
from tests.web.conftest import queries_for
from tohu.organisations.models import ApiKey, Membership, Organisation, Role
from tohu.register.models import MicroCredential

pytestmark = pytest.mark.django_db

PRIVATE_PAGES = [
    "/dashboard/",
    "/audit/",
    "/organisations/",
    "/organisations/southern-skills/",
    "/organisations/southern-skills/api-keys/",
]


def _key_urls(api_key: ApiKey) -> tuple[str, str]:
    slug = api_key.organisation.slug
    return (
        reverse("organisations:api-keys", args=[slug]),
        reverse("organisations:api-key-revoke", args=[slug, api_key.pk]),
    )


@pytest.mark.parametrize("url", ["/", "/?q=manaakitanga&level=3", "/sign-in/", "/healthz"])
def test_the_public_opens_public_pages(public: Client, listed: MicroCredential, url: str) -> None:
    assert public.get(url).status_code == 200


def test_the_public_opens_a_micro_credential(public: Client, listed: MicroCredential) -> None:
    response = public.get(reverse("register:detail", args=[listed.listing_number]))
    assert response.status_code == 200
    assert "Manaakitanga in Hospitality" in response.content.decode()


@pytest.mark.parametrize("url", PRIVATE_PAGES)
def test_the_public_is_sent_to_sign_in_from_private_pages(
    public: Client, provider_org: Organisation, url: str
) -> None:
    response = public.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


def test_the_public_cannot_revoke_a_key(public: Client, provider_key: ApiKey) -> None:
    _, revoke_url = _key_urls(provider_key)
    response = public.post(revoke_url)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    provider_key.refresh_from_db()
    assert provider_key.is_active


def test_a_member_opens_their_organisation(provider: Persona) -> None:
    response = provider.client.get("/organisations/southern-skills/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "provider-admin" in page
    assert "Manage API keys" in page


def test_a_member_who_is_not_an_administrator_sees_no_key_management(developer: Persona) -> None:
    detail = developer.client.get("/organisations/ringa-hora/")
    assert detail.status_code == 200
    assert "Manage API keys" not in detail.content.decode()
    assert developer.client.get("/organisations/ringa-hora/api-keys/").status_code == 403


def test_the_quality_assurer_sees_every_organisation(
    quality_assurer: Persona, provider_org: Organisation, outsider_org: Organisation
) -> None:
    listing = quality_assurer.client.get("/organisations/").content.decode()
    assert "Southern Skills Academy" in listing
    assert "Northern Training Trust" in listing
    assert quality_assurer.client.get("/organisations/southern-skills/").status_code == 200
    # seeing an organisation is not administering its keys
    assert quality_assurer.client.get("/organisations/southern-skills/api-keys/").status_code == 403


def test_an_outsider_lists_only_their_own_organisation(
    outsider: Persona, provider_org: Organisation
) -> None:
    listing = outsider.client.get("/organisations/").content.decode()
    assert "Northern Training Trust" in listing
    assert "Southern Skills Academy" not in listing


@pytest.mark.parametrize(
    "url", ["/organisations/southern-skills/", "/organisations/southern-skills/api-keys/"]
)
def test_an_outsider_cannot_find_another_providers_pages(
    outsider: Persona, provider_org: Organisation, url: str
) -> None:
    assert outsider.client.get(url).status_code == 404


def test_an_outsider_cannot_create_a_key_for_another_provider(
    outsider: Persona, provider_org: Organisation
) -> None:
    response = outsider.client.post("/organisations/southern-skills/api-keys/", {"name": "Mine"})
    assert response.status_code == 404
    assert not ApiKey.objects.filter(organisation=provider_org).exists()


def test_an_outsider_cannot_see_or_revoke_another_providers_key(
    outsider: Persona, provider_key: ApiKey
) -> None:
    _, revoke_url = _key_urls(provider_key)
    assert outsider.client.get(revoke_url).status_code == 404
    assert outsider.client.post(revoke_url).status_code == 404
    provider_key.refresh_from_db()
    assert provider_key.is_active


def test_a_key_cannot_be_revoked_through_another_organisations_address(
    provider: Persona, outsider_key: ApiKey
) -> None:
    url = reverse("organisations:api-key-revoke", args=["southern-skills", outsider_key.pk])
    assert provider.client.post(url).status_code == 404
    outsider_key.refresh_from_db()
    assert outsider_key.is_active


def test_an_unknown_organisation_is_not_found(quality_assurer: Persona) -> None:
    assert quality_assurer.client.get("/organisations/no-such-body/").status_code == 404


@pytest.mark.parametrize("persona_name", ["quality_assurer", "developer", "provider", "outsider"])
def test_only_quality_assurance_managers_open_the_audit_log(
    request: pytest.FixtureRequest, persona_name: str
) -> None:
    persona: Persona = request.getfixturevalue(persona_name)
    assert persona.client.get("/audit/").status_code == 403


def test_a_quality_assurance_manager_opens_the_audit_log(qa_manager: Persona) -> None:
    response = qa_manager.client.get("/audit/")
    assert response.status_code == 200
    assert "Audit log" in response.content.decode()


def test_the_audit_log_pages_back_by_sequence(qa_manager: Persona, listed: MicroCredential) -> None:
    first = qa_manager.client.get("/audit/")
    assert first.context["is_first_page"]
    newest = first.context["events"][0].sequence
    older = qa_manager.client.get(f"/audit/?before={newest}")
    assert all(event.sequence < newest for event in older.context["events"])
    assert not older.context["is_first_page"]


def test_the_audit_log_takes_only_ascii_digits_for_a_page(qa_manager: Persona) -> None:
    response = qa_manager.client.get("/audit/?before=²")
    assert response.status_code == 400
    assert "must be a whole number" in response.content.decode()


def test_the_refusal_page_has_the_site_look(provider: Persona) -> None:
    response = provider.client.get("/audit/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot see this page" in page
    assert 'href="#main"' in page


def test_the_not_found_page_has_the_site_look(public: Client) -> None:
    response = public.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page
    assert 'href="#main"' in page


def test_the_server_error_page_renders_without_a_request() -> None:
    # Django renders 500.html with no context at all: no request, user or navigation
    page = loader.get_template("500.html").render()
    assert "Sorry, something went wrong" in page
    assert 'href="#main"' in page
    assert "Sign in" in page


@pytest.mark.parametrize(
    ("persona_name", "shown", "hidden"),
    [
        ("provider", ["Dashboard", "Organisation", "API keys", "Sign out"], ["Audit log"]),
        ("developer", ["Dashboard", "Organisation", "Sign out"], ["API keys", "Audit log"]),
        ("quality_assurer", ["Dashboard", "Organisation"], ["Audit log", "API keys"]),
        ("qa_manager", ["Dashboard", "Audit log"], ["API keys"]),
    ],
)
def test_navigation_follows_the_role(
    request: pytest.FixtureRequest, persona_name: str, shown: list[str], hidden: list[str]
) -> None:
    persona: Persona = request.getfixturevalue(persona_name)
    response = persona.client.get("/dashboard/")
    labels = [item.label for item in response.context["nav_items"]]
    assert labels[0] == "Register"
    assert labels[-1] == "API docs"
    page = response.content.decode()
    for label in shown:
        assert label in page
    for label in hidden:
        assert label not in labels


def test_the_public_navigation_offers_sign_in(public: Client, listed: MicroCredential) -> None:
    response = public.get("/")
    labels = [item.label for item in response.context["nav_items"]]
    assert labels == ["Register", "API docs"]
    assert 'href="/sign-in/"' in response.content.decode()


def test_the_current_page_is_marked_in_the_navigation(provider: Persona) -> None:
    response = provider.client.get("/organisations/southern-skills/api-keys/")
    current = [item.label for item in response.context["nav_items"] if item.current]
    assert current == ["API keys"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/micro-credentials/{listing_number}/",
        "/dashboard/",
        "/organisations/southern-skills/",
        "/organisations/southern-skills/api-keys/",
    ],
)
def test_pages_carry_no_inline_script_or_style(
    provider: Persona, listed: MicroCredential, url: str
) -> None:
    response = provider.client.get(url.format(listing_number=listed.listing_number))
    page = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not INLINE_SCRIPT.search(page)
    assert not INLINE_STYLE.search(page)


def test_the_organisation_page_costs_the_same_however_many_members(
    provider: Persona, provider_org: Organisation
) -> None:
    def add_members(count: int, start: int) -> None:
        for number in range(start, start + count):
            user = User.objects.create_user(f"staff-{number}")
            Membership.objects.create(user=user, organisation=provider_org, role=Role.STAFF)

    add_members(2, 0)
    with_three = queries_for(provider.client, "/organisations/southern-skills/")
    add_members(27, 100)
    with_thirty = queries_for(provider.client, "/organisations/southern-skills/")
    assert with_three == with_thirty
    # session, person, their memberships, the organisation, its members, its API keys, its
    # webhook endpoints and its identity providers: one query each, however many there are
    assert with_thirty <= 8, with_thirty


def test_the_audit_log_costs_the_same_however_long(qa_manager: Persona, isb: Organisation) -> None:
    listed_micro_credential(developer=isb)
    short = queries_for(qa_manager.client, "/audit/")
    for _ in range(30):
        listed_micro_credential(developer=isb)
    long = queries_for(qa_manager.client, "/audit/")
    assert short == long
    assert long <= 5, long
