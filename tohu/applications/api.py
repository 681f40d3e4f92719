"""The applications endpoints under /api/v1/: an applicant's systems create, update, submit and
read their own organisation's applications and pre-check findings with its API key.

Evaluators act through the web.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from tohu.applications import selectors, services
from tohu.applications.models import Application, ApplicationType
from tohu.applications.precheck import findings_from_json
from tohu.core.api_auth import key_principal, keyed
from tohu.core.api_input import InputSchema
from tohu.core.pagination import PageQuery, keyset_page, page_body, page_schema
from tohu.core.principal import Scope
from tohu.core.problems import ProblemOut
from tohu.register.selectors import micro_credential_by_number
from tohu.rulebook import Problem

router = Router(tags=["applications"])


class FindingOut(Schema):
    rule_id: str = Field(description="The rule in domain/rules.md, e.g. LOR-6.1d")
    severity: str = Field(description="block (stops submission), flag (for the evaluator), info")
    field: str
    message: str


class ApplicationContent(InputSchema):
    """The draft's content; every field is optional, and only those sent are changed."""

    title: str | None = None
    title_mi: str | None = None
    level: int | None = Field(None, ge=1, le=10, description="NZQCF level (LOR-3-level)")
    credits: int | None = Field(None, ge=0, le=999)
    notional_hours: int | None = Field(None, ge=0, le=100000)
    nzsced_code: str | None = Field(None, max_length=6, description="Six digits (LOR-6.1c)")
    purpose_use: str | None = None
    purpose_relevance: str | None = None
    purpose_outcomes: str | None = None
    purpose_pathways: str | None = None
    purpose_contribution: str | None = None
    purpose_mi: str | None = None
    in_te_reo_maori: bool | None = None
    developer_name: str | None = None
    standards_used: list[str] | None = None
    review_period_years: int | None = Field(None, ge=0, le=99)
    title_names_declared: bool | None = None
    title_names_justification: str | None = None
    learning_outcomes: list[str] | None = None
    assessment: str | None = None
    entry_requirements: str | None = None
    rpl_credit_transfer: str | None = None
    delivery_modes: str | None = None
    evidence_of_need: str | None = None
    evidence_sources: str | None = None
    stakeholder_consultation: str | None = None
    isb_support: str | None = Field(None, description="provided, declined, not_sought or ''")
    te_hono: bool | None = None
    te_hono_summary: str | None = None
    accreditation_delivery: str | None = None
    accreditation_assessment: str | None = None
    accreditation_resources: str | None = None
    accreditation_learner_support: str | None = None
    approval_holder_support: str | None = None
    change_summary: str | None = None
    equivalency_aims: str | None = None
    bundle_size: int | None = Field(None, ge=1, le=10, description="EQV-fee bundle, 1 to 10")


class ApplicationCreate(ApplicationContent):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "application_type": "listing_approval",
                    "title": "Safe Forklift Operation",
                    "level": 3,
                    "credits": 5,
                    "notional_hours": 50,
                }
            ]
        }
    )

    application_type: ApplicationType = Field(description="APP-types, or equivalency", strict=False)
    listing_number: str | None = Field(
        None, description="The micro-credential to accredit or change"
    )


class ApplicationUpdate(ApplicationContent):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"edit_version": 3, "credits": 6, "notional_hours": 60}]}
    )

    edit_version: int = Field(
        description="The edit_version you read; a later save by someone else answers 409"
    )


class ApplicationOut(ApplicationContent):
    model_config = ConfigDict(extra="ignore", strict=False)

    id: int
    reference: str
    application_type: str
    status: str
    applicant: str
    listing_number: str | None
    edit_version: int
    submitted_at: datetime | None
    decided_at: datetime | None
    decision_reasons: str
    findings: list[FindingOut]


class ApplicationSummary(Schema):
    id: int
    reference: str
    application_type: str
    status: str
    title: str
    listing_number: str | None
    edit_version: int
    submitted_at: datetime | None
    decided_at: datetime | None


class ApplicationQuery(PageQuery):
    status: str | None = Field(None, description="Only applications in this status.")


ApplicationPage = page_schema("ApplicationPage", ApplicationSummary)


def _findings(application: Application) -> list[Problem]:
    if application.status == "draft":
        return selectors.precheck_for(application)
    return findings_from_json(application.precheck)


def _out(application: Application) -> dict[str, Any]:
    content = {name: getattr(application, name) for name in services.EDITABLE_FIELDS}
    return {
        **content,
        "id": application.pk,
        "reference": application.reference,
        "application_type": application.application_type,
        "status": application.status,
        "applicant": application.applicant.slug,
        "listing_number": getattr(application.micro_credential, "listing_number", None),
        "edit_version": application.edit_version,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "decision_reasons": application.decision_reasons,
        "findings": [f.__dict__ | {"severity": str(f.severity)} for f in _findings(application)],
    }


def _summary(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "reference": application.reference,
        "application_type": application.application_type,
        "status": application.status,
        "title": application.title,
        "listing_number": getattr(application.micro_credential, "listing_number", None),
        "edit_version": application.edit_version,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
    }


ERRORS = {400: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut}


@router.get(
    "/applications",
    response=ApplicationPage,
    auth=keyed(Scope.APPLICATIONS_READ),
    summary="List your organisation's applications",
)
def list_applications(
    request: HttpRequest, response: HttpResponse, filters: Query[ApplicationQuery]
) -> dict[str, Any]:
    """Your organisation's applications in the order they were started, a page at a time
    (follow `next`); filter by `status`, or by `updated_since` for what changed."""
    applications = selectors.applications_for_applicant(key_principal(request))
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.updated_since:
        applications = applications.filter(updated_at__gte=filters.updated_since)
    rows, cursor = keyset_page(applications, filters)
    latest = max((a.updated_at for a in rows), default=None)
    return page_body(request, response, [_summary(a) for a in rows], cursor, latest)


@router.post(
    "/applications",
    response={201: ApplicationOut, **ERRORS},
    auth=keyed(Scope.APPLICATIONS_WRITE),
    summary="Start a draft application",
)
def create_application(request: HttpRequest, payload: ApplicationCreate) -> Status[Any]:
    """Start a draft; who may apply for which type follows APP-who (and EQV-who)."""
    principal = key_principal(request)
    micro_credential = (
        micro_credential_by_number(principal, payload.listing_number)
        if payload.listing_number
        else None
    )
    application = services.application_create(
        actor=principal,
        organisation=principal.organisation,
        application_type=payload.application_type,
        micro_credential=micro_credential,
    )
    changes = payload.dict(exclude_unset=True, exclude={"application_type", "listing_number"})
    if changes:
        application = services.application_update(
            actor=principal,
            application=application,
            changes=changes,
            expected_version=application.edit_version,
        )
    return Status(201, _out(selectors.application_for(principal, application.pk)))


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, 404: ProblemOut},
    auth=keyed(Scope.APPLICATIONS_READ),
    summary="Read one of your applications with its findings",
)
def get_application(request: HttpRequest, application_id: int) -> dict[str, Any]:
    return _out(selectors.application_for(key_principal(request), application_id))


@router.patch(
    "/applications/{application_id}",
    response={200: ApplicationOut, **ERRORS},
    auth=keyed(Scope.APPLICATIONS_WRITE),
    summary="Change a draft (only the fields sent)",
)
def update_application(
    request: HttpRequest, application_id: int, payload: ApplicationUpdate
) -> dict[str, Any]:
    """Send `edit_version` as read: if someone saved since, answer 409 and change nothing."""
    principal = key_principal(request)
    application = selectors.application_for(principal, application_id)
    changes = payload.dict(exclude_unset=True, exclude={"edit_version"})
    services.application_update(
        actor=principal,
        application=application,
        changes=changes,
        expected_version=payload.edit_version,
    )
    return _out(selectors.application_for(principal, application_id))


@router.get(
    "/applications/{application_id}/findings",
    response={200: list[FindingOut], 404: ProblemOut},
    auth=keyed(Scope.APPLICATIONS_READ),
    summary="The pre-check findings (live for a draft; as at submission afterwards)",
)
def application_findings(request: HttpRequest, application_id: int) -> list[dict[str, Any]]:
    application = selectors.application_for(key_principal(request), application_id)
    return [f.__dict__ | {"severity": str(f.severity)} for f in _findings(application)]


@router.post(
    "/applications/{application_id}/submit",
    response={200: ApplicationOut, **ERRORS},
    auth=keyed(Scope.APPLICATIONS_WRITE),
    summary="Submit a draft; block findings refuse it (400 with each problem)",
)
def submit_application(request: HttpRequest, application_id: int) -> dict[str, Any]:
    principal = key_principal(request)
    application = selectors.application_for(principal, application_id)
    services.application_submit(actor=principal, application=application)
    return _out(selectors.application_for(principal, application_id))


class ReplyIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reply": "The assessment plan is now attached."}]}
    )

    reply: str = Field(min_length=1)


@router.post(
    "/applications/{application_id}/reply",
    response={200: ApplicationOut, **ERRORS},
    auth=keyed(Scope.APPLICATIONS_WRITE),
    summary="Answer the open request for further information (LOR-13.1)",
)
def reply_to_request(request: HttpRequest, application_id: int, payload: ReplyIn) -> dict[str, Any]:
    principal = key_principal(request)
    application = selectors.application_for(principal, application_id)
    services.information_reply(actor=principal, application=application, reply=payload.reply)
    return _out(selectors.application_for(principal, application_id))


@router.post(
    "/applications/{application_id}/withdraw",
    response={200: ApplicationOut, **ERRORS},
    auth=keyed(Scope.APPLICATIONS_WRITE),
    summary="Withdraw a draft or submitted application",
)
def withdraw_application(request: HttpRequest, application_id: int) -> dict[str, Any]:
    principal = key_principal(request)
    application = selectors.application_for(principal, application_id)
    services.application_withdraw(actor=principal, application=application)
    return _out(selectors.application_for(principal, application_id))


class AttachmentOut(Schema):
    id: int
    original_name: str
    kind: str = Field(description="pdf, docx or xlsx, as the content says")
    size: int
    sha256: str
    purpose: str


@router.post(
    "/applications/{application_id}/attachments",
    response={201: AttachmentOut, **ERRORS},
    auth=keyed(Scope.APPLICATIONS_WRITE),
    summary="Attach a PDF, DOCX or XLSX (up to 20 MB; the type is checked from the content)",
)
def add_attachment(
    request: HttpRequest,
    application_id: int,
    file: File[UploadedFile],
    purpose: Form[str] = "other",
) -> Status[Any]:
    """A disguised file (an .exe named .pdf, a ZIP named .docx) is refused with 400."""
    principal = key_principal(request)
    application = selectors.application_for(principal, application_id)
    attachment = services.attachment_add(
        actor=principal,
        application=application,
        stream=file,
        name=file.name or "document",
        size=file.size or 0,
        purpose=purpose,
    )
    return Status(
        201,
        {
            "id": attachment.pk,
            "original_name": attachment.original_name,
            "kind": attachment.kind,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "purpose": attachment.purpose,
        },
    )
