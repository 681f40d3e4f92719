"""A review in Chromium: the developer opens a prompted review, saves a draft and submits "do not
continue"; the quality assurer accepts; the register shows the micro-credential expiring with its
end date. Each review page passes axe-core on the way."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.browser.conftest import open_page, sign_in_as
from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential
from tohu.core import clock
from tohu.organisations.models import Organisation
from tohu.register.models import ListingStatus, MicroCredential
from tohu.reviews import services
from tohu.reviews.models import Review, ReviewKind, ReviewStatus
from tohu.rulebook import add_months, add_years, day_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def _no_violations(page: Page) -> None:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


@pytest.fixture
def prompted(isb: Organisation, provider_org: Organisation) -> MicroCredential:
    """A listing whose developer review falls due next month and has been prompted."""
    today = clock.today()
    listed_on = add_months(add_years(today, -3), 1)
    micro_credential = listed_micro_credential(developer=isb, listed_on=listed_on)
    accredit(provider_org, micro_credential)
    services.reviews_prompt(today=today)
    return micro_credential


def test_a_developer_review_that_does_not_continue_makes_the_listing_expiring(
    browser: Browser,
    live_server: Any,
    developer: Persona,
    quality_assurer: Persona,
    prompted: MicroCredential,
) -> None:
    review = Review.objects.get(micro_credential=prompted, kind=ReviewKind.DEVELOPER)
    assert review.status == ReviewStatus.DUE
    url = live_server.url

    context, page = open_page(browser)
    try:
        sign_in_as(context, developer.client, url)
        page.goto(f"{url}/reviews/")
        _no_violations(page)
        page.get_by_role("link", name=prompted.listing_number).click()
        page.get_by_role("link", name="Start the report").click()
        _no_violations(page)
        page.get_by_label("Yes").check()
        page.get_by_label("Evidence of need detail").fill(
            "Employers now use a national licence instead."
        )
        page.get_by_role("button", name="Save draft").click()
        page.get_by_text("Draft saved.").wait_for()
        page.get_by_label("Updates needed").fill("None: the content is replaced elsewhere.")
        page.get_by_label("Consultation with iwi and hapū").fill("Hui with hapū representatives.")
        page.get_by_label("Consultation with industry").fill("Logistics employers' survey.")
        page.get_by_label("Consultation with accredited providers").fill(
            "Southern Skills Academy agreed."
        )
        page.get_by_label("Do not continue").check()
        page.get_by_role("button", name="Submit to NZQA").click()
        page.get_by_text("Report submitted to NZQA.").wait_for()
        _no_violations(page)
    finally:
        context.close()

    context, page = open_page(browser)
    try:
        sign_in_as(context, quality_assurer.client, url)
        page.goto(f"{url}/reviews/{review.pk}/")
        page.get_by_label("Accept the report").check()
        page.get_by_role("button", name="Record the decision").click()
        page.get_by_text("Report accepted").wait_for()
        _no_violations(page)
        prompted.refresh_from_db()
        assert prompted.status == ListingStatus.EXPIRING
        assert prompted.expiring_end_date is not None
        end = prompted.expiring_end_date
        page.goto(f"{url}/micro-credentials/{prompted.listing_number}/")
        status = page.locator("dd", has_text="Expiring")
        status.first.wait_for()
        assert f"until {day_text(end)}" in status.first.inner_text()
        page.goto(f"{url}/reviews/transition/")
        _no_violations(page)
    finally:
        context.close()
