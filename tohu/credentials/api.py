"""The credential endpoints under /api/v1/: verify any credential (the W3C VC-API shape)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from tohu.core import clock
from tohu.core.api_input import InputSchema
from tohu.core.errors import NotAllowed
from tohu.core.permissions import Action, can
from tohu.core.problems import ProblemOut
from tohu.credentials.verification.verifier import verify_credential

router = Router(tags=["credentials"])


class VerifyOptions(Schema):
    model_config = ConfigDict(extra="allow")


class VerifyIn(InputSchema):
    """The VC-API verify request: the credential, and options (none are needed)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "verifiableCredential": {
                        "@context": ["https://www.w3.org/ns/credentials/v2"],
                        "type": ["VerifiableCredential", "OpenBadgeCredential"],
                        "issuer": "did:web:tohu.example:issuers:southern-skills",
                    }
                }
            ]
        }
    )

    verifiableCredential: dict[str, Any] = Field(
        ..., description="The credential to check, as JSON."
    )
    options: VerifyOptions | None = Field(None, description="Accepted and not needed.")


class CheckOut(Schema):
    check: str = Field(description="proof, issuer, status, dates, accreditation or format.")
    title: str
    outcome: str = Field(description="passed, failed or not_checked (could not be made).")
    message: str = Field(description="What the check found, in words fit to show a person.")


class CredentialSummaryOut(Schema):
    name: str = ""
    achievement: str = ""
    listing_number: str = ""
    issuer: str = ""
    awarded: str = ""


class VerifyOut(Schema):
    """The VC-API verify response, with each check's details."""

    verified: bool = Field(description="True only when every check passed.")
    verdict: str = Field(description="verified, failed, or incomplete (a check not made).")
    checks: list[str] = Field(description="The checks that passed.")
    warnings: list[str] = Field(description="The checks that could not be made, and why.")
    errors: list[str] = Field(description="The checks that failed, and why.")
    results: list[CheckOut]
    credential: CredentialSummaryOut


@router.post(
    "/credentials/verify",
    response={200: VerifyOut, 403: ProblemOut},
    url_name="credentials_verify",
    operation_id="credentials_verify",
    summary="Verify a credential",
    description=(
        "Checks the signature (eddsa-rdfc-2022), the issuer's DID document (did:web, did:key), "
        "the status list, the dates and, for Tohu's issuers, the accreditation on the date of "
        "award. Answers 200 whatever the verdict; `verified` is true only when every check "
        "passed, and a check that could not be made is a warning, never a pass."
    ),
)
def credentials_verify(request: HttpRequest, payload: VerifyIn) -> dict[str, Any]:
    if not can(request.user, Action.CREDENTIAL_VERIFY):
        raise NotAllowed(gettext("You are not allowed to verify credentials."))
    return verify_credential(payload.verifiableCredential, now=clock.now()).as_vc_api()
