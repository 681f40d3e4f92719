"""The application form never loses input, walked in Chromium: an invalid level keeps its error
beside the field (and in the pre-check) while every other field saves; the save state stays in
view where the person types; nothing typed is lost on a reload, a network failure or an ended
session. Screenshots go to the test's temporary directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import open_page, sign_in_as
from tests.browser.test_applications_flow import _no_violations
from tests.conftest import Persona
from tohu.applications import services
from tohu.applications.models import Application, ApplicationType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _blur(page: Page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.blur()


def _fail_saves(route: Route) -> None:
    if route.request.method == "POST":
        route.abort("internetdisconnected")
    else:
        route.continue_()


def test_autosave_keeps_every_valid_field_and_loses_nothing(
    browser: Browser, live_server: Any, provider: Persona, tmp_path: Path
) -> None:
    url = live_server.url
    assert provider.organisation is not None
    application = services.application_create(
        actor=provider.user,
        organisation=provider.organisation,
        application_type=ApplicationType.LISTING_APPROVAL,
    )
    edit = f"{url}/applications/{application.pk}/edit/"
    context, page = open_page(browser)
    status = page.locator("#save-status")
    try:
        sign_in_as(context, provider.client, url)
        page.goto(edit)

        # level 12 is refused beside the field, and every later change still saves
        _blur(page, "NZQCF level", "12")
        expect(status).to_contain_text("except NZQCF level")
        expect(page.locator("#id_level-errors")).to_contain_text(
            "Not saved: NZQCF level must be from 1 to 10 (LOR-3-level)."
        )
        expect(page.get_by_label("NZQCF level", exact=True)).to_have_attribute(
            "aria-invalid", "true"
        )
        expect(page.locator("#precheck")).to_contain_text("Not saved")
        _blur(page, "Credits", "5")
        _blur(page, "NZSCED field of study", "030399")
        _blur(page, "Review period (years)", "3")
        expect(status).to_contain_text("Saved at")
        expect(status).to_contain_text("except NZQCF level")
        # the save state is in view where the person is typing, far down the form
        page.get_by_label("Stakeholder consultation").fill("Consulted the ISB.")
        box = status.bounding_box()
        viewport = page.viewport_size
        assert box is not None
        assert viewport is not None
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= viewport["height"]
        page.get_by_label("Stakeholder consultation").blur()
        expect(status).to_contain_text("Saved at")
        page.screenshot(path=str(tmp_path / "autosave-invalid-level.png"))
        saved = Application.objects.get()
        assert (saved.credits, saved.nzsced_code, saved.review_period_years) == (5, "030399", 3)
        assert saved.stakeholder_consultation == "Consulted the ISB."
        assert saved.level is None

        # a reload loses nothing: the saved values from the server, the invalid one from here
        page.reload()
        expect(page.get_by_label("Credits", exact=True)).to_have_value("5")
        expect(page.get_by_label("NZSCED field of study", exact=True)).to_have_value("030399")
        expect(page.get_by_label("Review period (years)", exact=True)).to_have_value("3")
        expect(page.get_by_label("NZQCF level", exact=True)).to_have_value("12")
        expect(page.locator("#id_level-errors")).to_contain_text("must be from 1 to 10")
        _no_violations(page)
        _blur(page, "NZQCF level", "4")
        expect(status).not_to_contain_text("except")
        expect(status).to_contain_text("Saved at")
        assert Application.objects.get().level == 4

        # the network fails: the text stays, through a reload, and saves when it is back
        page.route("**/edit/", _fail_saves)
        _blur(page, "Title", "Safe Forklift Operation")
        expect(status).to_contain_text("no connection")
        page.screenshot(path=str(tmp_path / "autosave-offline.png"))
        page.reload()
        expect(page.get_by_label("Title", exact=True)).to_have_value("Safe Forklift Operation")
        expect(status).to_contain_text("no connection")
        assert Application.objects.get().title == ""
        page.unroute("**/edit/", _fail_saves)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(status).to_contain_text("Saved at")
        assert Application.objects.get().title == "Safe Forklift Operation"

        # the session ends: the text is kept, and saves once the person signs in again
        Session.objects.all().delete()
        _blur(page, "Assessment", "Practical observation.")
        expect(status).to_contain_text("you are signed out")
        expect(status.get_by_role("link", name="Sign in (opens a new tab)")).to_be_visible()
        page.screenshot(path=str(tmp_path / "autosave-signed-out.png"))
        assert Application.objects.get().assessment == ""
        provider.client.force_login(User.objects.get(pk=provider.user.pk))
        sign_in_as(context, provider.client, url)
        page.goto(edit)
        expect(page.get_by_label("Assessment", exact=True)).to_have_value("Practical observation.")
        expect(status).to_contain_text("Saved at")
        assert Application.objects.get().assessment == "Practical observation."
        # everything saved: nothing is left waiting in the browser
        assert page.evaluate(f"window.localStorage.getItem('tohu-draft-{application.pk}')") is None
    finally:
        context.close()
