"""The Open Badges 3.0 credential of a completion (unsigned; `services` signs it).

The subject carries no NSN in clear: a salted SHA-256 (`IdentityObject`, hashed) lets someone who
knows the NSN confirm it, and the learner's name is a plain `IdentityObject` of type `name`. No
date of birth, ever. Times carry their time zone (Tohu's own, TIME_ZONE).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from tohu.achievements.models import Completion
from tohu.credentials.dids import issuer_did, organisation_page
from tohu.credentials.models import Credential
from tohu.credentials.proof.loader import OB_V3P0, VC_V2
from tohu.organisations.models import Organisation
from tohu.register.exports import (
    NZQCF,
    NZQCF_URL,
    achievement_url,
    api_url,
    criteria_narrative,
    ctid,
    detail_url,
    statement_text,
)
from tohu.register.models import MicroCredential, MicroCredentialVersion

CREDENTIAL_CONTEXT = [VC_V2, OB_V3P0]


def start_of_day(day: date) -> str:
    """Return midnight of the day in Tohu's time zone, with its offset."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()


def nsn_hash(nsn: str, salt: str) -> str:
    """Return the OB 3.0 `identityHash` of an NSN: sha256$ and the hex of SHA-256(NSN + salt)."""
    return "sha256$" + hashlib.sha256((nsn + salt).encode("utf-8")).hexdigest()


def achievement_id(
    micro_credential: MicroCredential, version: MicroCredentialVersion, language: str = ""
) -> str:
    """Return the Achievement's id: one per listing version (and language), fetchable at
    /micro-credentials/<n>/versions/<v>/achievement.json."""
    return achievement_url(micro_credential.listing_number, version.number, language)


def profile(organisation: Organisation) -> dict[str, Any]:
    """Return the organisation's one OB 3.0 Profile: its DID, name, page and identifiers."""
    document: dict[str, Any] = {
        "id": issuer_did(organisation),
        "type": ["Profile"],
        "name": organisation.name,
        "url": organisation_page(organisation),
    }
    identifiers = [
        {"type": "IdentifierEntry", "identifier": number, "identifierType": kind}
        for number, kind in (
            (organisation.moe_number, "ext:MoEProviderNumber"),
            (organisation.nzbn, "ext:NZBN"),
        )
        if number
    ]
    if identifiers:
        document["otherIdentifier"] = identifiers
    return document


def achievement(
    micro_credential: MicroCredential,
    version: MicroCredentialVersion,
    *,
    language: str = "",
    field_of_study: str = "",
) -> dict[str, Any]:
    """Return the OB 3.0 Achievement of one version of a listing.

    Its name and inLanguage are the listing's own language (te reo Māori where it is delivered
    in te reo); a listing with a title in the other language names that version in `related`,
    as Open Badges 3.0 relates the language versions of one achievement.
    """
    number = micro_credential.listing_number
    in_maori = language == "mi" or (not language and version.in_te_reo_maori)
    in_maori = in_maori and bool(version.title_mi)
    document: dict[str, Any] = {
        "id": achievement_id(micro_credential, version, "mi" if in_maori else ""),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        # LOR-6.1a: the listed title carries "(Micro-credential)"
        "name": version.title_mi if in_maori else version.listed_title,
        "description": statement_text(version),
        "criteria": {"id": detail_url(number), "narrative": criteria_narrative(version)},
        "creditsAvailable": version.credits,
        "fieldOfStudy": field_of_study or version.nzsced_code,
        "humanCode": number,
        "inLanguage": "mi" if in_maori else "en-NZ",
        "version": str(version.number),
        "creator": profile(micro_credential.developer),
        "tag": ["micro-credential", f"NZQCF level {version.level}"],
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": f"NZQCF level {version.level}",
                "targetDescription": f"Level {version.level} of the {NZQCF}.",
                "targetUrl": NZQCF_URL,
                "targetCode": str(version.level),
                "targetFramework": NZQCF,
                "targetType": "ext:QualificationsFrameworkLevel",
            },
            {
                "type": ["Alignment"],
                "targetName": version.listed_title,
                "targetDescription": "This micro-credential described in CTDL.",
                "targetUrl": api_url("micro_credential_ctdl", number),
                "targetCode": ctid(number),
                "targetType": "ceterms:Credential",
            },
        ],
    }
    if version.title_mi:
        other = "" if in_maori else "mi"
        document["related"] = [
            {
                "id": achievement_id(micro_credential, version, other),
                "type": ["Related"],
                "inLanguage": "mi" if other else "en-NZ",
                "version": str(version.number),
            }
        ]
    return document


def credential_document(
    credential: Credential,
    *,
    completion: Completion,
    learner_name: str,
    status: dict[str, Any] | list[dict[str, Any]],
) -> dict[str, Any]:
    """Return the unsigned OpenBadgeCredential."""
    version, micro_credential = completion.version, completion.micro_credential
    identifiers: list[dict[str, Any]] = [
        {
            "type": "IdentityObject",
            "identityType": "nationalIdentityNumber",
            "hashed": True,
            "identityHash": nsn_hash(completion.nsn, credential.salt),
            "salt": credential.salt,
        }
    ]
    if learner_name:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": learner_name,
            }
        )
    awarded = start_of_day(completion.date_of_achievement)
    document: dict[str, Any] = {
        "@context": CREDENTIAL_CONTEXT,
        "id": credential.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": version.listed_title,
        "issuer": profile(completion.provider),
        "validFrom": awarded,
        "awardedDate": awarded,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "creditsEarned": version.credits,
            "achievement": achievement(micro_credential, version),
        },
        "credentialStatus": status,
    }
    if credential.replaces_id is not None and credential.replaces is not None:
        document["description"] = (
            f"This credential replaces {credential.replaces.credential_id}, revoked when the "
            "record was corrected."
        )
    return document
