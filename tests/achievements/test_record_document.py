"""The Record of Achievement PDF: a kept document (letterhead, reference, verification address
and QR code), rows that never split across pages, links to the register, and totals that count
each micro-credential once (ROA-total)."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tests.achievements.conftest import HEADER, LISTING, csv_bytes, import_file
from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential, version_details
from tohu.achievements import documents, selectors
from tohu.core.principal import SYSTEM
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.register.models import MicroCredential
from tohu.rulebook import counted_versions


def _pages(document: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(document))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def _links(document: bytes) -> list[str]:
    found = []
    for page in PdfReader(io.BytesIO(document)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def _pdf(persona: Persona) -> bytes:
    response = persona.client.get(reverse("achievements:record-pdf"))
    assert response.status_code == 200
    return response.content


def test_counted_versions_keeps_the_latest_version_of_each_listing() -> None:
    held = [("1028", 1), ("1028", 2), ("2001", 1), ("1028", 3), ("3000", 2)]
    assert counted_versions(held) == {("1028", 3), ("2001", 1), ("3000", 2)}
    assert counted_versions([]) == set()


@pytest.fixture
def two_versions(
    provider: Persona, forklift: MicroCredential, learner: tuple[Persona, Learner]
) -> Learner:
    """The learner holds version 1 (5 credits) and version 2 (6 credits) of one listing."""
    register_services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=forklift,
        details=version_details(credits=6),
        approved_on=date(2025, 1, 1),
        effective_from=date(2025, 1, 1),
        change_summary="Credits raised from 5 to 6.",
    )
    outcome = import_file(
        provider,
        csv_bytes(HEADER, f"0012345678,{LISTING},2024-06-01", f"0012345678,{LISTING},2025-05-01"),
    ).outcome
    assert outcome.rows_recorded == 2
    return learner[1]


def test_a_superseded_version_is_not_counted_twice(
    learner: tuple[Persona, Learner], two_versions: Learner
) -> None:
    record = selectors.shared_record(two_versions)
    assert [(e.version_number, e.counted) for e in record.completions] == [(2, True), (1, False)]
    assert (record.count, record.total_credits) == (1, 6)
    assert record.credits_by_level == [(3, 1, 6)]
    page = learner[0].client.get(reverse("achievements:record")).content.decode()
    assert "Total: 1 micro-credential" in page
    assert "An earlier version: the later one is counted in the totals (ROA-total)." in page
    text = " ".join(_pages(_pdf(learner[0])))
    assert "Total: 1 micro-credential 6" in text


def test_the_record_pdf_is_a_kept_document_whose_qr_address_opens_the_record(
    learner: tuple[Persona, Learner], two_versions: Learner, public: Client
) -> None:
    document = _pdf(learner[0])
    text = " ".join(_pages(document))
    assert "New Zealand Qualifications Authority" in text
    assert "National Student Number 0012345678" in text
    assert "Date 16 Jun 2025" in text
    assert "Reference NZROA-0012345678-20250616" in text
    assert "If something is wrong" in text
    # the footer's words are the interface's (translated like the rest), around the page counters
    assert "Page 1 of 1" in text
    parts = documents.record_parts(two_versions, date(2025, 6, 16))
    links = _links(document)
    assert parts.verify_url in links
    assert f"http://127.0.0.1:8000/micro-credentials/{LISTING}/" in links

    page = public.get(urlsplit(parts.verify_url).path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Checked by Tohu" in html
    assert "Introduction to Forklift Operation (Micro-credential)" in html
    assert page["X-Robots-Tag"] == "noindex"


def test_the_record_carries_nzqa_s_own_corrections_wording_when_set(
    learner: tuple[Persona, Learner], two_versions: Learner, settings: object
) -> None:
    text = " ".join(_pages(_pdf(learner[0])))
    assert "ask the provider that reported it to correct it" in text

    settings.TOHU_RECORD_CORRECTIONS = "Write to the {issuer} about any error on this record."  # type: ignore[attr-defined]
    text = " ".join(_pages(_pdf(learner[0])))
    assert "Write to the New Zealand Qualifications Authority about any error" in text
    assert "ask the provider that reported it" not in text


def test_a_made_up_record_address_finds_nothing(public: Client, db: None) -> None:
    response = public.get(reverse("achievements:record-verify", args=["1.20250616:forged"]))
    assert response.status_code == 404


def test_no_row_of_a_long_record_splits_across_pages(
    learner: tuple[Persona, Learner], isb: Organisation, provider: Persona
) -> None:
    organisation = provider.organisation
    assert organisation is not None
    persona, me = learner
    lines = [HEADER]
    titles = {}
    for n in range(70):
        number = str(6000 + n)
        # long titles and Māori titles make rows of two to four lines, as real ones are
        title = f"Entry {n:02d} " + "Applied Workplace Health and Safety Practice " * (1 + n % 3)
        listed_micro_credential(
            developer=isb,
            listing_number=number,
            title=title.strip(),
            title_mi=f"Te Tohu {n:02d} Haumaru" if n % 2 else "",
        )
        accredit(organisation, MicroCredential.objects.get(listing_number=number))
        lines.append(f"{me.nsn},{number},2025-05-01")
        titles[number] = f"Entry {n:02d}"
    assert import_file(provider, csv_bytes(*lines)).outcome.rows_recorded == 70

    pages = _pages(_pdf(persona))
    assert len(pages) >= 3
    for number, title in titles.items():
        with_title = [i for i, text in enumerate(pages) if title in text]
        with_data = [i for i, text in enumerate(pages) if f"{number} v1" in text]
        assert len(with_title) == 1, f"{title} is on pages {with_title}"
        assert with_title == with_data, f"listing {number}: title {with_title}, data {with_data}"
