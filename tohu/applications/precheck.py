"""The pre-check: every rule the rulebook can check on an application, in plain words.

Block findings stop submission; flags travel with the application to the evaluator.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from tohu.applications.models import Application, AttachmentPurpose
from tohu.core import policy
from tohu.register.models import FieldOfStudy
from tohu.rulebook import ApplicationType as Kind
from tohu.rulebook import (
    ListingDetails,
    Problem,
    Severity,
    check_accreditation_target,
    check_bundle_size,
    check_consent_to_assess,
    check_equivalency_outcome,
    check_listing,
    check_may_apply,
    check_support_letter,
)


def listing_details(application: Application) -> ListingDetails:
    """Return the application's listing details as the rulebook sees them."""
    return ListingDetails(
        title=application.title,
        title_mi=application.title_mi,
        level=application.level,
        credits=application.credits,
        notional_hours=application.notional_hours,
        nzsced_code=application.nzsced_code,
        purpose_i=application.purpose_use,
        purpose_ii=application.purpose_relevance,
        purpose_iii=application.purpose_outcomes,
        purpose_iv=application.purpose_pathways,
        purpose_v=application.purpose_contribution,
        purpose_mi=application.purpose_mi,
        in_te_reo_maori=application.in_te_reo_maori,
        developer_name=application.developer_name,
        standards_used=tuple(application.standards_used),
        review_period_years=application.review_period_years,
        title_names_declared=application.title_names_declared,
        title_names_justification=application.title_names_justification,
        te_hono=application.te_hono,
        te_hono_summary=application.te_hono_summary,
    )


# the rulebook names the purpose parts by number; the form names them by what they say
_FIELD_NAMES = {
    "purpose_i": "purpose_use",
    "purpose_ii": "purpose_relevance",
    "purpose_iii": "purpose_outcomes",
    "purpose_iv": "purpose_pathways",
    "purpose_v": "purpose_contribution",
}


def _on_form(finding: Problem) -> Problem:
    field = _FIELD_NAMES.get(finding.field)
    if field is None:
        return finding
    return replace(finding, field=field)


def _known_codes() -> frozenset[str] | None:
    codes = frozenset(FieldOfStudy.objects.values_list("code", flat=True))
    return codes or None


def _missing(application: Application, fields: dict[str, str], rule_id: str) -> list[Problem]:
    return [
        Problem(rule_id, f"{label} is not described yet.", field=name, severity=Severity.FLAG)
        for name, label in fields.items()
        if not str(getattr(application, name)).strip()
    ]


def _approval_findings(application: Application) -> list[Problem]:
    findings: list[Problem] = []
    if not [outcome for outcome in application.learning_outcomes if str(outcome).strip()]:
        message = "Give at least one learning outcome."
        findings.append(
            Problem("MAAR-approval", message, field="learning_outcomes", severity=Severity.BLOCK)
        )
    findings += _missing(
        application,
        {
            "assessment": "Assessment",
            "entry_requirements": "Entry requirements",
            "rpl_credit_transfer": "Recognition of prior learning and credit transfer",
            "delivery_modes": "Delivery modes",
            "evidence_of_need": "The evidence of need",
            "evidence_sources": "The sources of the evidence of need",
            "stakeholder_consultation": "Stakeholder consultation",
        },
        "MAAR-approval",
    )
    micro_credential = application.micro_credential
    findings += check_support_letter(
        application.rulebook_type,
        org_type=application.applicant.org_type,
        support=application.isb_support,
        listed_on=micro_credential.listed_on if micro_credential is not None else None,
        cutover_2022=policy.current().rules_2022_cutover,
    )
    has_letter = any(
        a.purpose == AttachmentPurpose.SUPPORT_LETTER for a in application.attachments.all()
    )
    if application.isb_support == "provided" and not has_letter:
        message = "The support letter is said to be provided but is not attached."
        findings.append(
            Problem("WDC-support", message, field="isb_support", severity=Severity.FLAG)
        )
    return findings


def _accreditation_findings(application: Application) -> list[Problem]:
    findings = _missing(
        application,
        {
            "accreditation_delivery": "Delivery",
            "accreditation_assessment": "Assessment and moderation",
            "accreditation_resources": "Resources and staff",
            "accreditation_learner_support": "Learner support and administration",
        },
        "MAAR-accreditation",
    )
    micro_credential = application.micro_credential
    holds_approval = micro_credential is None or (
        micro_credential.developer_id == application.applicant_id
    )
    if not holds_approval and not application.approval_holder_support.strip():
        message = "You do not hold the approval: describe the approval holder's support."
        findings.append(
            Problem(
                "MAAR-accreditation",
                message,
                field="approval_holder_support",
                severity=Severity.FLAG,
            )
        )
    standards = application.standards_used or (
        micro_credential.current_version.standards_used
        if micro_credential is not None and micro_credential.current_version is not None
        else []
    )
    return findings + check_consent_to_assess(standards)


def _equivalency_findings(application: Application) -> list[Problem]:
    findings = []
    if not application.title.strip():
        message = "Give the title of the micro-credential."
        findings.append(Problem("EQV-out", message, field="title", severity=Severity.BLOCK))
    if not application.equivalency_aims.strip():
        message = "Describe the aims of the micro-credential."
        findings.append(
            Problem("EQV-out", message, field="equivalency_aims", severity=Severity.BLOCK)
        )
    if not [outcome for outcome in application.learning_outcomes if str(outcome).strip()]:
        message = "Give at least one learning outcome."
        findings.append(
            Problem("EQV-out", message, field="learning_outcomes", severity=Severity.BLOCK)
        )
    findings += check_equivalency_outcome(
        level=application.level,
        credits=application.credits,
        notional_hours=application.notional_hours,
    )
    findings += check_bundle_size(application.bundle_size)
    return findings


def run_precheck(application: Application, *, on: date) -> list[Problem]:
    """Run every check that applies to the application, as on the day, in rule order."""
    kind = application.rulebook_type
    findings = check_may_apply(
        kind,
        application.applicant.org_type,
        on=on,
        equivalency_last_day=policy.current().equivalency_last_day,
    )
    if kind is Kind.EQUIVALENCY:
        return findings + _equivalency_findings(application)
    micro_credential = application.micro_credential
    if kind in (Kind.ACCREDITATION, Kind.CHANGE):
        status = micro_credential.status if micro_credential is not None else None
        findings += check_accreditation_target(kind, listing_status=status)
    if application.has_listing_details:
        listing = check_listing(
            listing_details(application),
            on=on,
            known_nzsced_codes=_known_codes(),
            cutover_2022=policy.current().rules_2022_cutover,
        )
        findings += [_on_form(finding) for finding in listing]
    if kind is Kind.CHANGE and not application.change_summary.strip():
        message = "Summarise what changes from the listed version."
        findings.append(Problem("VER-1", message, field="change_summary", severity=Severity.BLOCK))
    if application.has_approval_content:
        findings += _approval_findings(application)
    if application.has_accreditation_content:
        findings += _accreditation_findings(application)
    return findings


def findings_as_json(findings: list[Problem]) -> list[dict[str, Any]]:
    # what a submission stores, as it always has: a finding has no row or value
    return [
        {
            "rule_id": finding.rule_id,
            "severity": str(finding.severity),
            "field": finding.field,
            "message": finding.message,
        }
        for finding in findings
    ]


def findings_from_json(stored: list[dict[str, Any]]) -> list[Problem]:
    return [
        Problem(
            item["rule_id"],
            item["message"],
            field=item["field"],
            severity=Severity(item["severity"]),
        )
        for item in stored
    ]
