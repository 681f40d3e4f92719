"""What a newcomer does on day one with the demo, in Chromium, as each persona would.

- Every persona opens the dashboard and follows each link in it: none answers 403 or 404.
- The learner downloads their Record of Achievement and the address its QR code carries opens
  the record as Tohu holds it; the developer's decision letter does the same for the decision.
- The public finds the register of statements of equivalency from the footer.
- The evaluator finds real work in the queue.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from tests.browser.conftest import open_page, sign_in_as
from tohu.applications.models import Application, ApplicationStatus
from tohu.demo.activity import add_activity
from tohu.demo.build import build_demo
from tohu.demo.people import PERSONAS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server: Any, settings: Any) -> str:
    # links in documents come from the address the browser used (SITE_URL unset)
    settings.SITE_URL = ""
    build_demo()
    add_activity()
    return str(live_server.url)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _signed_in_page(browser: Browser, url: str, username: str) -> tuple[Any, Page]:
    context, page = open_page(browser)
    sign_in_as(context, _client(username), url)
    return context, page


def _pdf_links(content: bytes) -> list[str]:
    found = []
    for pdf_page in PdfReader(io.BytesIO(content)).pages:
        for annotation in pdf_page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_every_persona_follows_every_dashboard_link(
    browser: Browser, demo: str, tmp_path: Path
) -> None:
    for persona in PERSONAS:
        context, page = _signed_in_page(browser, demo, persona.username)
        try:
            page.goto(f"{demo}/dashboard/")
            page.get_by_role("heading", name="Dashboard", level=1).wait_for()
            page.screenshot(path=str(tmp_path / f"dashboard-{persona.username}.png"))
            hrefs = page.locator("main a[href^='/']").evaluate_all(
                "links => [...new Set(links.map(a => a.getAttribute('href')))]"
            )
            assert hrefs, f"{persona.username}'s dashboard links nowhere"
            for href in hrefs:
                response = page.goto(f"{demo}{href}")
                assert response is not None
                assert response.status == 200, (
                    f"{persona.username}: {href} answered {response.status}"
                )
        finally:
            context.close()


def test_the_learner_checks_their_record_through_its_qr_address(
    browser: Browser, demo: str, tmp_path: Path
) -> None:
    context, page = _signed_in_page(browser, demo, "learner")
    try:
        page.goto(f"{demo}/dashboard/")
        page.get_by_role("link", name="Your New Zealand Record of Achievement").click()
        page.get_by_role("heading", name="Micro-credentials achieved").wait_for()
        assert page.get_by_text("Total: 3 micro-credentials").count() == 1
        with page.expect_download() as download:
            page.get_by_role("link", name="Download your record as a PDF").click()
        content = Path(download.value.path()).read_bytes()
        assert content.startswith(b"%PDF-")
        check = sorted(
            {link for link in _pdf_links(content) if "/achievements/record/check/" in link}
        )
        assert len(check) == 1
        assert check[0].startswith(demo)
        # anyone handed the PDF opens its address: no sign-in needed
        context.clear_cookies()
        page.goto(check[0])
        page.get_by_role("heading", name="Checked by Tohu").wait_for()
        assert page.get_by_text("Tama Rāwiri").count() >= 1
        page.screenshot(path=str(tmp_path / "record-check.png"), full_page=True)
    finally:
        context.close()


def test_the_decision_letter_carries_its_signatory_and_a_working_check_address(
    browser: Browser, demo: str
) -> None:
    approved = Application.objects.get(status=ApplicationStatus.APPROVED)
    response = _client("developer").get(f"/applications/{approved.pk}/letter.pdf")
    assert response.status_code == 200
    text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Decided by Aroha Ngata Evaluator, New Zealand Qualifications Authority" in text
    check = sorted(
        {link for link in _pdf_links(response.content) if "/applications/letters/" in link}
    )
    assert len(check) == 1
    context, page = open_page(browser)
    try:
        page.goto(demo + urlsplit(check[0]).path)
        page.get_by_role("heading", name=f"Decision on application {approved.reference}").wait_for()
        assert page.get_by_text("Aroha Ngata, Evaluator").count() == 1
    finally:
        context.close()


def test_the_public_finds_the_register_of_statements_from_the_footer(
    browser: Browser, demo: str
) -> None:
    context, page = open_page(browser)
    try:
        page.goto(f"{demo}/")
        page.get_by_role("contentinfo").get_by_role(
            "link", name="Statements of equivalency"
        ).click()
        page.get_by_role("heading", name="Register of statements of equivalency").wait_for()
    finally:
        context.close()


def test_the_evaluator_finds_real_work_in_the_queue(
    browser: Browser, demo: str, tmp_path: Path
) -> None:
    context, page = _signed_in_page(browser, demo, "evaluator")
    try:
        page.goto(f"{demo}/applications/queue/")
        for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_EVALUATION):
            application = Application.objects.get(status=status)
            assert page.get_by_text(application.reference).count() >= 1
        page.screenshot(path=str(tmp_path / "evaluator-queue.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("name", "username"),
    [
        ("results-officer-dashboard", "results-officer"),
        ("overseas-provider-dashboard", "overseas-provider"),
        ("learner-record", "learner"),
        ("record-check", None),
        ("letter-check", None),
        ("statements-register", None),
    ],
)
def test_the_newcomers_pages_have_no_accessibility_violations(
    browser: Browser, demo: str, name: str, username: str | None
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_pages import AXE_OPTIONS, _report
    from tohu.achievements.documents import record_token
    from tohu.applications.documents import letter_token
    from tohu.core import clock
    from tohu.learners.models import Learner

    paths = {
        "results-officer-dashboard": "/dashboard/",
        "overseas-provider-dashboard": "/dashboard/",
        "learner-record": "/achievements/record/",
        "record-check": "/achievements/record/check/"
        + record_token(Learner.objects.get(nsn="0041872305"), clock.today())
        + "/",
        "letter-check": "/applications/letters/"
        + letter_token(Application.objects.get(status=ApplicationStatus.APPROVED))
        + "/",
        "statements-register": "/applications/equivalency/statements/",
    }
    if username is None:
        context, page = open_page(browser)
    else:
        context, page = _signed_in_page(browser, demo, username)
    try:
        response = page.goto(demo + paths[name])
        assert response is not None
        assert response.status == 200
        results = Axe().run(page, options=AXE_OPTIONS)
    finally:
        context.close()
    violations = results.response["violations"]
    assert not violations, f"axe-core found on {name}:\n{_report(violations)}"
