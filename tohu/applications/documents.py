"""PDF documents from HTML templates (WeasyPrint): the decision letter and the statement."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from tohu.applications.fees import fee_for
from tohu.applications.models import Application, StatementOfEquivalency
from tohu.applications.services import application_criteria
from tohu.rulebook import RULES


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string(template, context)
    document: bytes = HTML(string=html, base_url=settings.SITE_URL).write_pdf()
    return document


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
        "criteria": criteria,
        "conditions": list(application.conditions.all()),
        "rules": [(rule_id, RULES.get(rule_id)) for rule_id in rule_ids],
        "fee": fee_for(application),
        "statement": getattr(application, "statement", None),
    }


def decision_letter_pdf(application: Application) -> bytes:
    return _pdf("applications/documents/letter.html", letter_context(application))


def statement_pdf(statement: StatementOfEquivalency) -> bytes:
    return _pdf("applications/documents/statement.html", {"statement": statement})
