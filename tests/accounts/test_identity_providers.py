"""Sign-in through an organisation's identity provider (OpenID Connect), against a real provider
process (django-oauth-toolkit, tests/oidc_provider) started by the test."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth.models import User
from django.test import Client

from tests.accounts.oidc import Provider, identity_provider
from tests.conftest import Persona
from tohu.accounts import services
from tohu.accounts.events import Event
from tohu.accounts.models import IdentityProvider
from tohu.core.errors import DomainError, NotAllowed
from tohu.core.models import AuditEvent
from tohu.organisations.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/accounts/oidc/southern-skills-sso/login/callback/"
IDP_PASSWORD = "idp password for hine"


@pytest.fixture
def idp(tmp_path: Path) -> Iterator[Provider]:
    with identity_provider(
        tmp_path,
        redirect_uri=CALLBACK,
        username="hine.idp",
        email="Hine@Southern.example",
        password=IDP_PASSWORD,
    ) as running:
        yield running


@pytest.fixture
def configured(
    idp: Provider, provider: Persona, provider_org: Organisation, settings: Any
) -> Provider:
    # the test provider runs on a loopback address over http, as in development
    settings.TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK = True
    services.identity_provider_configure(
        actor=provider.user,
        organisation=provider_org,
        slug="southern-skills-sso",
        name="Southern Skills staff sign-in",
        issuer=idp.issuer,
        client_id=idp.client_id,
        client_secret=idp.client_secret,
    )
    return idp


def _sign_in_through(client: Client, idp: Provider) -> object:
    """Press the button, sign in at the provider, and come back with its code."""
    start = client.post("/accounts/oidc/southern-skills-sso/login/")
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(idp.issuer)
    browser = requests.Session()
    login_page = browser.get(authorize, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text)
    assert token is not None
    answer = browser.post(
        login_page.url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": "hine.idp",
            "password": IDP_PASSWORD,
            "next": html.unescape(
                re.search(r'name="next" value="([^"]*)"', login_page.text).group(1)  # type: ignore[union-attr]
            ),
        },
        headers={"Referer": login_page.url},
        allow_redirects=False,
        timeout=30,
    )
    while answer.status_code == 302 and not answer.headers["Location"].startswith(CALLBACK):
        location = answer.headers["Location"]
        if location.startswith("/"):
            location = f"{urlsplit(idp.issuer).scheme}://{urlsplit(idp.issuer).netloc}{location}"
        answer = browser.get(location, allow_redirects=False, timeout=30)
    callback = answer.headers["Location"]
    assert callback.startswith(CALLBACK), callback
    return client.get(callback.removeprefix("http://testserver"))


def test_a_person_of_the_organisation_signs_in_through_its_provider(
    configured: Provider, provider_org: Organisation
) -> None:
    hine = User.objects.create_user("hine", "hine@southern.example", "unused password here")
    Membership.objects.create(user=hine, organisation=provider_org, role=Role.STAFF)
    client = Client()
    assert "Sign in with Southern Skills staff sign-in" in client.get("/sign-in/").content.decode()

    response = _sign_in_through(client, configured)

    assert response.status_code == 302, response.content.decode()[-3000:]  # type: ignore[attr-defined]
    assert response["Location"] == "/dashboard/"  # type: ignore[index]
    assert client.session["_auth_user_id"] == str(hine.pk)
    linked = AuditEvent.objects.get(event=Event.IDENTITY_LINKED)
    assert linked.actor_id == hine.pk
    assert linked.detail["identity_provider"] == "southern-skills-sso"
    assert AuditEvent.objects.filter(event=Event.USER_SIGNED_IN, actor_id=hine.pk).exists()

    # the second time, the link is known
    again = Client()
    assert _sign_in_through(again, configured)["Location"] == "/dashboard/"  # type: ignore[index]
    assert AuditEvent.objects.filter(event=Event.IDENTITY_LINKED).count() == 1


def test_someone_the_organisation_does_not_have_is_refused(
    configured: Provider, outsider_org: Organisation
) -> None:
    # the same address, but at another organisation: the provider speaks only for its own
    elsewhere = User.objects.create_user("hine", "hine@southern.example", "unused password here")
    Membership.objects.create(user=elsewhere, organisation=outsider_org, role=Role.STAFF)
    client = Client()

    response = _sign_in_through(client, configured)

    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "Tohu has no person at Southern Skills Academy" in response.content.decode()  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(event=Event.IDENTITY_LINKED).exists()


def test_only_the_organisation_s_administrators_configure_its_provider(
    developer: Persona, outsider: Persona, provider_org: Organisation
) -> None:
    for persona in (developer, outsider):
        with pytest.raises(NotAllowed):
            services.identity_provider_configure(
                actor=persona.user,
                organisation=provider_org,
                slug="x",
                name="x",
                issuer="https://idp.example",
                client_id="x",
                client_secret="x",
            )


def test_configuring_a_provider_is_audited(provider: Persona, provider_org: Organisation) -> None:
    services.identity_provider_configure(
        actor=provider.user,
        organisation=provider_org,
        slug="southern",
        name="Southern",
        issuer="https://login.southern.example/",
        client_id="tohu",
        client_secret="s3cret",
    )
    event = AuditEvent.objects.get(event=Event.IDENTITY_PROVIDER_CONFIGURED)
    assert event.detail["issuer"] == "https://login.southern.example"
    assert "s3cret" not in str(event.detail)


def test_a_provider_speaks_only_for_its_email_domains_at_every_sign_in(
    configured: Provider, provider: Persona, provider_org: Organisation
) -> None:
    hine = User.objects.create_user("hine", "hine@southern.example", "unused password here")
    Membership.objects.create(user=hine, organisation=provider_org, role=Role.STAFF)
    assert _sign_in_through(Client(), configured)["Location"] == "/dashboard/"  # type: ignore[index]

    # the administrators narrow the provider to another domain: the link no longer lets her in
    services.identity_provider_configure(
        actor=provider.user,
        organisation=provider_org,
        slug="southern-skills-sso",
        name="Southern Skills staff sign-in",
        issuer=configured.issuer,
        client_id=configured.client_id,
        email_domains=["staff.southern.example"],
    )
    client = Client()
    response = _sign_in_through(client, configured)

    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event=Event.USER_SIGNED_IN, actor_id=hine.pk).count() == 1


def test_an_issuer_that_is_not_https_is_refused_and_nothing_is_kept(
    provider: Persona, provider_org: Organisation
) -> None:
    with pytest.raises(DomainError) as refused:
        services.identity_provider_configure(
            actor=provider.user,
            organisation=provider_org,
            slug="southern",
            name="Southern",
            issuer="http://login.southern.example",
            client_id="tohu",
            client_secret="s3cret",
        )
    assert (refused.value.field, refused.value.message) == (
        "issuer",
        "The issuer must be an https address.",
    )
    assert not IdentityProvider.objects.exists()
    assert not AuditEvent.objects.filter(event=Event.IDENTITY_PROVIDER_CONFIGURED).exists()


def test_a_language_the_interface_does_not_have_is_refused(provider: Persona) -> None:
    with pytest.raises(DomainError) as refused:
        services.language_choose(user=provider.user, language="fr")
    assert (refused.value.field, refused.value.message) == (
        "language",
        "fr is not a language of the interface.",
    )
    assert services.preferred_language(provider.user) is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "  "}, "name", "Give the name shown on the sign-in button."),
        ({"name": "N" * 121}, "name", "The name is longer than 120 characters."),
        ({"client_id": ""}, "client_id", "Give the client id the provider gave Tohu."),
        ({"client_secret": "s" * 1001}, "client_secret",
         "The client secret is longer than 1000 characters."),
        ({"client_secret": "   "}, "client_secret", "Give the client secret."),
    ],
)  # fmt: skip
def test_a_new_provider_s_fields_are_checked_by_the_service_and_nothing_is_kept(
    provider: Persona,
    provider_org: Organisation,
    change: dict[str, str],
    field: str,
    message: str,
) -> None:
    given = {
        "slug": "southern",
        "name": "Southern",
        "issuer": "https://login.southern.example",
        "client_id": "tohu",
        "client_secret": "s3cret",
        **change,
    }
    with pytest.raises(DomainError) as refused:
        services.identity_provider_configure(
            actor=provider.user,
            organisation=provider_org,
            slug=given["slug"],
            name=given["name"],
            issuer=given["issuer"],
            client_id=given["client_id"],
            client_secret=given["client_secret"],
        )
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not IdentityProvider.objects.exists()
    assert not AuditEvent.objects.filter(event=Event.IDENTITY_PROVIDER_CONFIGURED).exists()


def test_blank_email_domains_are_left_out(provider: Persona, provider_org: Organisation) -> None:
    configured = services.identity_provider_configure(
        actor=provider.user,
        organisation=provider_org,
        slug="southern",
        name="Southern",
        issuer="https://login.southern.example",
        client_id="tohu",
        client_secret="s3cret",
        email_domains=["", " ", "@Southern.example", "southern.example"],
    )
    assert configured.email_domains == ["southern.example"]
