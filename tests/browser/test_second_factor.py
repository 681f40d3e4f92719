"""Second factors in a real browser: an authenticator app with a computed code, and a passkey
held by Chromium's virtual authenticator (DevTools protocol, WebAuthn domain)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import open_page
from tests.factories import OrganisationFactory, totp_code
from tohu.organisations.models import Membership, OrganisationType, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/sign-in/")
    page.fill("#id_login", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def _reauthenticate_if_asked(page: Page) -> None:
    if "/accounts/reauthenticate/" in page.url:
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Confirm").click()


def _next_time_step() -> None:
    # a code is accepted once: the next sign-in waits for the app's next 30-second code
    time.sleep(30 - time.time() % 30 + 0.5)


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")


def test_an_evaluator_must_set_up_an_authenticator_app_then_signs_in_with_its_code(
    live_server: Any, browser: Browser
) -> None:
    nzqa = OrganisationFactory.create(slug="nzqa", org_type=OrganisationType.NZQA)
    person = User.objects.create_user("aroha", "aroha@example.org.nz", PASSWORD)
    Membership.objects.create(user=person, organisation=nzqa, role=Role.EVALUATOR)
    context, page = open_page(browser)
    try:
        _sign_in(page, live_server.url, "aroha")
        page.wait_for_url("**/accounts/2fa/")
        expect(page.get_by_text("Your role needs a second factor to sign in")).to_be_visible()
        page.goto(f"{live_server.url}/reviews/")
        page.wait_for_url("**/accounts/2fa/")

        page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
        _reauthenticate_if_asked(page)
        page.wait_for_url("**/accounts/2fa/totp/activate/")
        secret = page.input_value("#authenticator_secret")
        page.fill("input[name=code]", totp_code(secret))
        page.get_by_role("button", name="Activate").click()
        page.wait_for_url(lambda url: "/totp/activate/" not in url)

        page.goto(f"{live_server.url}/dashboard/")
        assert page.url.endswith("/dashboard/")
        _sign_out(page)

        _next_time_step()
        _sign_in(page, live_server.url, "aroha")
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.fill("input[name=code]", "000000")
        page.get_by_role("button", name="Sign In", exact=True).click()
        expect(page.get_by_text("Incorrect code")).to_be_visible()
        page.fill("input[name=code]", totp_code(secret))
        page.get_by_role("button", name="Sign In", exact=True).click()
        page.wait_for_url("**/dashboard/")
    finally:
        context.close()
    assert set(Authenticator.objects.filter(user=person).values_list("type", flat=True)) == {
        "totp",
        "recovery_codes",
    }


def test_a_learner_adds_a_passkey_and_signs_in_with_it(
    live_server: Any, browser: Browser, settings: Any
) -> None:
    # the test server is plain http on localhost, which browsers treat as a secure origin
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    person = User.objects.create_user("tama", "tama@example.org.nz", PASSWORD)
    context, page = open_page(browser)
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    try:
        _sign_in(page, live_server.url, "tama")
        page.wait_for_url("**/dashboard/")

        page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
        _reauthenticate_if_asked(page)
        page.wait_for_url("**/accounts/2fa/webauthn/add/")
        page.fill("input[name=name]", "Laptop")
        page.click("#mfa_webauthn_add")
        page.wait_for_url(lambda url: "/webauthn/add/" not in url)
        credentials = cdp.send(
            "WebAuthn.getCredentials", {"authenticatorId": added["authenticatorId"]}
        )
        assert len(credentials["credentials"]) == 1
        _sign_out(page)

        _sign_in(page, live_server.url, "tama")
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.click("#mfa_webauthn_authenticate")
        page.wait_for_url("**/dashboard/")
    finally:
        context.close()
    assert "webauthn" in set(
        Authenticator.objects.filter(user=person).values_list("type", flat=True)
    )
