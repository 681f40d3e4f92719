"""The credential pages in Chromium: axe-core finds no WCAG 2.x A or AA violation, on a desktop
and a phone (the same check as tests/browser/test_pages.py)."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Browser, Page

from tests.achievements.conftest import HEADER, csv_bytes, import_file
from tests.browser.conftest import DESKTOP, PHONE, open_page, sign_in_as
from tests.browser.test_pages import (
    AXE_OPTIONS,
    Site,
    Visit,
    _persona_client,
    _report,
    _visit,
    site,
)
from tests.factories import accredit, listed_micro_credential
from tohu.achievements.services import records
from tohu.credentials.models import Credential
from tohu.credentials.proof import eddsa, multikey
from tohu.credentials.services.issuing import credentials_sweep

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


def _shared_credentials(page: Page, site: Site) -> None:
    page.goto(f"{site.live_server_url}/credentials/shared/{site.values['token']}/")
    page.get_by_role("heading", name="Digital credentials of").wait_for()


def _wallet_qr(page: Page, site: Site) -> None:
    page.goto(f"{site.live_server_url}/credentials/")
    page.get_by_role("button", name="Show the QR code for all my credentials").click()
    page.get_by_role("heading", name="Add your credentials to your wallet").wait_for()


def _suspension(page: Page, site: Site) -> None:
    completion = site.values["completion"]
    page.goto(f"{site.live_server_url}/credentials/completions/{completion}/suspension/")
    page.get_by_label("Reason").fill("Investigation INV-1")
    page.get_by_role("button", name="Suspend the credential").click()
    page.get_by_role("button", name="Reinstate the credential").wait_for()


VISITS = [
    Visit("verify", "/verify/"),
    Visit("verify-result", steps=_verify_pasted),
    Visit("verify-not-json", steps=_verify_not_json),
    Visit("issuer", "/issuers/southern-skills/"),
    Visit("my-credentials", "/credentials/", "learner"),
    Visit("shared-credentials", steps=_shared_credentials),
    Visit("wallet-qr", persona="learner", steps=_wallet_qr),
    Visit("suspension", persona="quality_assurer", steps=_suspension),
    Visit("suspended", "/credentials/suspended/", "quality_assurer"),
]


@pytest.fixture
def credentials_site(site: Site, learner, provider_org, isb, quality_assurer) -> Site:
    """The learner holds two credentials and has shared their record."""
    person, learner_record = learner
    for number in ("8101", "8102"):
        accredit(provider_org, listed_micro_credential(developer=isb, listing_number=number))
        import_file(provider_org, csv_bytes(HEADER, f"{learner_record.nsn},{number},2025-05-02"))
    credentials_sweep()
    site.values["completion"] = str(Credential.objects.order_by("id")[0].completion_id)
    site.values["token"] = records.share_link_create(
        actor=person.user, learner=learner_record, label="Employer", days=7
    ).token
    return site


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("visit", VISITS, ids=[visit.name for visit in VISITS])
def test_credential_page_has_no_accessibility_violations(
    browser: Browser,
    credentials_site: Site,
    request: pytest.FixtureRequest,
    visit: Visit,
    viewport: dict[str, int],
) -> None:
    site = credentials_site
    context, page = open_page(browser, viewport=viewport)
    try:
        if visit.persona is not None:
            sign_in_as(context, _persona_client(request, visit.persona), site.live_server_url)
        _visit(page, visit, site)
        results = Axe().run(page, options=AXE_OPTIONS)
    finally:
        context.close()
    violations = results.response["violations"]
    assert not violations, f"axe-core found on {visit.name}:\n{_report(violations)}"
