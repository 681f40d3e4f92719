"""Verify a credential, check by check, in plain words.

The verdict is "verified" only when every check passed. A check that could not be made (a status
list that did not answer, an issuer whose DID could not be resolved, an issuer outside Tohu's
trust registry) makes the verdict "incomplete" and says which; any failed check makes it
"failed". The answer also takes the shape of the W3C VC-API verify response.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from tohu.credentials import status
from tohu.credentials.proof import ed25519_2020, eddsa
from tohu.credentials.proof.loader import ContextNotShipped
from tohu.credentials.proof.multikey import MultibaseError, public_key_from_multibase
from tohu.credentials.proof.rdf import UnsafeDocument
from tohu.credentials.proof.rdfc import TooComplex
from tohu.credentials.verification import accreditation
from tohu.credentials.verification.outcomes import Check, CheckFailed, Outcome, could_not
from tohu.credentials.verification.resolver import ResolutionFailed, Resolver, local_issuer

VC_CONTEXTS = ("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1")


@dataclass
class Verification:
    checks: list[Check] = field(default_factory=list)
    summary: dict[str, str] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        outcomes = {check.outcome for check in self.checks}
        if Outcome.FAILED in outcomes:
            return "failed"
        if Outcome.NOT_CHECKED in outcomes or not self.checks:
            return "incomplete"
        return "verified"

    def as_vc_api(self) -> dict[str, Any]:
        """Return the VC-API verify response ({checks, warnings, errors}) with the details."""
        return {
            "verified": self.verdict == "verified",
            "verdict": self.verdict,
            "checks": [c.id for c in self.checks if c.outcome == Outcome.PASSED],
            "warnings": [c.message for c in self.checks if c.outcome == Outcome.NOT_CHECKED],
            "errors": [c.message for c in self.checks if c.outcome == Outcome.FAILED],
            "results": [
                {"check": c.id, "title": c.title, "outcome": c.outcome.value, "message": c.message}
                for c in self.checks
            ],
            "credential": self.summary,
        }


def _issuer_id(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    found = issuer.get("id") if isinstance(issuer, dict) else issuer
    return found if isinstance(found, str) else ""


def _check_format(credential: Any) -> str:
    if not isinstance(credential, dict):
        raise CheckFailed("This is not a credential: it is not a JSON object.")
    contexts = credential.get("@context")
    first = contexts[0] if isinstance(contexts, list) and contexts else contexts
    if first not in VC_CONTEXTS:
        raise CheckFailed("This is not a W3C Verifiable Credential (its first @context is wrong).")
    types = credential.get("type")
    if "VerifiableCredential" not in (types if isinstance(types, list) else [types]):
        raise CheckFailed("This is not a W3C Verifiable Credential (no VerifiableCredential type).")
    if not _issuer_id(credential):
        raise CheckFailed("The credential does not say who issued it.")
    return "It is a W3C Verifiable Credential."


class _Checker:
    def __init__(self, credential: dict[str, Any], resolver: Resolver, now: datetime) -> None:
        self.credential, self.resolver, self.now = credential, resolver, now
        self.issuer = _issuer_id(credential)

    def signed_by_issuer(self, document: dict[str, Any], issuer: str) -> None:
        """Check a document's proof was made by one of the issuer's keys, or raise."""
        given = document.get("proof")
        # Tohu signs eddsa-rdfc-2022; other issuers (and wallets) also sign Ed25519Signature2020
        legacy = isinstance(given, dict) and given.get("type") == ed25519_2020.PROOF_TYPE
        try:
            proof = (
                ed25519_2020.check_proof_shape(document)
                if legacy
                else eddsa.check_proof_shape(given)
            )
        except eddsa.ProofError as error:
            raise could_not(f"The proof cannot be checked: {error}.") from None
        if proof["proofPurpose"] != "assertionMethod":
            raise CheckFailed(
                f"It was signed for {proof['proofPurpose']!r}, not to assert what it says."
            )
        method_id = proof["verificationMethod"]
        if method_id.split("#")[0] != issuer:
            raise CheckFailed(f"It was signed by {method_id}, which is not the issuer's key.")
        controller = self.did_document(issuer)
        methods = [m for m in controller.get("verificationMethod", []) if isinstance(m, dict)]
        method = next((m for m in methods if m.get("id") == method_id), None)
        if method is None or method_id not in controller.get("assertionMethod", []):
            raise CheckFailed(
                f"The key that signed it ({method_id}) is not one the issuer lists for signing "
                "credentials: it may have been withdrawn as compromised."
            )
        try:
            public_key = public_key_from_multibase(str(method.get("publicKeyMultibase", "")))
        except MultibaseError as error:
            raise CheckFailed(f"The issuer's key cannot be read: {error}.") from None
        try:
            suite = ed25519_2020 if legacy else eddsa
            valid = suite.verify(document, public_key=public_key)
        except ContextNotShipped as error:
            raise could_not(
                f"It uses a JSON-LD context Tohu does not have ({error.url})."
            ) from None
        except (UnsafeDocument, TooComplex, eddsa.ProofError) as error:
            raise CheckFailed(f"It cannot be checked as signed: {error}.") from None
        if not valid:
            raise CheckFailed("The signature does not match: the credential has been changed.")

    def did_document(self, did: str) -> dict[str, Any]:
        try:
            return self.resolver.did_document(did)
        except ResolutionFailed as error:
            raise could_not(f"The issuer's identity could not be checked: {error}.") from None

    def issuer_check(self) -> str:
        self.did_document(self.issuer)
        organisation = local_issuer(self.issuer)
        if organisation is not None:
            return f"Issued by {organisation.name} ({self.issuer}), whose keys Tohu publishes."
        return f"Issued by {self.issuer}, whose DID document was found."

    def signature_check(self) -> str:
        self.signed_by_issuer(self.credential, self.issuer)
        return "The signature is valid: the credential is as the issuer signed it."

    def status_check(self) -> str:
        entries = self.credential.get("credentialStatus")
        if entries is None:
            return "The credential has no status entry: its issuer cannot revoke it."
        listed = entries if isinstance(entries, list) else [entries]
        words = [self._status_of(entry) for entry in listed]
        return f"Not {' and not '.join(words)}: it is current."

    def _status_of(self, entry: Any) -> str:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            raise could_not("Its status uses a kind of status list Tohu cannot read.")
        url, purpose = str(entry.get("statusListCredential", "")), entry.get("statusPurpose")
        index = str(entry.get("statusListIndex", ""))
        if not (index.isascii() and index.isdigit()):
            raise CheckFailed("Its status entry has no valid index.")
        try:
            listed = self.resolver.status_list(url)
        except ResolutionFailed as error:
            raise could_not(f"Whether it was revoked could not be checked: {error}.") from None
        if _issuer_id(listed) != self.issuer:
            raise CheckFailed("Its status list was not issued by the credential's issuer.")
        try:
            self.signed_by_issuer(listed, self.issuer)
        except CheckFailed as failed:
            raise could_not(f"Its status list could not be trusted: {failed.message}") from None
        subject = listed.get("credentialSubject", {})
        if subject.get("statusPurpose") != purpose:
            raise CheckFailed("Its status list is for another purpose.")
        try:
            bits = status.decode_list(str(subject.get("encodedList", "")))
        except (ValueError, OSError, EOFError) as error:
            raise could_not(f"Its status list cannot be read: {error}.") from None
        if int(index) >= len(bits) * 8:
            raise CheckFailed("Its status index is beyond the end of its list.")
        if status.bit(bits, int(index)):
            word = "suspended" if purpose == "suspension" else "revoked"
            raise CheckFailed(f"The issuer has {word} this credential.")
        return "suspended" if purpose == "suspension" else "revoked"

    def dates_check(self) -> str:
        valid_from = _moment(self.credential.get("validFrom"), "validFrom")
        valid_until = _moment(self.credential.get("validUntil"), "validUntil")
        if valid_from is not None and valid_from > self.now:
            raise CheckFailed(f"It is not valid until {valid_from.date().isoformat()}.")
        if valid_until is not None and valid_until < self.now:
            raise CheckFailed(f"It expired on {valid_until.date().isoformat()}.")
        if valid_until is None:
            return "It is valid from its date of award and does not expire."
        return f"It is valid until {valid_until.date().isoformat()}."

    def accreditation_check(self) -> str:
        organisation = local_issuer(self.issuer)
        if organisation is None:
            raise could_not(
                "The issuer is not in Tohu's trust registry, so whether it was accredited to "
                "award this could not be checked."
            )
        if not accreditation.is_award(self.credential):
            return f"Not an award: it is {organisation.name}'s own statement, nothing to check."
        return accreditation.check(organisation, self.credential, self._award_day())

    def _award_day(self) -> date:
        moment = _moment(
            self.credential.get("awardedDate") or self.credential.get("validFrom"), "awardedDate"
        )
        if moment is None:
            raise CheckFailed("The credential does not say when it was awarded.")
        return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def _moment(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise CheckFailed(f"Its {name} is not a date and time.") from None
    if moment.tzinfo is None:
        raise CheckFailed(f"Its {name} has no time zone.")
    return moment


CHECKS: list[tuple[str, str, Callable[[_Checker], str]]] = [
    ("proof", "Signature", _Checker.signature_check),
    ("issuer", "Issuer", _Checker.issuer_check),
    ("status", "Status (revoked or suspended)", _Checker.status_check),
    ("dates", "Dates", _Checker.dates_check),
    ("accreditation", "Accreditation (NZQA trust registry)", _Checker.accreditation_check),
]


def _run(check_id: str, title: str, step: Callable[[], str]) -> Check:
    try:
        return Check(check_id, title, Outcome.PASSED, step())
    except CheckFailed as failed:
        return Check(check_id, title, failed.outcome, failed.message)


def verify_credential(
    credential: Any, *, now: datetime, resolver: Resolver | None = None
) -> Verification:
    """Check the credential; every check runs and reports, whatever the others found."""
    result = Verification()
    form = _run("format", "Format", lambda: _check_format(credential))
    result.checks.append(form)
    if form.outcome != Outcome.PASSED:
        return result
    checker = _Checker(credential, resolver or Resolver(), now)
    result.summary = accreditation.summary(credential)
    for check_id, title, step in CHECKS:
        result.checks.append(_run(check_id, title, partial(step, checker)))
    if is_record(credential):
        contents = partial(_contents_check, credential, now=now, resolver=checker.resolver)
        result.checks.append(_run("contents", "Credentials in the record", contents))
    return result


def is_record(credential: dict[str, Any]) -> bool:
    """Say whether the credential is a CLR 2.0 record holding other credentials."""
    types = credential.get("type")
    return "ClrCredential" in (types if isinstance(types, list) else [types])


def _contents_check(credential: dict[str, Any], *, now: datetime, resolver: Resolver) -> str:
    """Check each credential a CLR holds as if it were given alone; say which did not pass."""
    subject = credential.get("credentialSubject")
    inner = subject.get("verifiableCredential") if isinstance(subject, dict) else None
    if not isinstance(inner, list) or not inner:
        raise CheckFailed("The record holds no credentials.")
    failed, unchecked = [], []
    for number, held in enumerate(inner, start=1):
        found = verify_credential(held, now=now, resolver=resolver)
        name = found.summary.get("name") or f"credential {number}"
        reasons = [c.message for c in found.checks if c.outcome != Outcome.PASSED]
        if found.verdict == "failed":
            failed.append(f"{name}: {' '.join(reasons)}")
        elif found.verdict == "incomplete":
            unchecked.append(f"{name}: {' '.join(reasons)}")
    if failed:
        raise CheckFailed(f"Not every credential in the record holds. {' '.join(failed)}")
    if unchecked:
        raise could_not(
            f"Not every credential in the record could be checked. {' '.join(unchecked)}"
        )
    return f"All {len(inner)} credentials in the record verified, each with every check."
