"""The Record of Achievement as a PDF, and the public page its QR code opens.

The QR code carries a signed address naming the learner and the day the PDF was made; the page
shows what Tohu holds for that learner today, achieved up to that day, so anyone handed the PDF
can check it without seeing anything achieved since.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

from tohu.achievements.selectors import RecordOfAchievement
from tohu.core.documents import NZQA, DocumentParts, render_pdf
from tohu.core.site import absolute_url
from tohu.learners.models import Learner

RECORD_SALT = "tohu.achievements.record-pdf"


def record_token(learner: Learner, made_on: date) -> str:
    # no timestamp: a record made on one day keeps one address
    return signing.Signer(salt=RECORD_SALT).sign(f"{learner.pk}.{made_on:%Y%m%d}")


def read_record_token(token: str) -> tuple[int, date] | None:
    """The learner and day a record PDF's address names; None when it is not one."""
    try:
        learner_id, made_on = signing.Signer(salt=RECORD_SALT).unsign(token).split(".")
        return int(learner_id), datetime.strptime(made_on, "%Y%m%d").date()  # noqa: DTZ007
    except (signing.BadSignature, ValueError):
        return None


def record_reference(learner: Learner, made_on: date) -> str:
    return f"NZROA-{learner.nsn}-{made_on:%Y%m%d}"


def record_parts(learner: Learner, made_on: date) -> DocumentParts:
    verify = reverse("achievements:record-verify", args=[record_token(learner, made_on)])
    return DocumentParts(
        issuer=NZQA,
        addressee=[learner.full_name, f"National Student Number {learner.nsn}"],
        dated=made_on,
        reference=record_reference(learner, made_on),
        # no one decides a record: each entry is the awarding provider's report
        signatory=None,
        verify_url=absolute_url(verify),
        wording="record",
    )


def record_pdf(record: RecordOfAchievement, made_on: date, request: HttpRequest) -> bytes:
    context: dict[str, Any] = {
        "record": record,
        "generated_on": made_on,
        "doc": record_parts(record.learner, made_on),
    }
    return render_pdf("achievements/record_pdf.html", context, request=request)
