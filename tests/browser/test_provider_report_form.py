"""A results officer reports one completion in Chromium: picks the date, chooses from the
micro-credentials the provider may award that day, types the NSN and sees the learner's name to
confirm, downloads the CSV template, and records the completion. Screenshots go to the test's
temporary directory."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import open_page, sign_in_as
from tests.browser.test_achievements_upload import _no_violations
from tests.conftest import Persona
from tests.factories import LearnerFactory, accredit, listed_micro_credential
from tohu.achievements.models import Completion
from tohu.achievements.results_file import COLUMNS
from tohu.core import clock
from tohu.organisations.models import Organisation
from tohu.rulebook import day_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_results_officer_reports_one_completion_by_picking_and_confirming(
    browser: Browser, live_server: Any, provider: Persona, isb: Organisation, tmp_path: Path
) -> None:
    assert provider.organisation is not None
    today = clock.today()
    forklift = listed_micro_credential(
        developer=isb, listing_number="4321", listed_on=date(2024, 3, 1)
    )
    accredit(provider.organisation, forklift, granted_on=date(2024, 3, 1))
    barista = listed_micro_credential(
        developer=isb, listing_number="5555", title="Barista Basics", listed_on=date(2024, 3, 1)
    )
    accredit(provider.organisation, barista, granted_on=today - timedelta(days=5))
    LearnerFactory.create(
        nsn="0000067890", family_name="Ngata", given_names="Aroha", date_of_birth=date(2001, 4, 9)
    )
    url = live_server.url
    context, page = open_page(browser)
    try:
        sign_in_as(context, provider.client, url)
        page.goto(f"{url}/achievements/provider/{provider.organisation.slug}/report/")
        picker = page.get_by_label("Micro-credential", exact=True)
        expect(picker.locator("option", has_text="5555 Barista Basics")).to_have_count(1)

        # a date before Barista Basics was accredited: the picker offers only the forklift one
        earlier = today - timedelta(days=30)
        page.get_by_label("Date of achievement").fill(earlier.isoformat())
        expect(page.locator("#listing-picker")).to_contain_text(f"may award on {day_text(earlier)}")
        expect(picker.locator("option", has_text="5555")).to_have_count(0)
        expect(picker.locator("option", has_text="4321")).to_have_count(1)
        picker.select_option("4321")

        # the NSN shows the learner's name to confirm
        page.get_by_label("National Student Number (NSN)").fill("0000067890")
        expect(page.locator("#learner-found")).to_contain_text("Aroha Ngata")
        expect(page.locator("#learner-found")).to_contain_text("born 9 Apr 2001")
        _no_violations(page)
        page.screenshot(path=str(tmp_path / "report-form.png"), full_page=True)

        # the CSV template has the results file's exact header
        with page.expect_download() as download_info:
            page.get_by_role("link", name="download the CSV template").click()
        template = Path(download_info.value.path()).read_bytes()
        assert template == (",".join(COLUMNS) + "\r\n").encode()

        page.get_by_role("button", name="Record the completion").click()
        # recording runs the results file's checks: give a busy machine time
        expect(page.locator(".messages")).to_contain_text("1 completion recorded", timeout=30_000)
        expect(page.locator(".messages")).not_to_contain_text("(s)")
        completion = Completion.objects.get()
        assert completion.nsn == "0000067890"
        assert completion.date_of_achievement == earlier
        page.screenshot(path=str(tmp_path / "report-recorded.png"), full_page=True)

        # on the upload form too, the checkbox sits just before its label
        page.goto(f"{url}/achievements/provider/{provider.organisation.slug}/")
        label = "Record the valid rows even if some rows have problems"
        box = page.get_by_label(label).bounding_box()
        text = page.locator("label", has_text=label).bounding_box()
        assert box is not None
        assert text is not None
        assert abs((box["y"] + box["height"] / 2) - (text["y"] + text["height"] / 2)) < 8
        assert 0 <= text["x"] - (box["x"] + box["width"]) < 24
    finally:
        context.close()
