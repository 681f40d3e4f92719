"""In Chromium: an organisation's administrator sets up its identity provider from the
organisation page (a real OpenID Connect provider process, tests/accounts/oidc.py), checks its
discovery document and saves it; then a member of the organisation signs in through it. Each
sign-in page passes axe-core on the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from tests.accounts.oidc import identity_provider
from tests.browser.conftest import open_page, sign_in_as
from tests.conftest import Persona
from tohu.accounts.events import Event
from tohu.accounts.models import IdentityProvider
from tohu.core.models import AuditEvent
from tohu.organisations.models import Membership, Organisation, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
IDP_PASSWORD = "idp password for hine"
NAME = "Southern Skills staff sign-in"


def _no_violations(page: Page) -> None:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_an_administrator_sets_up_the_provider_and_a_member_signs_in_through_it(
    browser: Browser,
    live_server: Any,
    provider: Persona,
    provider_org: Organisation,
    tmp_path: Path,
    settings: Any,
) -> None:
    # the test provider runs on a loopback address over http, as in development
    settings.TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK = True
    url = live_server.url
    callback = f"{url}/accounts/oidc/southern-sso/login/callback/"
    hine = User.objects.create_user("hine", "hine@southern.example", "unused password here")
    Membership.objects.create(user=hine, organisation=provider_org, role=Role.STAFF)
    with identity_provider(
        tmp_path,
        redirect_uri=callback,
        username="hine.idp",
        email="Hine@Southern.example",
        password=IDP_PASSWORD,
    ) as idp:
        admin_context, admin = open_page(browser)
        member_context, member = open_page(browser)
        try:
            sign_in_as(admin_context, provider.client, url)
            admin.goto(f"{url}/organisations/southern-skills/")
            admin.get_by_role("link", name="Manage sign-in").click()
            expect(admin.get_by_role("heading", level=1)).to_have_text(
                "Sign-in through your identity provider"
            )
            _no_violations(admin)

            admin.get_by_label("Name on the sign-in button").fill(NAME)
            admin.get_by_label("Short name").fill("southern-sso")
            admin.get_by_label("Issuer address").fill(idp.issuer)
            admin.get_by_label("Client id").fill(idp.client_id)
            admin.get_by_label("Client secret").fill(idp.client_secret)
            admin.get_by_label("Email domains (optional)").fill("southern.example")
            admin.get_by_role("button", name="Check the issuer").click()
            expect(admin.get_by_role("heading", name="The provider answered")).to_be_visible()
            expect(admin.locator("#discovery-check")).to_contain_text(f"{idp.issuer}/authorize/")
            _no_violations(admin)
            # the secret typed before the check is not sent back: type it again
            assert admin.get_by_label("Client secret").input_value() == ""
            assert admin.get_by_label("Issuer address").input_value() == idp.issuer
            admin.get_by_label("Client secret").fill(idp.client_secret)
            admin.get_by_role("button", name="Add the provider").click()

            expect(admin.get_by_role("heading", level=1)).to_have_text(NAME)
            expect(admin.get_by_text(callback, exact=True)).to_be_visible()
            assert idp.client_secret not in admin.content()
            _no_violations(admin)
            saved = IdentityProvider.objects.get(slug="southern-sso")
            assert saved.client_secret() == idp.client_secret
            assert saved.email_domains == ["southern.example"]
            assert AuditEvent.objects.filter(
                event=Event.IDENTITY_PROVIDER_CONFIGURED, actor_id=provider.user.pk
            ).exists()

            # a member of the organisation signs in through it
            member.goto(f"{url}/sign-in/")
            _no_violations(member)
            member.get_by_role("button", name=f"Sign in with {NAME}").click()
            member.wait_for_url(f"{idp.issuer.removesuffix('/o')}/login/**")
            member.fill("input[name=username]", "hine.idp")
            member.fill("input[name=password]", IDP_PASSWORD)
            member.get_by_role("button", name="Log in").click()
            member.wait_for_url(f"{url}/dashboard/")
            expect(member.get_by_role("heading", level=1)).to_be_visible()
            _no_violations(member)
            assert AuditEvent.objects.filter(event=Event.IDENTITY_LINKED, actor_id=hine.pk).exists()
            assert AuditEvent.objects.filter(event=Event.USER_SIGNED_IN, actor_id=hine.pk).exists()
        finally:
            admin_context.close()
            member_context.close()
