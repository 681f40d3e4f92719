"""An evaluator's day in Chromium: the queue names people; the evaluate page shows the submitted
application itself, each criterion beside the part it is about; after a request for information
the reply (with its document, sent in one form) and a field-by-field diff; a history in words,
its changes folded; and the decision forms gone once decided. The applicant reads their own
submitted application. Screenshots go to the test's temporary directory."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from tests.browser.conftest import open_page, sign_in_as
from tests.browser.test_applications_flow import CONTENT, _no_violations
from tests.conftest import Persona
from tohu.applications import services
from tohu.applications.models import Application, ApplicationType
from tohu.core import clock

PDF = b"%PDF-1.4\n" + b"0" * 200
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_evaluator_judges_the_application_itself_and_sees_what_the_reply_changed(
    browser: Browser,
    live_server: Any,
    provider: Persona,
    quality_assurer: Persona,
    tmp_path: Path,
) -> None:
    url = live_server.url
    User.objects.filter(pk=quality_assurer.user.pk).update(first_name="Mere", last_name="Tūhoe")
    assert provider.organisation is not None
    application = services.application_create(
        actor=provider.user,
        organisation=provider.organisation,
        application_type=ApplicationType.LISTING_APPROVAL,
    )
    application = services.application_update(
        actor=provider.user,
        application=application,
        changes={**CONTENT, "purpose_use": "Used by warehouses across New Zealand."},
        expected_version=application.edit_version,
    )
    services.application_submit(actor=provider.user, application=application)
    services.application_begin_evaluation(actor=quality_assurer.user, application=application)

    evaluator_context, evaluator = open_page(browser)
    applicant_context, applicant = open_page(browser)
    try:
        sign_in_as(evaluator_context, quality_assurer.client, url)
        sign_in_as(applicant_context, provider.client, url)

        # the dashboard says what waits on the evaluator; the queue shows names, not usernames
        evaluator.goto(f"{url}/dashboard/")
        waiting = evaluator.locator(".waiting")
        expect(waiting).to_contain_text("1 application to evaluate")
        expect(waiting).to_contain_text("0 reviews to accept")
        expect(waiting).to_contain_text("1 unread notification")  # assigned to them
        waiting.get_by_role("link", name="application to evaluate").click()
        row = evaluator.get_by_role("row").filter(has_text=application.reference)
        expect(row).to_contain_text("Mere Tūhoe")
        expect(row).not_to_contain_text("evaluator")
        row.get_by_role("link", name=application.reference).click()

        # the application itself, each criterion beside its part
        expect(
            evaluator.get_by_role("heading", name="The application and its criteria")
        ).to_be_visible()
        outcomes = evaluator.locator("#part-approval-1")
        expect(outcomes).to_contain_text("Safe Forklift Operation")
        expect(outcomes).to_contain_text("030399")
        expect(outcomes).to_contain_text("Operate a forklift safely")
        expect(outcomes.locator("form.criterion")).to_be_visible()
        assessment = evaluator.locator("#part-approval-3")
        expect(assessment).to_contain_text("Practical observation.")
        content_box = assessment.locator(".content-part__content").bounding_box()
        judge_box = assessment.locator("form.criterion").bounding_box()
        assert content_box is not None
        assert judge_box is not None
        assert judge_box["x"] > content_box["x"] + content_box["width"] - 1  # beside, not below
        assert abs(judge_box["y"] - content_box["y"]) < 60
        _no_violations(evaluator)
        evaluator.screenshot(path=str(tmp_path / "evaluate-content.png"), full_page=True)

        # a request for information
        evaluator.get_by_label("What information is needed").fill(
            "Say who assesses, and send the employer survey."
        )
        evaluator.get_by_label("Reply due by").fill(
            (clock.today() + timedelta(days=14)).isoformat()
        )
        evaluator.get_by_role("button", name="Send the request").click()
        expect(evaluator.locator(".messages")).to_contain_text("request for information was sent")
        expect(evaluator.get_by_role("button", name="Approve")).to_have_count(0)

        # the applicant reads the submitted application, changes one answer, and replies with
        # the survey attached in the same form
        applicant.goto(f"{url}/applications/{application.pk}/")
        expect(
            applicant.get_by_role("heading", name="The application as submitted")
        ).to_be_visible()
        expect(applicant.locator("#part-approval-3")).to_contain_text("Practical observation.")
        applicant.get_by_role("link", name="Edit the application", exact=True).click()
        applicant.get_by_label("Assessment", exact=True).fill(
            "Practical observation by a registered workplace assessor."
        )
        applicant.get_by_label("Assessment", exact=True).blur()
        expect(applicant.locator("#save-status")).to_contain_text("Saved at")
        applicant.goto(f"{url}/applications/{application.pk}/")
        applicant.get_by_label("Your reply").fill("A registered assessor; the survey is attached.")
        applicant.get_by_label("A document with the reply").set_input_files(
            files={"name": "survey.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        applicant.get_by_role("button", name="Send the reply").click()
        expect(applicant.locator(".messages")).to_contain_text(
            "Your reply was sent with survey.pdf"
        )
        applicant.screenshot(path=str(tmp_path / "applicant-after-reply.png"), full_page=True)

        # the evaluator sees the reply, its document and what changed, old → new
        evaluator.reload()
        requests = evaluator.locator("#request-1")
        expect(requests).to_contain_text("A registered assessor; the survey is attached.")
        expect(requests.get_by_role("link", name="survey.pdf")).to_be_visible()
        expect(requests).to_contain_text(
            "What changed in the application since the request (1 field)"
        )
        expect(requests.locator("del")).to_have_text("Practical observation.")
        expect(requests.locator("ins")).to_have_text(
            "Practical observation by a registered workplace assessor."
        )
        expect(evaluator.locator("#part-approval-3")).to_contain_text("Changed in the reply")
        _no_violations(evaluator)
        evaluator.screenshot(path=str(tmp_path / "evaluate-after-reply.png"), full_page=True)

        # judge every criterion and approve
        for index in range(evaluator.locator("form.criterion").count()):
            form = evaluator.locator("form.criterion").nth(index)
            form.get_by_label("Met", exact=True).check()
            form.get_by_role("button").click()
            expect(evaluator.locator(".messages")).to_contain_text("Judgement recorded")
        evaluator.get_by_label("Reasons and comments").fill("All criteria met.")
        evaluator.get_by_role("button", name="Approve").click()
        expect(evaluator.locator(".messages")).to_contain_text("Approved")
        applicant.goto(f"{url}/dashboard/")
        expect(applicant.locator(".waiting")).to_contain_text(
            "0 requests for information to answer"
        )

        # decision made: the forms are gone, the verdicts stay, the history reads in words
        expect(evaluator.get_by_role("heading", name="Decision: Approved")).to_be_visible()
        for gone in ("Approve", "Decline", "Send the request", "Assign", "Add the hours"):
            expect(evaluator.get_by_role("button", name=gone, exact=True)).to_have_count(0)
        expect(evaluator.locator("form.criterion")).to_have_count(0)
        history = evaluator.locator(".history")
        expect(history).to_contain_text("Criterion 3 Requirements and assessment judged: met")
        expect(history).to_contain_text("Reply sent; 1 field changed")
        expect(history).not_to_contain_text("application.updated")
        expect(history).not_to_contain_text("purpose_use")
        edit = history.locator("details").first
        expect(edit.locator("dl")).to_be_hidden()  # folded until asked for
        edit.locator("summary").click()
        expect(edit.locator("dl")).to_be_visible()
        _no_violations(evaluator)
        evaluator.screenshot(path=str(tmp_path / "evaluate-decided.png"), full_page=True)
        assert Application.objects.get().status == "approved"
    finally:
        evaluator_context.close()
        applicant_context.close()
