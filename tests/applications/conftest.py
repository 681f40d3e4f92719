"""Builders the application tests share: complete drafts, submitted and evaluated applications."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine

from tests.conftest import Persona
from tohu.applications import services
from tohu.applications.models import Application, ApplicationType
from tohu.organisations.models import Organisation

TODAY = date(2026, 3, 2)

LISTING_VALUES: dict[str, Any] = {
    "title": "Safe Forklift Operation",
    "level": 3,
    "credits": 5,
    "notional_hours": 50,
    "nzsced_code": "030399",
    "purpose_use": "Used by warehouses across New Zealand to show safe forklift operation.",
    "purpose_relevance": "Relevant to learners, whānau, employers and the logistics industry.",
    "purpose_outcomes": "Graduates can operate a counterbalance forklift safely.",
    "purpose_pathways": "none",
    "purpose_contribution": "Supports employment in logistics and warehousing.",
    "review_period_years": 3,
    "learning_outcomes": ["Operate a forklift safely", "Inspect a forklift before use"],
    "assessment": "Practical observation and a written test.",
    "entry_requirements": "None.",
    "rpl_credit_transfer": "RPL against the outcomes by practical assessment.",
    "delivery_modes": "Face to face and on the job.",
    "evidence_of_need": "Employers report a shortage of certified operators.",
    "evidence_sources": "Survey of 40 warehouse employers, 2025.",
    "stakeholder_consultation": "Consulted the ISB and three employers.",
    "isb_support": "provided",
}
ACCREDITATION_VALUES: dict[str, Any] = {
    "accreditation_delivery": "Delivered at our Dunedin campus with a training yard.",
    "accreditation_assessment": "Qualified assessors; internal moderation.",
    "accreditation_resources": "Two forklifts and two qualified tutors.",
    "accreditation_learner_support": "Enrolment, identity, records and complaints.",
}
EQUIVALENCY_VALUES: dict[str, Any] = {
    "title": "GrowSafe Standard",
    "equivalency_aims": "Safe use of agrichemicals on farms.",
    "learning_outcomes": ["Apply agrichemicals safely"],
    "level": 3,
    "credits": 10,
    "notional_hours": 100,
}


@pytest.fixture(autouse=True)
def frozen_day() -> Any:
    """Freeze the clock on a working day in 2026 (ISBs apply; WDCs have gone)."""
    with time_machine.travel(date(2026, 3, 2), tick=True) as traveller:
        yield traveller


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"


def pdf_bytes(size: int = 200) -> bytes:
    return b"%PDF-1.7\n" + b"0" * size + b"\n%%EOF\n"


def office_bytes(kind: str = "docx") -> bytes:
    part = {"docx": ("word/document.xml", "wordprocessingml.document"),
            "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet")}[kind]  # fmt: skip
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/{part[0]}" ContentType="application/'
        f'vnd.openxmlformats-officedocument.{part[1]}.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        # a fixed time in each entry, so the same document is the same bytes whenever it is made
        for name, text in (("[Content_Types].xml", types), (part[0], "<document/>")):
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            package.writestr(entry, text, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def attach(persona: Persona, application: Application, content: bytes, name: str, **kw: Any) -> Any:
    return services.attachment_add(
        actor=persona.user,
        application=application,
        stream=io.BytesIO(content),
        name=name,
        size=len(content),
        purpose=kw.pop("purpose", "other"),
        **kw,
    )


MakeDraft = Callable[..., Application]


@pytest.fixture
def make_draft(media: Any) -> MakeDraft:
    """Return a builder of complete drafts by a persona, of any type."""

    def build(
        persona: Persona,
        application_type: str = ApplicationType.LISTING_APPROVAL,
        *,
        micro_credential: Any = None,
        complete: bool = True,
        **values: Any,
    ) -> Application:
        assert persona.organisation is not None
        application = services.application_create(
            actor=persona.user,
            organisation=persona.organisation,
            application_type=application_type,
            micro_credential=micro_credential,
        )
        content: dict[str, Any] = {}
        if complete:
            if application_type == ApplicationType.EQUIVALENCY:
                content.update(EQUIVALENCY_VALUES)
            elif application_type != ApplicationType.ACCREDITATION:
                content.update(LISTING_VALUES)
            if application_type in (
                ApplicationType.ACCREDITATION,
                ApplicationType.LISTING_APPROVAL_ACCREDITATION,
            ):
                content.update(ACCREDITATION_VALUES)
            if application_type == ApplicationType.CHANGE:
                content.update(change_summary="Credits raised from 5 to 6.", credits=6,
                               notional_hours=60)  # fmt: skip
        content.update(values)
        if content:
            application = services.application_update(
                actor=persona.user,
                application=application,
                changes=content,
                expected_version=application.edit_version,
            )
        if complete and content.get("isb_support") == "provided":
            attach(persona, application, pdf_bytes(), "support.pdf", purpose="support_letter")
        return application

    return build


@pytest.fixture
def evaluated(make_draft: MakeDraft, quality_assurer: Persona) -> Callable[..., Application]:
    """Return a builder of applications submitted, in evaluation and with every criterion met."""

    def build(persona: Persona, application_type: str = ApplicationType.LISTING_APPROVAL,
              *, evaluator: Persona | None = None, **kwargs: Any) -> Application:  # fmt: skip
        evaluator = evaluator or quality_assurer
        application = make_draft(persona, application_type, **kwargs)
        services.application_submit(actor=persona.user, application=application)
        services.application_begin_evaluation(actor=evaluator.user, application=application)
        for criterion in services.application_criteria(application):
            services.criterion_judge(
                actor=evaluator.user,
                application=application,
                criterion=criterion.code,
                verdict="met",
            )
        return application

    return build


@pytest.fixture
def employer_org(db: None) -> Organisation:
    from tests.factories import OrganisationFactory

    return OrganisationFactory.create(
        name="NZ Agrichemical Education Trust", slug="agrichem", org_type="professional_body",
        moe_number="", email="trust@example.org.nz",
    )  # fmt: skip


@pytest.fixture
def employer(employer_org: Organisation) -> Persona:
    from tests.conftest import _persona
    from tohu.organisations.models import Role

    return _persona("trust-admin", employer_org, Role.ADMIN)


__all__ = ["TODAY", "attach", "office_bytes", "pdf_bytes"]


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Personas' passwords need no real hashing cost here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
