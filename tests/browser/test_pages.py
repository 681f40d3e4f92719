"""Every page in Chromium: axe-core finds no WCAG 2.x A or AA violation, on a desktop and a phone.

Also: the keyboard reaches the skip link first, focus is always visible, and pages reflow to a
320 px screen without sideways scrolling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings
from playwright.sync_api import Browser, ConsoleMessage, Page

from tests.browser.conftest import DESKTOP, PHONE, open_page, sign_in_as
from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential, totp_code, version_details
from tohu.accounts import services as account_services
from tohu.core.principal import SYSTEM
from tohu.organisations import services as organisation_services
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.webhooks import services as webhook_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
PASSWORD = "correct horse battery staple"


@dataclass
class Site:
    """The data every page visit finds: listings, an accreditation and API keys."""

    listing_number: str
    key_id: int
    live_server_url: str
    values: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def site(
    live_server: Any, isb: Organisation, provider: Persona, provider_org: Organisation
) -> Site:
    """List micro-credentials (one in both languages with two versions) and make an API key."""
    bilingual = listed_micro_credential(
        developer=isb,
        title="Manaakitanga in Hospitality",
        title_mi="Te Manaakitanga i te Ao Manaaki Manuhiri",
        nzsced_code="110303",
    )
    register_services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=bilingual,
        details=version_details(
            title="Manaakitanga in Hospitality",
            title_mi="Te Manaakitanga i te Ao Manaaki Manuhiri",
            nzsced_code="110303",
            credits=6,
        ),
        approved_on=bilingual.listed_on,
        effective_from=bilingual.listed_on,
        change_summary="Credits raised from 5 to 6.",
    )
    accredit(provider_org, bilingual)
    for number, title in enumerate(["Forklift Operation", "Wānanga Governance Basics"]):
        listed_micro_credential(developer=isb, title=title, credits=5 + number)
    assert provider.organisation is not None
    issued = organisation_services.api_key_create(
        actor=provider.user,
        organisation=provider.organisation,
        name="Student system",
        scopes=["completions:write"],
    )
    return Site(bilingual.listing_number, issued.api_key.pk, live_server.url)


def _lock_out(page: Page, site: Site) -> None:
    User.objects.create_user("locked-person", password=PASSWORD)
    page.goto(f"{site.live_server_url}/sign-in/")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        page.get_by_label("Username").fill("locked-person")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if page.get_by_role("heading", name="Signing in is paused").count():
            return
    raise AssertionError("signing in was never paused")


def _create_key(page: Page, site: Site) -> None:
    page.goto(f"{site.live_server_url}/organisations/southern-skills/api-keys/")
    page.get_by_label("What will use this key?").fill("Results upload script")
    page.get_by_label("completions:write", exact=False).check()
    page.get_by_role("button", name="Create key").click()
    page.get_by_role("heading", name="Your new API key").wait_for()


def _add_webhook_endpoint(page: Page, site: Site) -> None:
    with override_settings(TOHU_WEBHOOKS_ALLOW_LOOPBACK=True):
        page.goto(f"{site.live_server_url}/organisations/southern-skills/webhooks/")
        page.wait_for_load_state("load")
        # each event's box sits on its words' line, just before them, the words not bold
        offset, gap, weight = page.get_by_label("review.due", exact=False).evaluate(
            """box => {
                const label = box.labels[0];
                const words = document.createRange();
                words.selectNodeContents(label);
                words.setStartAfter(box);
                const a = box.getBoundingClientRect();
                const b = words.getBoundingClientRect();
                return [(a.top + a.height / 2) - (b.top + b.height / 2), b.left - a.right,
                        getComputedStyle(label).fontWeight];
            }"""
        )
        assert abs(offset) < 4
        assert 0 <= gap < 24
        assert weight == "400"
        page.get_by_label("Address (https)").fill("http://127.0.0.1:9/hooks")
        page.get_by_label("review.due", exact=False).check()
        page.get_by_role("button", name="Add endpoint").click()
        page.get_by_role("heading", name="The endpoint's signing secret").wait_for()


def _webhook_delivery_log(page: Page, site: Site) -> None:
    """An endpoint whose receiver does not answer: its log shows the refused attempt."""
    organisation = Organisation.objects.get(slug="southern-skills")
    admin = organisation.memberships.get(role="admin").user
    with override_settings(TOHU_WEBHOOKS_ALLOW_LOOPBACK=True):
        endpoint = webhook_services.endpoint_create(
            actor=admin,
            organisation=organisation,
            url="http://127.0.0.1:9/hooks",
            event_types=["listing.approved"],
        ).endpoint
        listed_micro_credential(developer=Organisation.objects.get(slug="ringa-hora"))
    response = page.goto(
        f"{site.live_server_url}/organisations/southern-skills/webhooks/{endpoint.pk}/"
    )
    assert response is not None
    assert response.status == 200
    page.get_by_text("no answer").first.wait_for()


def _webhook_endpoint_page(page: Page, site: Site, link: str, heading: str) -> None:
    """From the endpoints list, follow an endpoint's link (edit or delete) to its page."""
    organisation = Organisation.objects.get(slug="southern-skills")
    admin = organisation.memberships.get(role="admin").user
    with override_settings(TOHU_WEBHOOKS_ALLOW_LOOPBACK=True):
        webhook_services.endpoint_create(
            actor=admin,
            organisation=organisation,
            url="http://127.0.0.1:9/hooks",
            event_types=["review.due"],
        )
    page.goto(f"{site.live_server_url}/organisations/southern-skills/webhooks/")
    page.get_by_role("link", name=f"{link} http://127.0.0.1:9/hooks").first.click()
    page.get_by_role("heading", name=heading).wait_for()


def _webhook_edit(page: Page, site: Site) -> None:
    _webhook_endpoint_page(page, site, "Edit", "Edit the webhook endpoint")


def _webhook_delete(page: Page, site: Site) -> None:
    _webhook_endpoint_page(page, site, "Delete", "Delete this webhook endpoint?")


def _identity_provider(page: Page, site: Site, suffix: str = "") -> None:
    account_services.identity_provider_configure(
        actor=User.objects.get(username="provider-admin"),
        organisation=Organisation.objects.get(slug="southern-skills"),
        slug="southern-staff",
        name="Southern staff",
        issuer="https://login.southern.example/tenant",
        client_id="tohu",
        client_secret="secret",
        email_domains=["southern.example"],
    )
    page.goto(
        f"{site.live_server_url}/organisations/southern-skills/sign-in/southern-staff/{suffix}"
    )
    page.get_by_role("heading", level=1).wait_for()


def _identity_provider_remove(page: Page, site: Site) -> None:
    _identity_provider(page, site, "remove/")


def _identity_provider_errors(page: Page, site: Site) -> None:
    page.goto(f"{site.live_server_url}/organisations/southern-skills/sign-in/")
    page.get_by_label("Issuer address").fill("http://login.southern.example")
    page.get_by_label("Email domains (optional)").fill("southern")
    page.get_by_role("button", name="Add the provider").click()
    page.get_by_role("heading", name="The identity provider was not added").wait_for()


def _api_docs(page: Page, site: Site) -> None:
    """Open the API documentation and wait until Swagger UI has drawn the endpoints."""
    response = page.goto(f"{site.live_server_url}/api/v1/docs")
    assert response is not None
    assert response.status == 200
    page.locator(".opblock").first.wait_for()


@dataclass(frozen=True)
class Visit:
    """One page to check: who looks, and how they get there."""

    name: str
    path: str = ""
    persona: str | None = None
    status: int = 200
    steps: Callable[[Page, Site], None] | None = None


VISITS = [
    Visit("register-search", "/"),
    Visit("register-search-filtered", "/?q=manaakitanga&level=3&status=current"),
    Visit("register-detail", "/micro-credentials/{listing_number}/"),
    Visit("register-version", "/micro-credentials/{listing_number}/versions/1/"),
    Visit("open-data", "/open-data/"),
    Visit("organisation-page", "/issuers/southern-skills/"),
    Visit("sign-in", "/sign-in/"),
    Visit("locked-out", steps=_lock_out),
    Visit("dashboard-quality-assurer", "/dashboard/", "quality_assurer"),
    Visit("dashboard-qa-manager", "/dashboard/", "qa_manager"),
    Visit("dashboard-developer", "/dashboard/", "developer"),
    Visit("dashboard-provider", "/dashboard/", "provider"),
    Visit("dashboard-learner", "/dashboard/", "learner"),
    Visit("organisations", "/organisations/", "quality_assurer"),
    Visit("organisation", "/organisations/southern-skills/", "provider"),
    Visit("api-keys", "/organisations/southern-skills/api-keys/", "provider"),
    Visit("api-key-created", persona="provider", steps=_create_key),
    Visit("api-key-revoke", "/organisations/southern-skills/api-keys/{key_id}/revoke/", "provider"),
    Visit("webhooks", "/organisations/southern-skills/webhooks/", "provider"),
    Visit("webhook-secret", persona="provider", steps=_add_webhook_endpoint),
    Visit("webhook-delivery-log", persona="provider", steps=_webhook_delivery_log),
    Visit("webhook-edit", persona="provider", steps=_webhook_edit),
    Visit("webhook-delete", persona="provider", steps=_webhook_delete),
    Visit("identity-providers", "/organisations/southern-skills/sign-in/", "provider"),
    Visit("identity-provider-errors", persona="provider", steps=_identity_provider_errors),
    Visit("identity-provider", persona="provider", steps=_identity_provider),
    Visit("identity-provider-remove", persona="provider", steps=_identity_provider_remove),
    Visit("audit-log", "/audit/", "qa_manager"),
    Visit("forbidden", "/audit/", "provider", status=403),
    Visit("not-found", "/no-such-page/", status=404),
    Visit("api-docs", steps=_api_docs),
]


def _persona_client(request: pytest.FixtureRequest, name: str) -> Client:
    value = request.getfixturevalue(name)
    # the learner fixture gives the persona with their learner record
    persona: Persona = value[0] if isinstance(value, tuple) else value
    return persona.client


def _report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.append(f"       {node.get('failureSummary', '').replace(chr(10), ' ')}")
        lines.append(f"    see {violation['helpUrl']}")
    return "\n".join(lines)


def _visit(page: Page, visit: Visit, site: Site) -> None:
    if visit.steps is not None:
        visit.steps(page, site)
        return
    path = visit.path.format(listing_number=site.listing_number, key_id=site.key_id)
    response = page.goto(f"{site.live_server_url}{path}")
    assert response is not None
    assert response.status == visit.status, f"{path} answered {response.status}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("visit", VISITS, ids=[visit.name for visit in VISITS])
def test_page_has_no_accessibility_violations(
    browser: Browser,
    site: Site,
    request: pytest.FixtureRequest,
    visit: Visit,
    viewport: dict[str, int],
) -> None:
    context, page = open_page(browser, viewport=viewport)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    page.on("console", on_console)
    try:
        if visit.persona is not None:
            sign_in_as(context, _persona_client(request, visit.persona), site.live_server_url)
        _visit(page, visit, site)
        results = Axe().run(page, options=AXE_OPTIONS)
    finally:
        context.close()

    violations = results.response["violations"]
    assert not violations, f"axe-core found on {visit.name}:\n{_report(violations)}"
    assert not problems, "\n".join(problems)


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(
    browser: Browser, site: Site
) -> None:
    context, page = open_page(browser)
    try:
        page.goto(f"{site.live_server_url}/sign-in/")
        page.keyboard.press("Tab")
        skip_link = page.locator(":focus")
        assert skip_link.get_attribute("href") == "#main"
        assert skip_link.inner_text() == "Skip to main content"
        box = skip_link.bounding_box()
        assert box is not None
        assert box["y"] >= 0
        assert box["width"] > 1

        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('main') !== null")
    finally:
        context.close()


def test_focus_is_visible_on_links_and_buttons(browser: Browser, site: Site) -> None:
    context, page = open_page(browser)
    try:
        page.goto(f"{site.live_server_url}/sign-in/")
        for _ in range(3):
            page.keyboard.press("Tab")
        # the third stop is the first navigation link: the focus yellow marks it
        assert page.evaluate("document.activeElement.textContent") == "Register"
        background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
        assert background == "rgb(255, 221, 0)"
        page.get_by_role("button", name="Sign in").focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
        assert outline != "none" or shadow != "none"
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "persona"),
    [
        ("/sign-in/", None),
        ("/dashboard/", "qa_manager"),
        ("/organisations/southern-skills/", "provider"),
        ("/organisations/southern-skills/api-keys/", "provider"),
        ("/organisations/southern-skills/sign-in/", "provider"),
        ("/audit/", "qa_manager"),
    ],
)
def test_pages_reflow_to_a_320_px_screen(
    browser: Browser, site: Site, request: pytest.FixtureRequest, path: str, persona: str | None
) -> None:
    context, page = open_page(browser, viewport={"width": 320, "height": 640})
    try:
        if persona is not None:
            sign_in_as(context, _persona_client(request, persona), site.live_server_url)
        page.goto(f"{site.live_server_url}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at 320 px"
        nav_links = page.locator(".site-nav a")
        for index in range(nav_links.count()):
            box = nav_links.nth(index).bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= 320
    finally:
        context.close()


def test_signing_in_through_the_form_reaches_the_dashboard(
    browser: Browser, site: Site, provider: Persona
) -> None:
    context, page = open_page(browser, viewport=PHONE)
    try:
        page.goto(f"{site.live_server_url}/sign-in/")
        page.get_by_label("Username").fill("provider-admin")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        # an organisation's administrator signs in with a second factor too
        page.get_by_label("Code").fill(totp_code())
        page.get_by_role("button", name="Sign In", exact=True).click()
        page.get_by_role("heading", name="Dashboard").wait_for()
        assert page.url == f"{site.live_server_url}/dashboard/"
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{site.live_server_url}/")
    finally:
        context.close()


def test_the_accessibility_check_finds_a_known_violation(browser: Browser) -> None:
    # guards the harness itself: an image without alternative text must be reported
    context, page = open_page(browser)
    try:
        page.set_content('<html lang="en"><title>x</title><main><img src="x.png"></main></html>')
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    finally:
        context.close()
    assert [violation["id"] for violation in violations] == ["image-alt"]
