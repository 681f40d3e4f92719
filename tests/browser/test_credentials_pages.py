"""The credential pages in Chromium: axe-core finds no WCAG 2.x A or AA violation, on a desktop
and a phone (the same check as tests/browser/test_pages.py)."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Browser, Page

from tests.browser.conftest import DESKTOP, PHONE, open_page
from tests.browser.test_pages import AXE_OPTIONS, Site, Visit, _report, _visit, site
from tohu.credentials.proof import eddsa, multikey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["site"]


def _credential_from_elsewhere() -> str:
    private_key = Ed25519PrivateKey.generate()
    did = multikey.did_key(private_key.public_key())
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "name": "A credential from elsewhere",
        "issuer": did,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    signed = eddsa.sign(
        document,
        private_key=private_key,
        verification_method=f"{did}#{did.removeprefix('did:key:')}",
        created="2025-01-01T00:00:00Z",
    )
    return json.dumps(signed, indent=2)


def _verify_pasted(page: Page, site: Site) -> None:
    page.goto(f"{site.live_server_url}/verify/")
    page.get_by_label("Paste the credential").fill(_credential_from_elsewhere())
    page.get_by_role("button", name="Check the credential").click()
    page.get_by_role("heading", name="Not verified: a check could not be made.").wait_for()


def _verify_not_json(page: Page, site: Site) -> None:
    page.goto(f"{site.live_server_url}/verify/")
    page.get_by_label("Paste the credential").fill("{not json")
    page.get_by_role("button", name="Check the credential").click()
    page.get_by_role("heading", name="The credential could not be read").wait_for()


VISITS = [
    Visit("verify", "/verify/"),
    Visit("verify-result", steps=_verify_pasted),
    Visit("verify-not-json", steps=_verify_not_json),
    Visit("issuer", "/issuers/southern-skills/"),
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("visit", VISITS, ids=[visit.name for visit in VISITS])
def test_credential_page_has_no_accessibility_violations(
    browser: Browser, site: Site, visit: Visit, viewport: dict[str, int]
) -> None:
    context, page = open_page(browser, viewport=viewport)
    try:
        _visit(page, visit, site)
        results = Axe().run(page, options=AXE_OPTIONS)
    finally:
        context.close()
    violations = results.response["violations"]
    assert not violations, f"axe-core found on {visit.name}:\n{_report(violations)}"
