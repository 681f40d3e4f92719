"""Decision letters and statements: letterhead, addressee, date, reference, signatory, review
date, reconsideration wording, and a verification address (with its QR code) that opens the
public page for that document."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import segno
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tests.applications.conftest import MakeDraft
from tests.conftest import Persona
from tohu.applications import documents, services
from tohu.applications.models import Application, ApplicationType
from tohu.rulebook import day_text

pytestmark = pytest.mark.django_db


def pdf_text(document: bytes) -> str:
    """The text of every page, with line breaks and repeated spaces folded to one space."""
    reader = PdfReader(io.BytesIO(document))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_links(document: bytes) -> list[str]:
    found = []
    for page in PdfReader(io.BytesIO(document)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def _named(persona: Persona, first: str, last: str) -> None:
    persona.user.first_name, persona.user.last_name = first, last  # type: ignore[attr-defined]
    persona.user.save()


def test_an_approval_letter_has_every_part_a_kept_letter_needs(
    evaluated: Callable[..., Application],
    developer: Persona,
    quality_assurer: Persona,
    public: Client,
) -> None:
    _named(quality_assurer, "Aroha", "Ngata")
    application = evaluated(developer)
    services.application_approve(
        actor=quality_assurer.user, application=application, reasons="Met."
    )
    application.refresh_from_db()
    listing = application.micro_credential
    assert listing is not None
    assert listing.next_review_due is not None

    document = documents.decision_letter_pdf(application)
    text = pdf_text(document)
    assert "New Zealand Qualifications Authority" in text
    assert "Mana Tohu Mātauranga o Aotearoa" in text
    assert developer.organisation is not None
    assert developer.organisation.name in text
    decided = application.decided_at
    assert decided is not None
    assert f"Date {decided.day} " in text
    assert f"Reference {application.reference}" in text
    assert "Decided by Aroha Ngata Evaluator, New Zealand Qualifications Authority" in text
    due = listing.next_review_due
    assert f"Next review due {day_text(due)}" in text
    assert "within 20 working days of the date of this letter" in text
    assert "Ombudsman" in text

    verify_url = documents.letter_url(application)
    assert verify_url in pdf_links(document)
    assert f"/micro-credentials/{listing.listing_number}/" in " ".join(pdf_links(document))
    page = public.get(urlsplit(verify_url).path)
    assert page.status_code == 200
    html = page.content.decode()
    assert application.reference in html
    assert "approved" in html
    assert "Aroha Ngata, Evaluator" in html


def test_nzqa_sets_its_own_wording_for_each_kind_of_document(
    evaluated: Callable[..., Application],
    developer: Persona,
    quality_assurer: Persona,
    settings: Any,
) -> None:
    settings.TOHU_DECISION_RECONSIDERATION = (
        "To ask the {issuer} to look again at this decision, email reconsider@example.govt.nz."
    )
    application = evaluated(developer)
    services.application_approve(actor=quality_assurer.user, application=application)
    text = pdf_text(documents.decision_letter_pdf(application))
    assert (
        "To ask the New Zealand Qualifications Authority to look again at this decision, "
        "email reconsider@example.govt.nz." in text
    )
    assert "within 20 working days" not in text

    settings.TOHU_DECISION_RECONSIDERATION = ""
    text = pdf_text(documents.decision_letter_pdf(application))
    assert "within 20 working days of the date of this letter" in text


def test_the_qr_code_encodes_the_verification_address(
    evaluated: Callable[..., Application], developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    services.application_decline(actor=quality_assurer.user, application=application, reasons="No.")
    parts = documents.letter_parts(application)
    svg = base64.b64decode(parts.verify_qr.removeprefix("data:image/svg+xml;base64,"))
    expected = io.BytesIO()
    segno.make(parts.verify_url, error="m").save(
        expected, kind="svg", scale=3, border=4, title="Verify this document", xmldecl=False
    )
    assert svg == expected.getvalue()


def test_a_declined_letter_has_no_review_date_and_its_page_says_declined(
    evaluated: Callable[..., Application],
    developer: Persona,
    quality_assurer: Persona,
    public: Client,
) -> None:
    application = evaluated(developer)
    services.application_decline(
        actor=quality_assurer.user, application=application, reasons="No need shown."
    )
    text = pdf_text(documents.decision_letter_pdf(application))
    assert "Next review due" not in text
    assert "If you disagree with this decision" in text
    page = public.get(urlsplit(documents.letter_url(application)).path)
    assert "declined" in page.content.decode()
    # the reasons stay between the quality assurer and the applicant
    assert "No need shown." not in page.content.decode()


def test_a_made_up_or_altered_letter_address_finds_nothing(
    evaluated: Callable[..., Application],
    developer: Persona,
    quality_assurer: Persona,
    public: Client,
) -> None:
    application = evaluated(developer)
    services.application_decline(actor=quality_assurer.user, application=application, reasons="No.")
    token = documents.letter_token(application)
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert public.get(reverse("applications:letter-verify", args=[altered])).status_code == 404
    assert public.get(reverse("applications:letter-verify", args=["1"])).status_code == 404


def test_an_undecided_application_has_no_letter_page(
    evaluated: Callable[..., Application], developer: Persona, public: Client
) -> None:
    application = evaluated(developer)
    token = documents.letter_token(application)
    assert public.get(reverse("applications:letter-verify", args=[token])).status_code == 404


def test_the_statement_keeps_the_overseas_title_and_opens_its_register_entry(
    make_draft: MakeDraft,
    employer: Persona,
    quality_assurer: Persona,
    public: Client,
    settings: Any,
) -> None:
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_last_day=date(2026, 12, 31))
    _named(quality_assurer, "Aroha", "Ngata")
    application = make_draft(employer, ApplicationType.EQUIVALENCY)
    services.application_submit(actor=employer.user, application=application)
    services.application_begin_evaluation(actor=quality_assurer.user, application=application)
    for code in ("equivalency-level", "equivalency-credits"):
        services.criterion_judge(
            actor=quality_assurer.user, application=application, criterion=code, verdict="met"
        )
    services.application_approve(actor=quality_assurer.user, application=application)
    statement = application.statement

    document = documents.statement_pdf(statement)
    text = pdf_text(document)
    assert statement.title in text
    assert "(Micro-credential)" not in text
    assert "NZ Agrichemical Education Trust" in text
    assert f"Reference {statement.number}" in text
    assert "Decided by Aroha Ngata Evaluator, New Zealand Qualifications Authority" in text
    assert "to reconsider it within 20 working days" in text
    verify_url = documents.statement_url(statement)
    assert verify_url in pdf_links(document)

    page = public.get(urlsplit(verify_url).path)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Statement of equivalency {statement.number}" in html
    assert f"{statement.credits} credits at level {statement.level}" in html
    register = public.get(reverse("applications:statements")).content.decode()
    assert "(Micro-credential)" not in register
    assert reverse("applications:statement", args=[statement.number]) in register


def test_every_pdf_is_drawn_by_the_one_helper() -> None:
    root = Path(__file__).resolve().parents[2] / "tohu"
    drawing = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "write_pdf(" in path.read_text(encoding="utf-8")
    )
    assert drawing == ["core/documents.py"]
