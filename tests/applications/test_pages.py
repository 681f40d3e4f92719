"""The web pages: the applicant's drafts, the evaluator's queue and workspace, the dashboard,
notifications and the public register of statements; outsiders get 403 or 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.applications.conftest import MakeDraft, office_bytes
from tests.conftest import Persona
from tohu.applications import services
from tohu.applications.models import Application, ApplicationType, Attachment

Evaluated = Callable[..., Application]


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_a_provider_starts_a_draft_from_the_start_page(provider: Persona) -> None:
    assert provider.organisation is not None
    response = provider.client.post(
        reverse("applications:start"),
        {"organisation": provider.organisation.pk, "application_type": "listing_approval"},
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:edit", args=[application.pk])
    page = provider.client.get(response["Location"])
    assert page.status_code == 200
    assert "LOR-6.1a" in page.content.decode()


def test_the_start_page_says_why_a_type_is_refused(developer: Persona) -> None:
    assert developer.organisation is not None
    page = developer.client.get(reverse("applications:start")).content.decode()
    offered, closed = page.split('id="closed-heading"')
    # an Industry Skills Board develops: it is never accredited (APP-who), so it is not offered
    assert 'value="listing_approval"' in offered
    assert 'value="accreditation"' not in offered
    assert "Accreditation only" in closed
    assert "(APP-who)" in closed
    refused = developer.client.post(
        reverse("applications:start"),
        {"organisation": developer.organisation.pk, "application_type": "accreditation"},
    )
    assert "may not make that type of application" in refused.content.decode()
    response = developer.client.post(
        reverse("applications:start"),
        {
            "organisation": developer.organisation.pk,
            "application_type": "change",
            "listing_number": "9999",
        },
    )
    assert response.status_code == 200
    assert "No micro-credential has listing number 9999" in response.content.decode()


def test_autosave_saves_a_field_and_refreshes_the_precheck(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer, purpose_use="")
    data = {
        "edit_version": application.edit_version,
        **_form_data(application),
        "purpose_use": "Used by warehouses.",
    }
    response = developer.client.post(
        reverse("applications:edit", args=[application.pk]), data, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Saved at" in body
    assert f'value="{application.edit_version + 1}"' in body
    assert "No findings" in body
    application.refresh_from_db()
    assert application.purpose_use == "Used by warehouses."


def _form_data(application: Application) -> dict[str, Any]:
    from tohu.applications.forms import initial_for

    data: dict[str, Any] = {}
    for name, value in initial_for(application).items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = "\n".join(value)
        elif value is not None:
            data[name] = value
    return data


def test_a_stale_save_is_told_and_what_was_typed_stays_on_the_page(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer)
    stale = _form_data(application)
    services.application_update(
        actor=developer.user,
        application=application,
        changes={"title": "Theirs"},
        expected_version=application.edit_version,
    )
    response = developer.client.post(
        reverse("applications:edit", args=[application.pk]),
        {**stale, "title": "Mine, carefully typed"},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Your changes were not saved" in body
    assert "Mine, carefully typed" in body
    application.refresh_from_db()
    assert application.title == "Theirs"
    htmx = developer.client.post(
        reverse("applications:edit", args=[application.pk]),
        {**stale, "title": "Again"},
        headers={"HX-Request": "true"},
    )
    assert "reload to see the latest" in htmx.content.decode()


def test_a_typing_error_is_shown_beside_the_field_and_kept(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer)
    data = {**_form_data(application), "level": "eleven", "title": "Kept title"}
    response = developer.client.post(reverse("applications:edit", args=[application.pk]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Not saved: NZQCF level must be a whole number." in body
    assert "Kept title" in body
    assert "eleven" in body
    application.refresh_from_db()
    assert application.title == "Kept title"  # the valid fields were saved all the same


def test_a_blocked_submission_lists_the_findings(make_draft: MakeDraft, developer: Persona) -> None:
    application = make_draft(developer, title="")
    response = developer.client.post(
        reverse("applications:submit", args=[application.pk]), follow=True
    )
    body = response.content.decode()
    assert "Not submitted" in body
    assert "LOR-6.1a" in body
    application.refresh_from_db()
    assert application.status == "draft"


def test_uploads_are_checked_and_disguised_files_refused(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer, complete=False)
    url = reverse("applications:attachment-upload", args=[application.pk])
    survey = office_bytes("xlsx")
    good = SimpleUploadedFile("survey.xlsx", survey)
    response = developer.client.post(
        url, {"file": good, "purpose": "evidence_of_need"}, follow=True
    )
    assert "survey.xlsx was attached" in response.content.decode()
    bad = SimpleUploadedFile("virus.pdf", b"MZ" + b"\x00" * 100)
    response = developer.client.post(url, {"file": bad, "purpose": "other"}, follow=True)
    assert "Not attached. virus.pdf is not a PDF, DOCX or XLSX file." in response.content.decode()
    assert Attachment.objects.count() == 1
    attachment = Attachment.objects.get()
    download = developer.client.get(
        reverse("applications:attachment-download", args=[application.pk, attachment.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == survey  # type: ignore[attr-defined]


def test_the_evaluator_requests_information_and_the_applicant_replies(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    url = reverse("applications:evaluate-action", args=[application.pk, "request"])
    response = quality_assurer.client.post(
        url, {"questions": "Send the survey.", "due_on": "2026-03-20"}
    )
    assert response.status_code == 302
    detail = developer.client.get(reverse("applications:detail", args=[application.pk]))
    assert "Send the survey." in detail.content.decode()
    developer.client.post(
        reverse("applications:reply", args=[application.pk]), {"reply": "Survey attached."}
    )
    application.refresh_from_db()
    assert application.status == "in_evaluation"


def test_the_evaluator_approves_from_the_workspace_and_the_letter_is_a_pdf(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona, public: Client
) -> None:
    application = evaluated(developer)
    workspace = quality_assurer.client.get(reverse("applications:evaluate", args=[application.pk]))
    assert "MAAR-approval" in workspace.content.decode()
    response = quality_assurer.client.post(
        reverse("applications:evaluate-action", args=[application.pk, "approve"]),
        {"reasons": "Met."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    number = application.micro_credential.listing_number  # type: ignore[union-attr]
    letter = developer.client.get(reverse("applications:letter", args=[application.pk]))
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF-")
    register = public.get(reverse("register:detail", args=[number]))
    assert register.status_code == 200


def test_the_workspace_shows_a_form_error_without_deciding(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    response = quality_assurer.client.post(
        reverse("applications:evaluate-action", args=[application.pk, "decline"]), {"reasons": ""}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == "in_evaluation"
    response = quality_assurer.client.post(
        reverse("applications:evaluate-action", args=[application.pk, "approve"]),
        {"review_period_years": "5"},
        follow=True,
    )
    assert "Give the reason" in response.content.decode()


def test_a_decision_on_an_application_not_in_evaluation_is_refused_on_the_page(
    make_draft: MakeDraft, developer: Persona, quality_assurer: Persona
) -> None:
    application = make_draft(developer)
    services.application_submit(actor=developer.user, application=application)
    response = quality_assurer.client.post(
        reverse("applications:evaluate-action", args=[application.pk, "approve"]), {}, follow=True
    )
    assert "is submitted: it cannot become approved" in response.content.decode()


def test_the_queue_filters_and_its_queries_do_not_grow(
    make_draft: MakeDraft, developer: Persona, provider: Persona, quality_assurer: Persona
) -> None:
    first = make_draft(developer)
    services.application_submit(actor=developer.user, application=first)
    url = reverse("applications:queue")
    baseline = _count(quality_assurer.client, url)
    for persona in (developer, provider, provider):
        application = make_draft(persona)
        services.application_submit(actor=persona.user, application=application)
    assert _count(quality_assurer.client, url) == baseline
    filtered = quality_assurer.client.get(url, {"application_type": "change"})
    assert "Nothing in the queue matches" in filtered.content.decode()
    mine = quality_assurer.client.get(url, {"evaluator": "none", "older_than_days": "0"})
    assert first.reference in mine.content.decode()


def test_the_applicants_list_shows_only_their_applications_in_constant_queries(
    make_draft: MakeDraft, developer: Persona, outsider: Persona
) -> None:
    mine = make_draft(developer)
    theirs = make_draft(outsider)
    url = reverse("applications:list")
    baseline = _count(developer.client, url)
    make_draft(developer)
    make_draft(developer)
    assert _count(developer.client, url) == baseline
    body = developer.client.get(url).content.decode()
    assert mine.reference in body
    assert theirs.reference not in body


def test_the_dashboard_shows_times_and_a_chart_with_its_table(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    services.application_decline(actor=quality_assurer.user, application=application, reasons="No.")
    response = quality_assurer.client.get(reverse("applications:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body
    assert "<table" in body
    assert 'id="median-days">0.0' in body


def test_notifications_are_listed_and_marked_read(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer)
    services.application_submit(actor=developer.user, application=application)
    page = developer.client.get(reverse("applications:notifications"))
    assert f"{application.reference} was submitted." in page.content.decode()
    assert 'tag--current">New<' in page.content.decode()
    developer.client.post(reverse("applications:notifications-read"))
    page = developer.client.get(reverse("applications:notifications"))
    assert 'tag--current">New<' not in page.content.decode()


def test_the_public_register_of_statements_and_its_pdf(
    make_draft: MakeDraft,
    employer: Persona,
    quality_assurer: Persona,
    public: Client,
    settings: Any,
) -> None:
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_last_day=date(2026, 12, 31))
    application = make_draft(employer, ApplicationType.EQUIVALENCY)
    services.application_submit(actor=employer.user, application=application)
    services.application_begin_evaluation(actor=quality_assurer.user, application=application)
    for code in ("equivalency-level", "equivalency-credits"):
        services.criterion_judge(
            actor=quality_assurer.user, application=application, criterion=code, verdict="met"
        )
    services.application_approve(actor=quality_assurer.user, application=application)
    page = public.get(reverse("applications:statements"), {"q": "GrowSafe"})
    assert "SOE-0001" in page.content.decode()
    pdf = public.get(reverse("applications:statement-pdf", args=["SOE-0001"]))
    assert pdf.content.startswith(b"%PDF-")
    assert public.get(reverse("applications:statement-pdf", args=["SOE-9999"])).status_code == 404
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_archived_from=date(2026, 1, 1))
    assert "archived" in public.get(reverse("applications:statements")).content.decode()


PRIVATE_PAGES = ["detail", "edit", "precheck", "letter"]


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_an_outsider_never_sees_another_organisations_draft(
    make_draft: MakeDraft, developer: Persona, outsider: Persona, name: str
) -> None:
    application = make_draft(developer)
    response = outsider.client.get(reverse(f"applications:{name}", args=[application.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [("submit", "post"), ("withdraw", "post"), ("attachment-upload", "post"), ("reply", "post")],
)
def test_an_outsider_cannot_act_on_another_organisations_application(
    make_draft: MakeDraft, developer: Persona, outsider: Persona, name: str, method: str
) -> None:
    application = make_draft(developer)
    response = getattr(outsider.client, method)(
        reverse(f"applications:{name}", args=[application.pk])
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == "draft"


def test_an_outsider_cannot_download_or_remove_anothers_document(
    make_draft: MakeDraft, developer: Persona, outsider: Persona
) -> None:
    application = make_draft(developer)
    attachment = Attachment.objects.get(application=application)
    args = [application.pk, attachment.pk]
    assert (
        outsider.client.get(reverse("applications:attachment-download", args=args)).status_code
        == 404
    )
    assert (
        outsider.client.post(reverse("applications:attachment-remove", args=args)).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["queue", "dashboard"])
def test_quality_assurer_pages_are_refused_to_applicants(
    provider: Persona, public: Client, name: str
) -> None:
    assert provider.client.get(reverse(f"applications:{name}")).status_code == 403
    assert public.get(reverse(f"applications:{name}")).status_code == 302


@pytest.mark.parametrize(
    "action", ["begin", "assign", "judge", "hours", "request", "approve", "decline"]
)
def test_applicants_cannot_evaluate(evaluated: Evaluated, developer: Persona, action: str) -> None:
    application = evaluated(developer)
    assert (
        developer.client.get(reverse("applications:evaluate", args=[application.pk])).status_code
        == 403
    )
    response = developer.client.post(
        reverse("applications:evaluate-action", args=[application.pk, action])
    )
    assert response.status_code == 403


def test_the_public_is_sent_to_sign_in(public: Client) -> None:
    for name in ("list", "start", "notifications"):
        assert public.get(reverse(f"applications:{name}")).status_code == 302


def test_the_evaluator_judges_a_criterion_from_its_form(
    make_draft: MakeDraft, developer: Persona, quality_assurer: Persona
) -> None:
    application = make_draft(developer)
    services.application_submit(actor=developer.user, application=application)
    services.application_begin_evaluation(actor=quality_assurer.user, application=application)
    url = reverse("applications:evaluate-action", args=[application.pk, "judge"])
    data = {"criterion": "approval-2", "approval-2-verdict": "not_met", "approval-2-note": "Thin."}
    response = quality_assurer.client.post(url, data, follow=True)
    assert "Judgement recorded." in response.content.decode()
    judgement = application.judgements.get()
    assert (judgement.criterion, judgement.verdict, judgement.note) == (
        "approval-2",
        "not_met",
        "Thin.",
    )
    response = quality_assurer.client.post(url, {"criterion": "approval-1"}, follow=True)
    assert "Choose met, not met or met with conditions." in response.content.decode()
