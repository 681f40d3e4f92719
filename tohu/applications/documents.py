"""The decision letter and the statement of equivalency, as PDFs and as public pages.

Each document's QR code opens its public page: the statement's entry on the public register of
statements, and for a decision letter a page at a signed address (the letter's reference alone
would let anyone read every decision).
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from tohu.applications.fees import fee_for
from tohu.applications.models import Application, ApplicationStatus, StatementOfEquivalency
from tohu.applications.services import application_criteria
from tohu.core import clock
from tohu.core.documents import (
    NZQA,
    DocumentParts,
    Issuer,
    Signatory,
    render_pdf,
)
from tohu.core.site import absolute_url
from tohu.organisations.models import Membership, Organisation, OrganisationType
from tohu.rulebook import RULES

LETTER_SALT = "tohu.applications.decision-letter"


def letter_token(application: Application) -> str:
    """The signed part of a decision letter's public address."""
    # no timestamp: a letter keeps one address
    return signing.Signer(salt=LETTER_SALT).sign(str(application.pk))


def application_for_letter_token(token: str) -> int | None:
    """The application whose letter carries this token; None when the token is not one."""
    try:
        value = signing.Signer(salt=LETTER_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isascii() and value.isdigit() else None


def letter_url(application: Application) -> str:
    return absolute_url(reverse("applications:letter-verify", args=[letter_token(application)]))


def statement_url(statement: StatementOfEquivalency) -> str:
    return absolute_url(reverse("applications:statement", args=[statement.number]))


def _issuer(organisation: Organisation | None) -> Issuer:
    """The letterhead: the quality assurer that decided (NZQA unless Universities NZ did)."""
    if organisation is not None and organisation.org_type == OrganisationType.UNIVERSITIES_NZ:
        return Issuer(organisation.name)
    return NZQA


def signatory(application: Application) -> tuple[Signatory | None, Organisation | None]:
    """Who decided, with their role at the quality assurer they decided for."""
    person = application.decided_by
    if person is None:
        return None, None
    membership = (
        Membership.objects.filter(
            user=person,
            organisation__org_type__in=[OrganisationType.NZQA, OrganisationType.UNIVERSITIES_NZ],
        )
        .select_related("organisation")
        .order_by("-role")
        .first()
    )
    name = person.get_full_name() or person.get_username()
    if membership is None:
        return Signatory(name, "Quality assurer", NZQA.name), None
    role = membership.get_role_display()
    return Signatory(name, role, membership.organisation.name), membership.organisation


def _addressee(organisation: Organisation) -> list[str]:
    lines = [organisation.name]
    if organisation.email:
        lines.append(organisation.email)
    return lines


def letter_parts(application: Application) -> DocumentParts:
    person, assurer = signatory(application)
    listing = application.micro_credential
    next_review = (
        listing.next_review_due
        if listing is not None and application.status == ApplicationStatus.APPROVED
        else None
    )
    decided = application.decided_at
    return DocumentParts(
        issuer=_issuer(assurer),
        addressee=_addressee(application.applicant),
        dated=timezone.localdate(decided) if decided is not None else clock.today(),
        reference=application.reference,
        signatory=person,
        verify_url=letter_url(application),
        next_review_due=next_review,
    )


def _listing_url(application: Application) -> str:
    listing = application.micro_credential
    if listing is None:
        return ""
    return absolute_url(reverse("register:detail", args=[listing.listing_number]))


def letter_context(application: Application) -> dict[str, Any]:
    """What the decision letter says: the decision, reasons, criteria and rules applied."""
    judgements = {j.criterion: j for j in application.judgements.all()}
    criteria = [
        {"criterion": c, "judgement": judgements.get(c.code)}
        for c in application_criteria(application)
    ]
    rule_ids = ["LOR-13.2" if application.status == "approved" else "LOR-13.3"]
    rule_ids += sorted({c.rule_id for c in application_criteria(application)})
    return {
        "application": application,
        "doc": letter_parts(application),
        "criteria": criteria,
        "conditions": list(application.conditions.all()),
        "rules": [(rule_id, RULES.get(rule_id)) for rule_id in rule_ids],
        "fee": fee_for(application),
        "statement": getattr(application, "statement", None),
        "listing_url": (
            absolute_url(
                reverse("register:detail", args=[application.micro_credential.listing_number])
            )
            if application.micro_credential is not None
            else ""
        ),
    }


def statement_parts(statement: StatementOfEquivalency) -> DocumentParts:
    person, assurer = signatory(statement.application)
    return DocumentParts(
        issuer=_issuer(assurer),
        addressee=_addressee(statement.organisation),
        dated=statement.issued_on,
        reference=statement.number,
        signatory=person,
        verify_url=statement_url(statement),
        wording="statement",
    )


def decision_letter_pdf(application: Application) -> bytes:
    return render_pdf("applications/documents/letter.html", letter_context(application))


def statement_pdf(statement: StatementOfEquivalency) -> bytes:
    context = {"statement": statement, "doc": statement_parts(statement)}
    return render_pdf("applications/documents/statement.html", context)
