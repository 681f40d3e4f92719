"""The register as open data: JSON for the API and downloads, CSV, CTDL JSON-LD, Open Badges 3.0.

Every document is built from what the selectors return; nothing here queries the database except
through the rows it is given. JSON-LD contexts are named by URL for the reader's benefit; Tohu
never fetches them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, Protocol

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.urls import reverse

from tohu.core.site import absolute_url
from tohu.core.web import csv_download
from tohu.organisations.models import Organisation
from tohu.register.models import (
    Accreditation,
    ListingStatus,
    MicroCredential,
    MicroCredentialVersion,
)
from tohu.register.selectors import (
    MULTIPLE,
    AccreditedProvider,
    MicroCredentialDetail,
    SearchCriteria,
    micro_credentials_matching,
)

if TYPE_CHECKING:
    from tohu.register.selectors.listings import User

CTDL_CONTEXT = "https://credreg.net/ctdl/schema/context/json"
OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
NZQCF = "New Zealand Qualifications and Credentials Framework"
NZSCED = "New Zealand Standard Classification of Education (NZSCED)"
CREDIT_MEANING = "NZQCF credits: one credit is 10 notional learning hours"
# CTIDs must never change, so they come from the listing number alone (LOR-13.2: unique, kept).
CTID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:nzqcf:micro-credential")


# ---------------------------------------------------------------------------------------------
# Addresses.


def absolute(path: str) -> str:
    """Return the address of a path on this register (SITE_URL)."""
    return absolute_url(path)


class ListingLinks:
    """Addresses of listings on this register; each route is reversed once, not once a row."""

    PLACEHOLDER = "listing-number"

    def __init__(self) -> None:
        self._patterns: dict[str, str] = {}

    def _address(self, route: str, listing_number: str) -> str:
        if route not in self._patterns:
            path = reverse(route, kwargs={"listing_number": self.PLACEHOLDER})
            self._patterns[route] = absolute(path)
        return self._patterns[route].replace(self.PLACEHOLDER, listing_number)

    def page(self, listing_number: str) -> str:
        """The listing's page on the register."""
        return self._address("register:detail", listing_number)

    def api(self, name: str, listing_number: str) -> str:
        """One of the listing's API endpoints, by operation name."""
        return self._address(f"api-v1:{name}", listing_number)


def detail_url(listing_number: str) -> str:
    return ListingLinks().page(listing_number)


def api_url(name: str, listing_number: str) -> str:
    return ListingLinks().api(name, listing_number)


def ctid(listing_number: str) -> str:
    """Return the Credential Transparency Identifier for the listing."""
    return f"ce-{uuid.uuid5(CTID_NAMESPACE, listing_number)}"


# ---------------------------------------------------------------------------------------------
# Plain JSON: one summary per listing (API list, JSON download), and the full detail.


class Named(Protocol):
    """An organisation as the documents name it: a model row, or a provider on a listing."""

    @property
    def slug(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def name_mi(self) -> str: ...

    @property
    def website(self) -> str: ...


def organisation_summary(organisation: Named) -> dict[str, str]:
    return {
        "id": organisation_id(organisation),
        "slug": organisation.slug,
        "name": organisation.name,
        "name_mi": organisation.name_mi,
    }


def listing_summary(
    micro_credential: MicroCredential, links: ListingLinks | None = None
) -> dict[str, Any]:
    """Summarise a listing from the columns a results page loads (selectors.LIST_COLUMNS)."""
    version = micro_credential.current_version
    assert version is not None
    links = links or ListingLinks()
    number = micro_credential.listing_number
    return {
        "listing_number": number,
        "title": version.title,
        "listed_title": version.listed_title,
        "title_mi": version.title_mi,
        "version": version.number,
        "level": version.level,
        "credits": version.credits,
        "nzsced_code": version.nzsced_code,
        "status": micro_credential.status,
        "listed_on": micro_credential.listed_on,
        "next_review_due": micro_credential.next_review_due,
        "developer": organisation_summary(micro_credential.developer),
        "url": links.page(number),
        "api_url": links.api("micro_credential_detail", number),
    }


def _purpose(version: MicroCredentialVersion) -> dict[str, str]:
    return {
        "use": version.purpose_use,
        "relevance": version.purpose_relevance,
        "outcomes": version.purpose_outcomes,
        "pathways": version.purpose_pathways,
        "contribution": version.purpose_contribution,
        "statement_mi": version.purpose_mi,
    }


def _version_entry(entry: Any) -> dict[str, Any]:
    version: MicroCredentialVersion = entry.version
    return {
        "number": version.number,
        "title": version.title,
        "level": version.level,
        "credits": version.credits,
        "approved_on": version.approved_on,
        "effective_from": version.effective_from,
        "rulebook_version": version.rulebook_version,
        "change_summary": version.change_summary,
        "changes": [
            {"field": c.field, "label": c.label, "before": c.before, "after": c.after}
            for c in entry.changes
        ],
    }


def _provider_entry(provider: AccreditedProvider) -> dict[str, Any]:
    return {
        "provider": organisation_summary(provider),
        "granted_on": provider.granted_on,
        "conditions": provider.conditions,
    }


def _accreditation_entry(accreditation: Accreditation) -> dict[str, Any]:
    return {
        "provider": organisation_summary(accreditation.provider),
        "granted_on": accreditation.granted_on,
        "conditions": accreditation.conditions,
    }


def listing_detail(detail: MicroCredentialDetail) -> dict[str, Any]:
    """Return everything the detail page shows, as JSON-ready values."""
    micro_credential, version = detail.micro_credential, detail.version
    number = micro_credential.listing_number
    return {
        **listing_summary(micro_credential),
        "notional_hours": version.notional_hours,
        "field_of_study": detail.field_of_study,
        "purpose": _purpose(version),
        "in_te_reo_maori": version.in_te_reo_maori,
        "learning_outcomes": list(version.learning_outcomes),
        "standards_used": list(version.standards_used),
        "review_period_years": version.review_period_years,
        "review_period_reason": version.review_period_reason,
        "te_hono": micro_credential.te_hono,
        "status_changed_on": micro_credential.status_changed_on,
        "expiring_end_date": micro_credential.expiring_end_date,
        "discontinued_on": micro_credential.discontinued_on,
        "removed_reason": micro_credential.removed_reason,
        "versions": [_version_entry(entry) for entry in detail.versions],
        "status_history": [
            {
                "from_status": change.from_status,
                "to_status": change.to_status,
                "effective_on": change.effective_on,
                "end_date": change.end_date,
                "reason": change.reason,
            }
            for change in detail.status_history
        ],
        "accredited_providers": [_provider_entry(p) for p in detail.accreditations],
        "links": {
            "html": detail_url(number),
            "ctdl": api_url("micro_credential_ctdl", number),
            "achievement": api_url("micro_credential_achievement", number),
        },
    }


# ---------------------------------------------------------------------------------------------
# Downloads: every matching row, streamed.

CSV_COLUMNS = (
    "listing_number",
    "title",
    "title_mi",
    "version",
    "level",
    "credits",
    "notional_hours",
    "nzsced_code",
    "field_of_study",
    "developer",
    "developer_slug",
    "status",
    "listed_on",
    "next_review_due",
    "accredited_providers",
    "url",
)


def _granted_providers(micro_credential: MicroCredential) -> list[Accreditation]:
    return list(getattr(micro_credential, "granted_accreditations", []))


def csv_row(micro_credential: MicroCredential, links: ListingLinks) -> list[Any]:
    version = micro_credential.current_version
    assert version is not None
    providers = "; ".join(a.provider.name for a in _granted_providers(micro_credential))
    return [
        micro_credential.listing_number,
        version.listed_title,
        version.title_mi,
        version.number,
        version.level,
        version.credits,
        version.notional_hours if version.notional_hours is not None else "",
        version.nzsced_code,
        getattr(micro_credential, "field_of_study_name", None) or "",
        micro_credential.developer.name,
        micro_credential.developer.slug,
        micro_credential.status,
        micro_credential.listed_on.isoformat(),
        micro_credential.next_review_due.isoformat() if micro_credential.next_review_due else "",
        providers,
        links.page(micro_credential.listing_number),
    ]


def download_row(micro_credential: MicroCredential, links: ListingLinks) -> dict[str, Any]:
    """Summarise a listing for the JSON download, with its field and accredited providers."""
    version = micro_credential.current_version
    assert version is not None
    return {
        **listing_summary(micro_credential, links),
        "notional_hours": version.notional_hours,
        "field_of_study": getattr(micro_credential, "field_of_study_name", None),
        "accredited_providers": [
            _accreditation_entry(a) for a in _granted_providers(micro_credential)
        ],
    }


def _json(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _search_parameters(criteria: SearchCriteria) -> dict[str, Any]:
    """Name the search as its parameters: repeatable ones as lists, paging left out."""
    parameters: dict[str, Any] = {}
    for name, value in criteria.query_items(page=1):
        if name in MULTIPLE:
            parameters.setdefault(name, []).append(value)
        elif name != "page_size":
            parameters[name] = value
    return parameters


def stream_json(
    micro_credentials: Iterable[MicroCredential], *, criteria: SearchCriteria
) -> Iterator[str]:
    """Yield a JSON document {"search": ..., "items": [...], "count": n} piece by piece."""
    yield '{"search": ' + _json(_search_parameters(criteria)) + ', "items": ['
    count = 0
    links = ListingLinks()
    for micro_credential in micro_credentials:
        yield ("," if count else "") + "\n" + _json(download_row(micro_credential, links))
        count += 1
    yield f'\n], "count": {count}}}\n'


DOWNLOAD_CHUNK = 500


def search_download(
    kind: Literal["csv", "json"], *, user: User | None, criteria: SearchCriteria
) -> StreamingHttpResponse:
    """Stream every listing matching the search as a CSV or JSON file (the web page and API)."""
    rows = micro_credentials_matching(user=user, criteria=criteria).iterator(
        chunk_size=DOWNLOAD_CHUNK
    )
    if kind == "csv":
        links = ListingLinks()
        lines = (csv_row(micro_credential, links) for micro_credential in rows)
        return csv_download("micro-credentials.csv", CSV_COLUMNS, lines)
    response = StreamingHttpResponse(
        stream_json(rows, criteria=criteria), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="micro-credentials.json"'
    return response


# ---------------------------------------------------------------------------------------------
# CTDL (Credential Engine) JSON-LD.

LIFE_CYCLE = {
    ListingStatus.CURRENT: ("lifeCycle:Active", "Active"),
    ListingStatus.EXPIRING: ("lifeCycle:Ceasing", "Ceasing"),
    ListingStatus.DISCONTINUED: ("lifeCycle:Ceased", "Ceased"),
    ListingStatus.REMOVED: ("lifeCycle:Ceased", "Ceased"),
}
CREDENTIAL_STATUS = {
    ListingStatus.CURRENT: ("credentialStat:Active", "Active"),
    # LOR-8.4a: enrolled learners may still complete while it is expiring
    ListingStatus.EXPIRING: ("credentialStat:Active", "Active"),
    ListingStatus.DISCONTINUED: ("credentialStat:Deprecated", "Deprecated"),
    ListingStatus.REMOVED: ("credentialStat:Deprecated", "Deprecated"),
}


def _language_map(english: str, maori: str = "") -> dict[str, str]:
    text = {"en-NZ": english}
    if maori:
        text["mi"] = maori
    return text


def _alignment(
    *, framework: str, node: str, name: str, scheme: str | None = None
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:frameworkName": {"en-NZ": framework},
        "ceterms:targetNodeName": {"en-NZ": name},
    }
    if scheme:
        document["ceterms:framework"] = scheme
    if node.startswith(("lifeCycle:", "credentialStat:")):
        document["ceterms:targetNode"] = node
    else:
        document["ceterms:codedNotation"] = node
    return document


def organisation_id(organisation: Named) -> str:
    """The organisation's one identifier: its DID, the @id in CTDL and the id in Open Badges."""
    from tohu.credentials.dids import did_host

    return f"did:web:{did_host()}:issuers:{organisation.slug}"


def organisation_ctid(organisation: Named) -> str:
    """The organisation's Credential Transparency Identifier, stable for its short name."""
    return f"ce-{uuid.uuid5(CTID_NAMESPACE, 'organisation:' + organisation.slug)}"


def _ctdl_organisation(organisation: Named, anchor: str) -> dict[str, Any]:
    """A ceterms:CredentialOrganization node with its @id, CTID, name, page and description."""
    page = organisation.website or absolute_url(
        reverse("credentials:organisation", args=[organisation.slug])
    )
    return {
        "@id": organisation_id(organisation),
        "@type": "ceterms:CredentialOrganization",
        "ceterms:ctid": organisation_ctid(organisation),
        "ceterms:name": _language_map(organisation.name, organisation.name_mi),
        "ceterms:subjectWebpage": page,
        "ceterms:description": {"en-NZ": f"{organisation.name}, on the NZQCF register."},
        "ceterms:sameAs": [anchor],
    }


def statement_text(version: MicroCredentialVersion) -> str:
    """Join the purpose and outcome statement (LOR-6.1d) into one description."""
    parts = (
        version.purpose_use,
        version.purpose_relevance,
        version.purpose_outcomes,
        version.purpose_contribution,
    )
    return "\n\n".join(part.strip() for part in parts if part.strip())


def ctdl_document(detail: MicroCredentialDetail) -> dict[str, Any]:
    """Describe the listing as a CTDL ceterms:MicroCredential (Credential Engine's schema)."""
    micro_credential, version = detail.micro_credential, detail.version
    number = micro_credential.listing_number
    page = detail_url(number)
    life_cycle, life_cycle_name = LIFE_CYCLE[ListingStatus(micro_credential.status)]
    status, status_name = CREDENTIAL_STATUS[ListingStatus(micro_credential.status)]
    document: dict[str, Any] = {
        "@context": CTDL_CONTEXT,
        "@id": api_url("micro_credential_ctdl", number),
        "@type": "ceterms:MicroCredential",
        "ceterms:ctid": ctid(number),
        "ceterms:name": _language_map(version.listed_title, version.title_mi),
        "ceterms:description": _language_map(statement_text(version), version.purpose_mi),
        "ceterms:subjectWebpage": page,
        "ceterms:codedNotation": number,
        "ceterms:identifier": [
            {
                "@type": "ceterms:IdentifierValue",
                "ceterms:identifierTypeName": {"en-NZ": "NZQCF listing number"},
                "ceterms:identifierValueCode": number,
            }
        ],
        "ceterms:versionIdentifier": [
            {
                "@type": "ceterms:IdentifierValue",
                "ceterms:identifierTypeName": {"en-NZ": "Version"},
                "ceterms:identifierValueCode": str(version.number),
            }
        ],
        # the version in force took effect on this day (the listing's first on version 1)
        "ceterms:dateEffective": version.effective_from.isoformat(),
        "ceterms:inLanguage": ["en", "mi"]
        if version.title_mi or version.in_te_reo_maori
        else ["en"],
        "ceterms:credentialStatusType": _alignment(
            framework="Credential Status",
            node=status,
            name=status_name,
            scheme="https://credreg.net/ctdl/terms/CredentialStatus",
        ),
        "ceterms:lifeCycleStatusType": _alignment(
            framework="Life Cycle Status",
            node=life_cycle,
            name=life_cycle_name,
            scheme="https://credreg.net/ctdl/terms/LifeCycleStatus",
        ),
        "ceterms:creditValue": [
            {
                "@type": "ceterms:ValueProfile",
                "schema:value": version.credits,
                # NZQCF credits are academic credit (10 notional hours each): CTDL's nearest unit
                "ceterms:creditUnitType": [
                    {
                        "@type": "ceterms:CredentialAlignmentObject",
                        "ceterms:targetNode": "creditUnit:DegreeCredit",
                        "ceterms:targetNodeName": {"en-NZ": "NZQCF credit"},
                    }
                ],
                "schema:description": {"en-NZ": CREDIT_MEANING},
            }
        ],
        "ceterms:atLevel": [
            _alignment(framework=NZQCF, node=str(version.level), name=f"Level {version.level}")
        ],
        "ceterms:instructionalProgramType": [
            _alignment(
                framework=NZSCED,
                node=version.nzsced_code,
                name=detail.field_of_study or version.nzsced_code,
            )
        ],
        "ceterms:ownedBy": [_ctdl_organisation(micro_credential.developer, f"{page}#developer")],
        "ceterms:offeredBy": [
            _ctdl_organisation(provider, f"{page}#provider-{provider.slug}")
            for provider in detail.accreditations
        ],
    }
    document["ceterms:jurisdiction"] = [
        {
            "@type": "ceterms:JurisdictionProfile",
            "ceterms:globalJurisdiction": False,
            "ceterms:mainJurisdiction": [
                {"@type": "ceterms:Place", "ceterms:addressCountry": {"en-NZ": "New Zealand"}}
            ],
        }
    ]
    if version.notional_hours:
        document["ceterms:estimatedDuration"] = [
            {
                "@type": "ceterms:DurationProfile",
                "ceterms:exactDuration": f"PT{version.notional_hours}H",
                "ceterms:description": {"en-NZ": "Notional learning hours (LOR-6.1b)."},
            }
        ]
    if micro_credential.expiring_end_date:
        document["ceterms:expirationDate"] = micro_credential.expiring_end_date.isoformat()
    if version.learning_outcomes:
        # the outcomes a learner must show to be awarded it, as CTDL's ConditionProfile says
        document["ceterms:requires"] = [
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": {"en-NZ": "Show each of the learning outcomes."},
                "ceterms:condition": {"en-NZ": [str(o) for o in version.learning_outcomes]},
            }
        ]
    return document


# ---------------------------------------------------------------------------------------------
# Open Badges 3.0 Achievement.


def _profile(organisation: Organisation, anchor: str) -> dict[str, Any]:
    profile: dict[str, Any] = {"id": anchor, "type": ["Profile"], "name": organisation.name}
    if organisation.website:
        profile["url"] = organisation.website
    return profile


def criteria_narrative(version: MicroCredentialVersion) -> str:
    """Say what a learner must show, from the learning outcomes (Markdown list)."""
    outcomes = "\n".join(f"- {outcome}" for outcome in version.learning_outcomes)
    lead = "Demonstrate each learning outcome:"
    return f"{lead}\n\n{outcomes}" if outcomes else version.purpose_outcomes


def achievement_document(detail: MicroCredentialDetail) -> dict[str, Any]:
    """Describe the listing as an Open Badges 3.0 Achievement of type MicroCredential."""
    micro_credential, version = detail.micro_credential, detail.version
    number = micro_credential.listing_number
    page = detail_url(number)
    return {
        "@context": OB3_CONTEXT,
        "id": api_url("micro_credential_achievement", number),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": version.listed_title,
        "description": statement_text(version),
        "criteria": {"id": page, "narrative": criteria_narrative(version)},
        "creditsAvailable": float(version.credits),
        "fieldOfStudy": detail.field_of_study or version.nzsced_code,
        "humanCode": number,
        "inLanguage": "en-NZ",
        "version": str(version.number),
        "creator": _profile(micro_credential.developer, f"{page}#developer"),
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": version.listed_title,
                "targetDescription": "This micro-credential described in CTDL.",
                "targetUrl": api_url("micro_credential_ctdl", number),
                "targetCode": ctid(number),
                "targetType": "ceterms:Credential",
            },
            {
                "type": ["Alignment"],
                "targetName": f"NZQCF level {version.level}",
                "targetUrl": page,
                "targetCode": str(version.level),
                "targetFramework": NZQCF,
            },
        ],
        "otherIdentifier": [
            {
                "type": "IdentifierEntry",
                "identifier": number,
                "identifierType": "identifier",
            }
        ],
    }
