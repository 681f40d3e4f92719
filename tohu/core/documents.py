"""Documents people keep: PDFs from HTML templates (WeasyPrint), with the parts every one carries.

Decision letters, statements of equivalency and the Record of Achievement all extend
`documents/base.html`: a letterhead, the addressee, the date, a reference number, the signatory
(name and role of whoever made the decision), the next review date where there is one, the
reconsideration wording, and a verification address with its QR code that opens the public page
for that document. `render_pdf` is the one place a PDF is drawn.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import segno
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from tohu.core.language_of_parts import ENGLISH, language_of_parts, marking
from tohu.core.site import site_url

# What a document tells its reader they can do about it. NZQA sets its own approved wording in
# TOHU_DECISION_RECONSIDERATION, TOHU_STATEMENT_RECONSIDERATION and TOHU_RECORD_CORRECTIONS
# (docs/operations.md, "Document wording"); these defaults are Tohu's plain-language wording,
# translated with the rest of the interface. "{issuer}" stands for the issuing organisation's name.
WORDING_DEFAULTS: dict[str, Any] = {
    "decision": gettext_lazy(
        "If you disagree with this decision, you may ask the {issuer} to reconsider it. "
        "Write to us within 20 working days of the date of this letter, quoting the reference "
        "above, and set out why you consider the decision should change, with any information "
        "we did not have when we decided. Someone who did not make the original decision will "
        "reconsider it. You may also complain to the Ombudsman, or apply to the High Court for "
        "judicial review of the decision."
    ),
    "statement": gettext_lazy(
        "If you disagree with the level or credit value in this statement, you may ask the "
        "{issuer} to reconsider it within 20 working days of the date of issue, quoting the "
        "statement number and the reasons, with any information we did not have."
    ),
    "record": gettext_lazy(
        "If anything on this record is wrong, ask the provider that reported it to correct it, "
        "or contact the {issuer} quoting the reference above."
    ),
}
WORDING_SETTINGS = {
    "decision": "TOHU_DECISION_RECONSIDERATION",
    "statement": "TOHU_STATEMENT_RECONSIDERATION",
    "record": "TOHU_RECORD_CORRECTIONS",
}


def document_wording(kind: str, *, issuer: str) -> str:
    """Return what a document of this kind ("decision", "statement", "record") tells its reader."""
    configured: str = getattr(settings, WORDING_SETTINGS[kind])
    text = configured or str(WORDING_DEFAULTS[kind])
    return text.replace("{issuer}", issuer)


@dataclass(frozen=True)
class Issuer:
    """Who a document comes from: the letterhead."""

    name: str
    name_mi: str = ""
    address: str = ""


NZQA = Issuer(
    "New Zealand Qualifications Authority",
    "Mana Tohu Mātauranga o Aotearoa",
    "PO Box 160, Wellington 6140, New Zealand",
)


@dataclass(frozen=True)
class Signatory:
    """The person who made the decision a document records, and their role."""

    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class DocumentParts:
    """What every kept document shows besides its own body."""

    issuer: Issuer
    addressee: list[str]
    dated: date
    reference: str
    signatory: Signatory | None
    verify_url: str
    next_review_due: date | None = None
    # which wording the document carries: "decision", "statement" or "record" (WORDING_DEFAULTS)
    wording: str = "decision"

    @property
    def reconsideration_text(self) -> str:
        return document_wording(self.wording, issuer=self.issuer.name)

    @property
    def verify_qr(self) -> str:
        """The verification address as a QR code, an SVG data address for an <img>."""
        svg = qr_code(self.verify_url, kind="svg", scale=3, title="Verify this document")
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def qr_code(url: str, *, kind: str, scale: int, title: str = "") -> bytes:
    """Return the QR code of the address as PNG or SVG (error correction M)."""
    buffer = io.BytesIO()
    code = segno.make(url, error="m")
    if kind == "svg":
        code.save(buffer, kind="svg", scale=scale, border=4, title=title, xmldecl=False)
    else:
        code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def render_pdf(
    template: str, context: dict[str, Any], *, request: HttpRequest | None = None
) -> bytes:
    """Render the template and draw it as a PDF; relative links resolve against this site."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html: str = render_to_string(template, context, request=request)
    if marking(request):
        html = language_of_parts(html, ENGLISH)  # the document says lang="en-NZ" itself
    document: bytes = HTML(string=html, base_url=site_url() + "/").write_pdf()
    return document
