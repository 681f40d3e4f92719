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
from django.utils import translation
from django.utils.functional import Promise

from tohu.core.site import absolute_url
from tohu.core.web import csv_download
from tohu.organisations.models import (
    KIND_OF_TYPE,
    Organisation,
    OrganisationKind,
    OrganisationType,
)
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
NZQCF_URL = (
    "https://www2.nzqa.govt.nz/qualifications-and-standards/about-qualifications/"
    "the-new-zealand-qualifications-and-credentials-framework/"
)
NZSCED = "New Zealand Standard Classification of Education (NZSCED)"
NZSCED_URL = (
    "https://www.educationcounts.govt.nz/data-services/code-sets-and-classifications/"
    "new_zealand_standard_classification_of_education_nzsced"
)
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
        "language": language_tags(version)[0],
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


# Every listing detail, for the open-data CSV (`open_data`): lists are one item a line in a cell.
DETAIL_CSV_COLUMNS = (
    "listing_number",
    "title",
    "listed_title",
    "title_mi",
    "version",
    "version_approved_on",
    "version_effective_from",
    "level",
    "credits",
    "notional_hours",
    "nzsced_code",
    "field_of_study",
    "purpose_use",
    "purpose_relevance",
    "purpose_outcomes",
    "purpose_pathways",
    "purpose_contribution",
    "purpose_mi",
    "in_te_reo_maori",
    "language",
    "learning_outcomes",
    "standards_used",
    "review_period_years",
    "review_period_reason",
    "te_hono",
    "status",
    "listed_on",
    "status_changed_on",
    "expiring_end_date",
    "discontinued_on",
    "removed_reason",
    "next_review_due",
    "developer",
    "developer_slug",
    "developer_id",
    "accredited_providers",
    "accredited_provider_slugs",
    "accredited_provider_ids",
    "url",
    "ctdl_url",
    "achievement_url",
)


def _day(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def detail_csv_row(detail: MicroCredentialDetail, links: ListingLinks) -> list[Any]:
    """One listing in full as a CSV row of DETAIL_CSV_COLUMNS."""
    micro_credential, version = detail.micro_credential, detail.version
    number = micro_credential.listing_number
    providers = detail.accreditations
    return [
        number,
        version.title,
        version.listed_title,
        version.title_mi,
        version.number,
        _day(version.approved_on),
        _day(version.effective_from),
        version.level,
        version.credits,
        version.notional_hours if version.notional_hours is not None else "",
        version.nzsced_code,
        detail.field_of_study or "",
        version.purpose_use,
        version.purpose_relevance,
        version.purpose_outcomes,
        version.purpose_pathways,
        version.purpose_contribution,
        version.purpose_mi,
        "true" if version.in_te_reo_maori else "false",
        " ".join(language_tags(version)),
        "\n".join(str(outcome) for outcome in version.learning_outcomes),
        "\n".join(str(standard) for standard in version.standards_used),
        version.review_period_years,
        version.review_period_reason,
        "true" if micro_credential.te_hono else "false",
        micro_credential.status,
        _day(micro_credential.listed_on),
        _day(micro_credential.status_changed_on),
        _day(micro_credential.expiring_end_date),
        _day(micro_credential.discontinued_on),
        micro_credential.removed_reason,
        _day(micro_credential.next_review_due),
        micro_credential.developer.name,
        micro_credential.developer.slug,
        organisation_id(micro_credential.developer),
        "\n".join(provider.name for provider in providers),
        "\n".join(provider.slug for provider in providers),
        "\n".join(organisation_id(provider) for provider in providers),
        links.page(number),
        links.api("micro_credential_ctdl", number),
        achievement_url(number, version.number),
    ]


def achievement_url(listing_number: str, version: int, language: str = "") -> str:
    """The Open Badges 3.0 Achievement of one version of a listing (its id, fetchable)."""
    path = reverse(
        "register:version-achievement",
        kwargs={"listing_number": listing_number, "version": version},
    )
    return absolute_url(path) + ("?lang=mi" if language == "mi" else "")


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
# CTDL (Credential Engine) JSON-LD: a @graph of credential nodes and the organisation nodes they
# name by @id. Only properties the Registry Assistant publishes for each class are written
# (tests/register/ctdl/ctdl-schema.json is derived from it, and checks every document).

CREDENTIAL_STATUS = {
    ListingStatus.CURRENT: ("credentialStat:Active", "Active"),
    # LOR-8.4a: enrolled learners may still complete while it is expiring
    ListingStatus.EXPIRING: ("credentialStat:Active", "Active"),
    ListingStatus.DISCONTINUED: ("credentialStat:Deprecated", "Deprecated"),
    ListingStatus.REMOVED: ("credentialStat:Deprecated", "Deprecated"),
}
# CTDL's organisation types and sectors (the nearest concept for each kind of organisation).
AGENT_TYPE = {
    OrganisationKind.QUALITY_ASSURER: ("orgType:QualityAssurance", "Quality Assurance Body"),
}
DEFAULT_AGENT_TYPE = ("orgType:CertificationBody", "Certification Body")
PRIVATE_FOR_PROFIT = {OrganisationType.PTE, OrganisationType.EMPLOYER}
PRIVATE_NON_PROFIT = {
    OrganisationType.PROFESSIONAL_BODY,
    OrganisationType.OVERSEAS_PROVIDER,
    OrganisationType.OTHER,
}


def _language_map(english: str, maori: str = "") -> dict[str, str]:
    """Text by language: English (en-NZ) and, where there is one, te reo Māori (mi)."""
    text = {"en-NZ": english} if english else {}
    if maori:
        text["mi"] = maori
    return text


def _concept(*, scheme: str, scheme_name: str, node: str, name: str) -> dict[str, Any]:
    """A CredentialAlignmentObject naming a concept of a CTDL concept scheme."""
    return {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": f"https://credreg.net/ctdl/terms/{scheme}",
        "ceterms:frameworkName": {"en-NZ": scheme_name},
        "ceterms:targetNode": node,
        "ceterms:targetNodeName": {"en-NZ": name},
    }


def _alignment(
    *, framework: str, framework_name: str, node: str, code: str, name: str
) -> dict[str, Any]:
    """A CredentialAlignmentObject pointing at a node of an outside framework by URI."""
    return {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": framework,
        "ceterms:frameworkName": {"en-NZ": framework_name},
        "ceterms:targetNode": node,
        "ceterms:codedNotation": code,
        "ceterms:targetNodeName": {"en-NZ": name},
    }


def nzqcf_level_uri(level: int) -> str:
    """The URI Tohu uses for a level of the NZQCF: NZQA's page on the framework, by level."""
    return f"{NZQCF_URL}#level-{level}"


def nzsced_uri(code: str) -> str:
    """The URI Tohu uses for an NZSCED field: the classification's page, by code."""
    return f"{NZSCED_URL}#{code}"


def organisation_id(organisation: Named) -> str:
    """The organisation's one identifier: its DID, the @id in CTDL and the id in Open Badges."""
    from tohu.credentials.dids import did_host

    return f"did:web:{did_host()}:issuers:{organisation.slug}"


def organisation_page(organisation: Named) -> str:
    """The organisation's one public page on the register."""
    return absolute_url(reverse("credentials:organisation", args=[organisation.slug]))


def organisation_ctid(organisation: Named) -> str:
    """The organisation's Credential Transparency Identifier, stable for its short name."""
    return f"ce-{uuid.uuid5(CTID_NAMESPACE, 'organisation:' + organisation.slug)}"


def _identifier(kind: str, value: str) -> dict[str, Any]:
    return {
        "@type": "ceterms:IdentifierValue",
        "ceterms:identifierTypeName": {"en-NZ": kind},
        "ceterms:identifierValueCode": value,
    }


def _in_english(label: str | Promise) -> str:
    """A choice's label in English (labels are translated for the interface)."""
    with translation.override("en-nz"):
        return str(label)


def ctdl_organisation(organisation: Organisation) -> dict[str, Any]:
    """A ceterms:CredentialOrganization node: @id (DID), CTID, name, page, description, type."""
    kind = KIND_OF_TYPE.get(organisation.org_type, OrganisationKind.OTHER)
    agent_type, agent_type_name = AGENT_TYPE.get(OrganisationKind(kind), DEFAULT_AGENT_TYPE)
    org_type = OrganisationType(organisation.org_type)
    if org_type in PRIVATE_FOR_PROFIT:
        sector, sector_name = "agentSector:PrivateForProfit", "Private For-Profit"
    elif org_type in PRIVATE_NON_PROFIT:
        sector, sector_name = "agentSector:PrivateNonProfit", "Private Not-for-Profit"
    else:
        sector, sector_name = "agentSector:Public", "Public"
    node: dict[str, Any] = {
        "@id": organisation_id(organisation),
        "@type": "ceterms:CredentialOrganization",
        "ceterms:ctid": organisation_ctid(organisation),
        "ceterms:name": _language_map(organisation.name, organisation.name_mi),
        "ceterms:description": {
            # the English description names the type in English, whatever the request's language
            "en-NZ": f"{organisation.name}: {_in_english(org_type.label)}, on the NZQCF register."
        },
        "ceterms:subjectWebpage": organisation_page(organisation),
        "ceterms:agentType": [
            _concept(
                scheme="OrganizationType",
                scheme_name="Organization Type",
                node=agent_type,
                name=agent_type_name,
            )
        ],
        "ceterms:agentSectorType": [
            _concept(
                scheme="AgentSector", scheme_name="Agent Sector", node=sector, name=sector_name
            )
        ],
    }
    identifiers = [
        _identifier(kind, value)
        for kind, value in (
            ("MoE provider number", organisation.moe_number),
            ("NZBN", organisation.nzbn),
        )
        if value
    ]
    if identifiers:
        node["ceterms:identifier"] = identifiers
    if organisation.website:
        node["ceterms:sameAs"] = [organisation.website]
    if organisation.email:
        node["ceterms:email"] = [organisation.email]
    return node


def statement_text(version: MicroCredentialVersion) -> str:
    """Join the purpose and outcome statement (LOR-6.1d) into one description."""
    parts = (
        version.purpose_use,
        version.purpose_relevance,
        version.purpose_outcomes,
        version.purpose_contribution,
    )
    return "\n\n".join(part.strip() for part in parts if part.strip())


def ctdl_version_url(listing_number: str, version: int) -> str:
    """The CTDL document of one version of a listing (its @id, fetchable)."""
    return absolute_url(
        reverse(
            "register:version-ctdl", kwargs={"listing_number": listing_number, "version": version}
        )
    )


def version_page_url(listing_number: str, version: int) -> str:
    """One version of a listing, as a page."""
    return absolute_url(
        reverse("register:version", kwargs={"listing_number": listing_number, "version": version})
    )


def version_ctid(listing_number: str, version: int) -> str:
    """The CTID of one version of a listing, stable for the listing number and version."""
    return f"ce-{uuid.uuid5(CTID_NAMESPACE, f'{listing_number}/versions/{version}')}"


def language_tags(version: MicroCredentialVersion) -> list[str]:
    """The languages the listing is delivered in: te reo Māori (mi) or English (en)."""
    return ["mi"] if version.in_te_reo_maori else ["en"]


def ctdl_credential(
    detail: MicroCredentialDetail,
    *,
    version: MicroCredentialVersion | None = None,
    approver: Organisation | None = None,
) -> dict[str, Any]:
    """Describe a listing (or one version of it) as a CTDL ceterms:MicroCredential node.

    Without `version`: the listing as it is now, under its listing-wide @id and CTID. With one:
    that version under its own @id and CTID. Organisations are named by @id (`ctdl_graph`
    carries their nodes); `approver` is the quality assurer that approved and accredits it.
    """
    micro_credential, current = detail.micro_credential, detail.version
    number = micro_credential.listing_number
    chosen = version or current
    numbers = sorted(entry.version.number for entry in detail.versions)
    status, status_name = CREDENTIAL_STATUS[ListingStatus(micro_credential.status)]
    field_name = (
        getattr(chosen, "field_of_study_name", None)
        or (detail.field_of_study if chosen.number == current.number else None)
        or chosen.nzsced_code
    )
    node: dict[str, Any] = {
        "@id": ctdl_version_url(number, chosen.number)
        if version is not None
        else api_url("micro_credential_ctdl", number),
        "@type": "ceterms:MicroCredential",
        "ceterms:ctid": version_ctid(number, chosen.number)
        if version is not None
        else ctid(number),
        "ceterms:name": _language_map(chosen.listed_title, chosen.title_mi),
        "ceterms:description": _language_map(statement_text(chosen), chosen.purpose_mi),
        "ceterms:subjectWebpage": version_page_url(number, chosen.number)
        if version is not None
        else detail_url(number),
        "ceterms:identifier": [_identifier("NZQCF listing number", number)],
        "ceterms:versionIdentifier": [_identifier("Version", str(chosen.number))],
        # the day this version took effect (the listing's first on version 1)
        "ceterms:dateEffective": chosen.effective_from.isoformat(),
        "ceterms:inLanguage": language_tags(chosen),
        "ceterms:credentialStatusType": _concept(
            scheme="CredentialStatus",
            scheme_name="Credential Status",
            node=status,
            name=status_name,
        ),
        "ceterms:atLevel": [
            _alignment(
                framework=NZQCF_URL,
                framework_name=NZQCF,
                node=nzqcf_level_uri(chosen.level),
                code=str(chosen.level),
                name=f"Level {chosen.level}",
            )
        ],
        "ceterms:instructionalProgramType": [
            _alignment(
                framework=NZSCED_URL,
                framework_name=NZSCED,
                node=nzsced_uri(chosen.nzsced_code),
                code=chosen.nzsced_code,
                name=field_name,
            )
        ],
        "ceterms:ownedBy": [organisation_id(micro_credential.developer)],
        "ceterms:jurisdiction": [
            {
                "@type": "ceterms:JurisdictionProfile",
                "ceterms:globalJurisdiction": False,
                "ceterms:mainJurisdiction": [
                    {
                        "@type": "ceterms:Place",
                        "ceterms:name": {"en-NZ": "New Zealand", "mi": "Aotearoa"},
                        "ceterms:addressCountry": {"en-NZ": "New Zealand"},
                    }
                ],
            }
        ],
        "ceterms:latestVersion": ctdl_version_url(number, current.number),
        "ceterms:requires": [_requirements(chosen)],
    }
    if detail.accreditations:
        node["ceterms:offeredBy"] = [organisation_id(p) for p in detail.accreditations]
    if approver is not None:
        node["ceterms:approvedBy"] = [organisation_id(approver)]
        node["ceterms:accreditedBy"] = [organisation_id(approver)]
    earlier = [n for n in numbers if n < chosen.number]
    later = [n for n in numbers if n > chosen.number]
    if earlier:
        node["ceterms:previousVersion"] = ctdl_version_url(number, earlier[-1])
    if later:
        node["ceterms:nextVersion"] = ctdl_version_url(number, later[0])
    if chosen.notional_hours:
        node["ceterms:estimatedDuration"] = [
            {
                "@type": "ceterms:DurationProfile",
                "ceterms:exactDuration": f"PT{chosen.notional_hours}H",
                "ceterms:description": {"en-NZ": "Notional learning hours (LOR-6.1b)."},
            }
        ]
    if micro_credential.expiring_end_date:
        node["ceterms:expirationDate"] = micro_credential.expiring_end_date.isoformat()
    return node


def _requirements(version: MicroCredentialVersion) -> dict[str, Any]:
    """What a learner must show to be awarded it (CTDL's ConditionProfile): the learning
    outcomes, and the credit value it carries (CTDL gives a credit value to a condition)."""
    condition: dict[str, Any] = {
        "@type": "ceterms:ConditionProfile",
        "ceterms:description": {"en-NZ": "Show each of the learning outcomes."},
        "ceterms:creditValue": [
            {
                "@type": "ceterms:ValueProfile",
                "schema:value": version.credits,
                # NZQCF credits are academic credit (10 notional hours each): CTDL's nearest unit
                "ceterms:creditUnitType": [
                    _concept(
                        scheme="CreditUnit",
                        scheme_name="Credit Unit Type",
                        node="creditUnit:DegreeCredit",
                        name="NZQCF credit",
                    )
                ],
                "schema:description": {"en-NZ": CREDIT_MEANING},
            }
        ],
    }
    outcomes = [str(outcome) for outcome in version.learning_outcomes]
    if outcomes:
        condition["ceterms:condition"] = {"en-NZ": outcomes}
    return condition


def ctdl_graph(
    nodes: Iterable[dict[str, Any]], organisations: Iterable[Organisation]
) -> dict[str, Any]:
    """A CTDL document: the credential nodes and the organisation nodes they name."""
    by_id = {organisation_id(o): o for o in organisations}
    return {
        "@context": CTDL_CONTEXT,
        "@graph": [*nodes, *(ctdl_organisation(by_id[key]) for key in sorted(by_id))],
    }


def ctdl_document(
    detail: MicroCredentialDetail,
    organisations: Iterable[Organisation],
    *,
    version: MicroCredentialVersion | None = None,
    approver: Organisation | None = None,
) -> dict[str, Any]:
    """Describe one listing (or one of its versions) in CTDL, with its organisations' nodes."""
    node = ctdl_credential(detail, version=version, approver=approver)
    return ctdl_graph([node], organisations)


# ---------------------------------------------------------------------------------------------
# Open Badges 3.0 Achievement (built by tohu.credentials.documents.achievement).


def criteria_narrative(version: MicroCredentialVersion) -> str:
    """Say what a learner must show, from the learning outcomes (Markdown list)."""
    outcomes = "\n".join(f"- {outcome}" for outcome in version.learning_outcomes)
    lead = "Demonstrate each learning outcome:"
    return f"{lead}\n\n{outcomes}" if outcomes else version.purpose_outcomes
