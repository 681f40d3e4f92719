"""The whole path of an application in Chromium: a provider drafts, fixes the block finding the
pre-check showed, submits; the evaluator asks for information; the provider replies; the
evaluator approves; the micro-credential appears in the public register with its new number.
Each application page passes axe-core on the way."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import open_page, sign_in_as
from tests.conftest import Persona
from tohu.applications import services
from tohu.applications.models import Application
from tohu.core import clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

CONTENT: dict[str, Any] = {
    "title": "Safe Forklift Operation",
    "level": 3,
    "credits": 5,
    "notional_hours": 50,
    "nzsced_code": "030399",
    "purpose_relevance": "Relevant to learners, whānau, employers and the logistics industry.",
    "purpose_outcomes": "Graduates can operate a counterbalance forklift safely.",
    "purpose_pathways": "none",
    "purpose_contribution": "Supports employment in logistics and warehousing.",
    "review_period_years": 3,
    "learning_outcomes": ["Operate a forklift safely"],
    "assessment": "Practical observation.",
    "entry_requirements": "None.",
    "rpl_credit_transfer": "RPL by practical assessment.",
    "delivery_modes": "On the job.",
    "evidence_of_need": "Employers report a shortage.",
    "evidence_sources": "Employer survey, 2026.",
    "stakeholder_consultation": "Consulted the ISB.",
    "isb_support": "not_sought",
}


def _no_violations(page: Page) -> None:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_a_provider_applies_and_the_evaluator_approves_onto_the_register(
    browser: Browser,
    live_server: Any,
    provider: Persona,
    quality_assurer: Persona,
) -> None:
    url = live_server.url
    applicant_context, applicant = open_page(browser)
    evaluator_context, evaluator = open_page(browser)
    try:
        sign_in_as(applicant_context, provider.client, url)
        sign_in_as(evaluator_context, quality_assurer.client, url)

        # the provider starts a draft; most of it was written earlier, (i) is still missing
        applicant.goto(f"{url}/applications/new/")
        _no_violations(applicant)
        applicant.get_by_label("Listing and approval", exact=True).check()
        applicant.get_by_role("button", name="Start the draft").click()
        expect(applicant.get_by_role("heading", level=1)).to_contain_text("Listing and approval")
        application = Application.objects.get()
        services.application_update(
            actor=provider.user,
            application=application,
            changes=CONTENT,
            expected_version=application.edit_version,
        )
        applicant.reload()
        precheck = applicant.locator("#precheck")
        expect(precheck).to_contain_text("LOR-6.1d")
        expect(precheck).to_contain_text("Must fix")
        _no_violations(applicant)

        # fixing the field autosaves and the pre-check clears
        applicant.get_by_label("(i) How it is used in New Zealand or elsewhere").fill(
            "Used by warehouses across New Zealand."
        )
        applicant.get_by_label("(i) How it is used in New Zealand or elsewhere").blur()
        expect(applicant.locator("#save-status")).to_contain_text("Saved at")
        expect(applicant.locator("#precheck")).not_to_contain_text("LOR-6.1d")
        applicant.get_by_role("button", name="Submit the application").click()
        expect(applicant.locator(".messages")).to_contain_text("was submitted")
        _no_violations(applicant)

        # the evaluator takes it from the queue and asks for more
        evaluator.goto(f"{url}/applications/queue/")
        _no_violations(evaluator)
        evaluator.get_by_role("link", name=application.reference).click()
        evaluator.get_by_role("button", name="Start evaluating (assign to me)").click()
        expect(evaluator.locator(".messages")).to_contain_text("Evaluation started")
        _no_violations(evaluator)
        evaluator.get_by_label("What information is needed").fill("Send the employer survey.")
        due = clock.today() + timedelta(days=14)
        evaluator.get_by_label("Reply due by").fill(due.isoformat())
        evaluator.get_by_role("button", name="Send the request").click()
        expect(evaluator.locator(".messages")).to_contain_text("request for information was sent")

        # the provider replies
        applicant.goto(f"{url}/applications/{application.pk}/")
        expect(applicant.locator("#requests-heading")).to_be_visible()
        applicant.get_by_label("Your reply").fill(
            "Forty employers answered; the survey shows need."
        )
        applicant.get_by_role("button", name="Send the reply").click()
        expect(applicant.locator(".messages")).to_contain_text("Your reply was sent")

        # the evaluator judges each criterion met and approves
        evaluator.reload()
        forms = evaluator.locator("form.criterion")
        for index in range(forms.count()):
            form = evaluator.locator("form.criterion").nth(index)
            form.get_by_label("Met", exact=True).check()
            form.get_by_role("button").click()
            expect(evaluator.locator(".messages")).to_contain_text("Judgement recorded")
        evaluator.get_by_label("Reasons and comments").fill("All criteria met.")
        evaluator.get_by_role("button", name="Approve").click()
        expect(evaluator.locator(".messages")).to_contain_text("Approved")

        application.refresh_from_db()
        assert application.status == "approved"
        number = application.micro_credential.listing_number  # type: ignore[union-attr]

        # the public register shows it with its new listing number
        public_context, public = open_page(browser)
        public.goto(f"{url}/micro-credentials/{number}/")
        expect(public.get_by_role("heading", level=1)).to_contain_text("Safe Forklift Operation")
        expect(public.locator("body")).to_contain_text(number)
        public_context.close()

        applicant.goto(f"{url}/applications/{application.pk}/")
        expect(applicant.locator("#listing-number")).to_contain_text(number)
        _no_violations(applicant)
    finally:
        applicant_context.close()
        evaluator_context.close()
