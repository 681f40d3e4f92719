"""The evaluator sees what they judge: the content frozen at submission, each criterion beside
its part; the reply to a request for information with what changed; a history in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib.auth.models import User
from django.urls import reverse

from tests.applications.conftest import ACCREDITATION_VALUES, MakeDraft, pdf_bytes
from tests.conftest import Persona
from tohu.applications import selectors, services
from tohu.applications.models import Application, ApplicationType
from tohu.applications.views import content

Evaluated = Callable[..., Application]


def _in_evaluation(make_draft: MakeDraft, applicant: Persona, evaluator: Persona) -> Application:
    application = make_draft(applicant)
    services.application_submit(actor=applicant.user, application=application)
    services.application_begin_evaluation(actor=evaluator.user, application=application)
    application.refresh_from_db()
    return application


def test_submission_freezes_the_content(make_draft: MakeDraft, developer: Persona) -> None:
    application = make_draft(developer)
    services.application_submit(actor=developer.user, application=application)
    application.refresh_from_db()
    frozen = application.submitted_content
    assert frozen["title"] == "Safe Forklift Operation"
    assert frozen["level"] == 3
    assert frozen["learning_outcomes"] == [
        "Operate a forklift safely",
        "Inspect a forklift before use",
    ]
    assert set(frozen) == set(services.EDITABLE_FIELDS)


def test_the_evaluate_page_shows_each_criterion_beside_its_part(
    make_draft: MakeDraft, developer: Persona, quality_assurer: Persona
) -> None:
    application = _in_evaluation(make_draft, developer, quality_assurer)
    page = quality_assurer.client.get(reverse("applications:evaluate", args=[application.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    # the content itself
    for text in (
        "Safe Forklift Operation",
        "030399",
        "Used by warehouses across New Zealand",
        "Inspect a forklift before use",
        "Practical observation and a written test.",
        "Face to face and on the job.",
        "Survey of 40 warehouse employers, 2025.",
    ):
        assert text in html, text
    # criterion 3 sits in the same part as the assessment it judges, with its form
    part = html[html.index('id="part-approval-3"') : html.index('id="part-approval-4"')]
    assert "Practical observation and a written test." in part
    assert 'name="criterion" value="approval-3"' in part
    assert "Survey of 40 warehouse employers" not in part


def test_an_accreditation_puts_each_criterion_beside_its_answer() -> None:
    application = Application(
        application_type=ApplicationType.ACCREDITATION, status="submitted", **ACCREDITATION_VALUES
    )
    parts = content.parts(application, services.drafts.content_of(application))
    by_code = {p.key: [f.name for f in p.fields] for p in parts}
    assert by_code["accreditation-1"] == ["accreditation_delivery"]
    assert by_code["accreditation-4"] == ["accreditation_learner_support"]


def test_changes_after_submission_are_not_what_the_evaluator_sees_until_the_reply(
    make_draft: MakeDraft, developer: Persona, quality_assurer: Persona
) -> None:
    application = _in_evaluation(make_draft, developer, quality_assurer)
    services.information_request(
        actor=quality_assurer.user,
        application=application,
        questions="Say who assesses.",
        due_on=date(2026, 3, 20),
    )
    application.refresh_from_db()
    services.application_update(
        actor=developer.user,
        application=application,
        changes={"assessment": "Observed by a registered assessor.", "credits": 6},
        expected_version=application.edit_version,
    )
    evaluate = reverse("applications:evaluate", args=[application.pk])
    html = quality_assurer.client.get(evaluate).content.decode()
    judged = html[html.index('id="content-heading"') : html.index('id="attachments-heading"')]
    assert "Practical observation and a written test." in judged
    assert "Observed by a registered assessor." not in judged  # not sent yet

    services.information_reply(
        actor=developer.user, application=application, reply="A registered assessor."
    )
    html = quality_assurer.client.get(evaluate).content.decode()
    assert "A registered assessor." in html  # the reply itself
    assert "What changed in the application since the request (2 fields)" in html
    assert "<del>Practical observation and a written test.</del>" in html
    assert "<ins>Observed by a registered assessor.</ins>" in html
    assert "<del>5</del>" in html
    assert "<ins>6</ins>" in html
    assert "Changed in the reply" in html


def test_the_applicant_reads_the_submitted_application_read_only(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer)
    services.application_submit(actor=developer.user, application=application)
    page = developer.client.get(reverse("applications:detail", args=[application.pk]))
    html = page.content.decode()
    assert "The application as submitted" in html
    assert "Inspect a forklift before use" in html
    assert 'name="criterion"' not in html  # no judging, and no verdicts
    assert "<textarea" not in html.split('id="content-heading"')[1].split("</section>")[0]


def test_history_reads_in_words_and_folds_a_run_of_saves(
    make_draft: MakeDraft, developer: Persona, quality_assurer: Persona
) -> None:
    User.objects.filter(pk=developer.user.pk).update(first_name="Aroha", last_name="Ngata")
    application = make_draft(developer, complete=False, title="Forklift")
    for credits in (7, 6, 5):
        application = services.application_update(
            actor=developer.user,
            application=application,
            changes={"credits": credits},
            expected_version=application.edit_version,
        )
    services.application_update(
        actor=developer.user,
        application=application,
        changes={"title": "Safe Forklift Operation", **_complete()},
        expected_version=application.edit_version,
    )
    services.application_submit(actor=developer.user, application=application)
    services.application_begin_evaluation(actor=quality_assurer.user, application=application)
    services.criterion_judge(
        actor=quality_assurer.user, application=application, criterion="approval-3", verdict="met"
    )
    entries = content.history(application, selectors.history(application))
    labels = [e.label for e in entries]
    assert labels[0] == "Application started"
    edited = entries[1]
    assert edited.who == "Aroha Ngata"
    assert edited.times == 5
    change = next(c for c in edited.changes if c.label == "Credits")
    assert (change.old, change.new) == ("Not given", "5")  # first old, last new (7, 6, 5)
    assert "Criterion 3 Requirements and assessment judged: met" in labels
    assert not any("application." in label for label in labels)
    html = developer.client.get(reverse("applications:detail", args=[application.pk]))
    page = html.content.decode()
    assert "<details><summary>What changed" in page
    assert "learning_outcomes" not in page  # field names as people see them
    assert "application.updated" not in page


def _complete() -> dict[str, object]:
    from tests.applications.conftest import LISTING_VALUES

    return {k: v for k, v in LISTING_VALUES.items() if k not in ("title", "credits")}


def test_decision_forms_disappear_once_decided(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    evaluate = reverse("applications:evaluate", args=[application.pk])
    assert "Approve (LOR-13.2)" in quality_assurer.client.get(evaluate).content.decode()
    services.application_decline(
        actor=quality_assurer.user, application=application, reasons="Not enough evidence."
    )
    html = quality_assurer.client.get(evaluate).content.decode()
    assert "Decision: Declined" in html
    for gone in ("Approve (LOR-13.2)", "Decline (LOR-13.3)", "Send the request", 'value="judge"'):
        assert gone not in html
    assert 'name="criterion"' not in html
    assert "Criterion 1 Title and learning outcomes</strong>: <span" in html  # verdict, read-only


def test_the_reply_and_its_document_go_in_one_form(
    make_draft: MakeDraft, developer: Persona, quality_assurer: Persona
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = _in_evaluation(make_draft, developer, quality_assurer)
    services.information_request(
        actor=quality_assurer.user,
        application=application,
        questions="Send the survey.",
        due_on=date(2026, 3, 20),
    )
    url = reverse("applications:reply", args=[application.pk])
    upload = SimpleUploadedFile("survey.pdf", pdf_bytes(), content_type="application/pdf")
    response = developer.client.post(url, {"reply": "Survey attached.", "file": upload})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "in_evaluation"
    request = application.information_requests.get()
    assert [a.original_name for a in request.attachments.all()] == ["survey.pdf"]


def test_a_bad_document_keeps_the_reply_unsent_and_typed(
    make_draft: MakeDraft, developer: Persona, quality_assurer: Persona
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = _in_evaluation(make_draft, developer, quality_assurer)
    services.information_request(
        actor=quality_assurer.user,
        application=application,
        questions="Send the survey.",
        due_on=date(2026, 3, 20),
    )
    url = reverse("applications:reply", args=[application.pk])
    upload = SimpleUploadedFile("survey.exe", b"MZ not a document", content_type="text/plain")
    response = developer.client.post(url, {"reply": "Forty employers answered.", "file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Forty employers answered." in html
    assert "Choose the document again." in html
    application.refresh_from_db()
    assert application.status == "information_requested"


def test_a_question_not_asked_of_this_applicant_is_not_shown() -> None:
    application = Application(
        application_type=ApplicationType.LISTING_APPROVAL_ACCREDITATION,
        status="submitted",
        **ACCREDITATION_VALUES,
    )
    shown = content.parts(application, services.drafts.content_of(application))
    names = [f.name for p in shown for f in p.fields]
    labels = [f.label for p in shown for f in p.fields]
    assert "approval_holder_support" not in names  # it holds the approval it applies under
    assert "Learning outcomes" in labels  # labels say what a field is, not how to type it
