"""The trust-registry check: was the issuer accredited to award this micro-credential on the day
of award, and what was the listing's status then? Answered from Tohu's own accreditation records
with the same rules the results file is checked against (LOR-18.2, LOR-8.5)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tohu.achievements.services.reference import ReferenceData
from tohu.credentials.verification.outcomes import CheckFailed
from tohu.organisations.models import Organisation
from tohu.rulebook import ListingStatus, day_text, status_on
from tohu.rulebook.achievement import provider_may_award


def _achievement(credential: dict[str, Any]) -> dict[str, Any]:
    subject = credential.get("credentialSubject")
    found = subject.get("achievement") if isinstance(subject, dict) else None
    return found if isinstance(found, dict) else {}


def is_award(credential: dict[str, Any]) -> bool:
    """Say whether the credential awards an achievement (an Open Badge), not some statement."""
    types = credential.get("type")
    names = types if isinstance(types, list) else [types]
    return bool({"OpenBadgeCredential", "AchievementCredential"} & set(names))


def summary(credential: dict[str, Any]) -> dict[str, str]:
    """Return what the credential says it is, for showing beside the checks."""
    achievement = _achievement(credential)
    issuer = credential.get("issuer")
    return {
        "name": str(credential.get("name") or achievement.get("name") or ""),
        "achievement": str(achievement.get("name", "")),
        "listing_number": str(achievement.get("humanCode", "")),
        "issuer": str(issuer.get("name", "")) if isinstance(issuer, dict) else str(issuer or ""),
        "awarded": str(credential.get("awardedDate") or credential.get("validFrom") or ""),
    }


def check(organisation: Organisation, credential: dict[str, Any], day: date) -> str:
    """Say the accreditation held on the day, or raise CheckFailed saying it did not."""
    number = str(_achievement(credential).get("humanCode", ""))
    reference = ReferenceData(organisation.pk)
    reference.load([number] if number else [])
    ref = reference.get(number)
    if ref is None:
        raise CheckFailed(f"The register has no micro-credential {number or '(none named)'}.")
    listing_status = status_on(day, ref.award.dates)
    # LOR-18.2: the approval holder, or a provider whose accreditation was in force that day
    if not provider_may_award(ref.award, day):
        raise CheckFailed(
            f"{organisation.name} was not accredited to award {number} on {day_text(day)}."
        )
    # LOR-8.5, LOR-10: nothing is awarded from a discontinued or removed listing
    if listing_status is None or listing_status in (
        ListingStatus.DISCONTINUED,
        ListingStatus.REMOVED,
    ):
        words = listing_status.value if listing_status else "not yet listed"
        raise CheckFailed(f"{number} was {words} on {day_text(day)}: it could not be awarded.")
    how = "holds the approval for" if ref.award.provider_holds_approval else "was accredited for"
    status_words = listing_status.value
    return (
        f"{organisation.name} {how} {number} on {day_text(day)}, the date of award; "
        f"the listing was {status_words} then."
    )
