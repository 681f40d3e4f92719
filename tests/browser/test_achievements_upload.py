"""A results officer in Chromium uploads a file with one bad row, reads the error report on the
result page, fixes the row and uploads again; the learner's record then shows the completion.
Each page passes axe-core on the way."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, FilePayload, Page, expect

from tests.browser.conftest import open_page, sign_in_as
from tests.conftest import Persona
from tests.factories import LearnerFactory, accredit, listed_micro_credential
from tohu.achievements.models import Completion
from tohu.core import clock
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def _no_violations(page: Page) -> None:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def _upload(page: Page, content: str) -> None:
    payload: FilePayload = {"name": "june.csv", "mimeType": "text/csv", "buffer": content.encode()}
    page.get_by_label("Results file (CSV)").set_input_files(files=[payload])
    page.get_by_role("button", name="Upload and check").click()


def test_a_results_officer_fixes_a_bad_row_and_the_learner_sees_the_completion(
    browser: Browser,
    live_server: Any,
    provider: Persona,
    learner: tuple[Persona, Learner],
    isb: Organisation,
) -> None:
    assert provider.organisation is not None
    micro_credential = listed_micro_credential(developer=isb, listing_number="4321")
    accredit(provider.organisation, micro_credential)
    LearnerFactory.create(nsn="0000067890", family_name="Smith")
    day = (clock.today() - timedelta(days=10)).isoformat()
    url = live_server.url
    officer_context, officer = open_page(browser)
    learner_context, learner_page = open_page(browser)
    try:
        sign_in_as(officer_context, provider.client, url)
        sign_in_as(learner_context, learner[0].client, url)

        officer.goto(f"{url}/achievements/provider/")
        expect(officer.get_by_role("heading", level=1)).to_contain_text("Southern Skills Academy")
        _no_violations(officer)
        header = "nsn,listing_number,date_of_achievement,family_name"
        _upload(officer, f"{header}\n0012345678,4321,{day},\n67890,4321,{day},Smith\n")

        # the file was checked in the background; nothing was recorded, and the report says why
        expect(officer.get_by_role("heading", name="Nothing was recorded")).to_be_visible()
        problem = officer.get_by_role("row").filter(has_text="not in the learner index")
        expect(problem).to_contain_text("3")
        expect(problem).to_contain_text("ROA-nsn")
        _no_violations(officer)
        assert Completion.objects.count() == 0

        officer.get_by_role("link", name="Completions reported by Southern Skills Academy").click()
        _upload(officer, f"{header}\n0012345678,4321,{day},\n0000067890,4321,{day},Smith\n")
        expect(officer.get_by_role("heading", name="Recorded", exact=True)).to_be_visible()
        expect(officer.get_by_role("status")).to_contain_text("2 completions recorded")

        learner_page.goto(f"{url}/achievements/record/")
        expect(learner_page.get_by_role("heading", level=1)).to_contain_text(
            "Record of Achievement"
        )
        expect(learner_page.get_by_role("table").first).to_contain_text(
            "Introduction to Forklift Operation (Micro-credential)"
        )
        expect(learner_page.get_by_role("table").first).to_contain_text("Southern Skills Academy")
        _no_violations(learner_page)
    finally:
        officer_context.close()
        learner_context.close()
