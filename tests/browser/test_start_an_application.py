"""Starting an application in Chromium: an Industry Skills Board is offered only the types it
may make (APP-who), with the reason for the others; on the draft, each checkbox sits beside its
label; dates and times read the New Zealand way (7 Dec 2026, 3:30 pm) with no double full stop.
Screenshots go to the test's temporary directory."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import open_page, sign_in_as
from tests.browser.test_applications_flow import _no_violations
from tests.conftest import Persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NZ_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


def test_the_start_page_offers_only_what_the_organisation_may_apply_for(
    browser: Browser, live_server: Any, developer: Persona, tmp_path: Path
) -> None:
    url = live_server.url
    context, page = open_page(browser)
    try:
        sign_in_as(context, developer.client, url)
        page.goto(f"{url}/applications/new/")
        offered = page.get_by_role("group", name="Type of application")
        expect(offered.get_by_label("Listing and approval", exact=True)).to_be_visible()
        expect(offered.get_by_label("Accreditation only")).to_have_count(0)
        closed = page.get_by_role("region", name=re.compile("Not open to"))
        expect(closed).to_contain_text("Accreditation only")
        expect(closed).to_contain_text("(APP-who)")
        expect(closed).to_contain_text("Statement of equivalency")
        _no_violations(page)
        page.screenshot(path=str(tmp_path / "start.png"), full_page=True)

        offered.get_by_label("Listing and approval", exact=True).check()
        page.get_by_role("button", name="Start the draft").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Listing and approval")
        # the heading is there before the stylesheet has been applied: measure after it is
        page.wait_for_load_state("load")

        # each checkbox is on the same line as its label, just before it; both are measured in
        # one step, since a notice the page adds above them may move them between two steps
        for label in ("The listing is in te reo Māori", "Evaluate using Te Hono o Te Kahurangi"):
            offset, gap = page.get_by_label(label).evaluate(
                """box => {
                    const a = box.getBoundingClientRect();
                    const b = box.labels[0].getBoundingClientRect();
                    return [(a.top + a.height / 2) - (b.top + b.height / 2), b.left - a.right];
                }"""
            )
            assert abs(offset) < 8
            assert 0 <= gap < 24

        # a save says its time the New Zealand way, once, with no double full stop
        page.get_by_label("Title", exact=True).fill("Safe Forklift Operation")
        page.get_by_label("Title", exact=True).blur()
        status = page.locator("#save-status")
        expect(status).to_have_text(re.compile(r"^Saved at \d{1,2}:\d{2} (am|pm)$"))

        # the application's page: dates as 7 Dec 2026, times as 3:30 pm, never "p.m.."
        page.get_by_role("link", name="See the application's page").click()
        history = page.locator(".history").inner_text()
        assert NZ_DATE.search(history), history
        assert re.search(r"\d{1,2}:\d{2} (am|pm)", history), history
        body = page.locator("main").inner_text()
        assert "p.m." not in body
        assert "a.m." not in body
        assert ".." not in body.replace("...", "")
        page.screenshot(path=str(tmp_path / "application-page.png"), full_page=True)
    finally:
        context.close()
