"""The public register in the API: search, detail, CTDL, Open Badges 3.0 and downloads.

Public endpoints: no key needed. Search parameters are checked by the same validator as the web
page (`selectors.search_criteria_from`), so a bad filter gets the same words in both places: a 400
answer whose `field` names the parameter at fault.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, P, PathEx, Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import ConfigDict

from tohu.core import pagination
from tohu.core.conditional import last_modified
from tohu.core.errors import NotFound
from tohu.core.problems import ProblemOut
from tohu.credentials.documents import achievement
from tohu.register import document_schemas, exports, selectors
from tohu.register import open_data as open_data_files
from tohu.register.cache import public_cache
from tohu.register.selectors import (
    API_PARAMETERS,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    PARAMETERS,
    Sort,
)

router = Router(tags=["register"])

ListingNumber = PathEx[
    str, P(description="The listing number (LOR-13.2), e.g. 1234.", example="1234")
]


# ---------------------------------------------------------------------------------------------
# Schemas.


class OrganisationOut(Schema):
    id: str = Field(
        description="The organisation's one identifier (its DID): the @id in CTDL, the id in "
        "Open Badges 3.0."
    )
    slug: str = Field(description="Short name; use it in the developer and provider filters.")
    name: str
    name_mi: str = Field(description="Name in te reo Māori, if it has one.")


SUMMARY_EXAMPLE: dict[str, Any] = {
    "listing_number": "1234",
    "title": "Safe Forklift Operation",
    "listed_title": "Safe Forklift Operation (Micro-credential)",
    "title_mi": "",
    "version": 2,
    "level": 3,
    "credits": 5,
    "nzsced_code": "039999",
    "status": "current",
    "listed_on": "2025-03-14",
    "next_review_due": "2028-03-14",
    "developer": {
        "id": "did:web:tohu.example:issuers:ringa-hora",
        "slug": "ringa-hora",
        "name": "Ringa Hora",
        "name_mi": "",
    },
    "url": "https://tohu.example/micro-credentials/1234",
    "api_url": "https://tohu.example/api/v1/micro-credentials/1234",
}


class MicroCredentialSummaryOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [SUMMARY_EXAMPLE]})

    listing_number: str = Field(description="Unique listing number (LOR-13.2).")
    title: str
    listed_title: str = Field(description='The title as listed, with "(Micro-credential)".')
    title_mi: str = Field(description="Title in te reo Māori, if any.")
    version: int = Field(description="Number of the current version (VER-1).")
    level: int = Field(description="NZQCF level, 1 to 10.")
    credits: int = Field(description="Credit value; one credit is 10 notional learning hours.")
    nzsced_code: str = Field(description="NZSCED field-of-study code (six digits).")
    status: Literal["current", "expiring", "discontinued", "removed"]
    listed_on: date
    next_review_due: date | None
    developer: OrganisationOut
    url: str = Field(description="The listing's page on the register.")
    api_url: str = Field(description="This listing's detail endpoint.")


class SearchPageOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "total": 2,
                    "items": [SUMMARY_EXAMPLE],
                    "next": "https://tohu.example/api/v1/micro-credentials?q=forklift&limit=1"
                    "&cursor=eyJzb3J0IjoicmVsZXZhbmNlIn0:1t2Xyz:AbC",
                }
            ]
        }
    )

    total: int = Field(description="How many listings match, on every page.")
    items: list[MicroCredentialSummaryOut]
    next: str | None = Field(
        description='The next page\'s address (also sent as `Link: <…>; rel="next"`); null on '
        "the last page."
    )


class FieldChangeOut(Schema):
    field: str
    label: str
    before: Any
    after: Any


class VersionOut(Schema):
    number: int
    title: str
    level: int
    credits: int
    approved_on: date
    effective_from: date
    rulebook_version: str
    change_summary: str
    changes: list[FieldChangeOut] = Field(
        description="Listing details that differ from the version before (none for version 1)."
    )


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    effective_on: date
    end_date: date | None
    reason: str


class AccreditedProviderOut(Schema):
    provider: OrganisationOut
    granted_on: date
    conditions: str


class PurposeOut(Schema):
    use: str = Field(description="(i) How it is used in New Zealand or elsewhere.")
    relevance: str = Field(description="(ii) Relevance to learners, whānau, iwi, industry.")
    outcomes: str = Field(description="(iii) Knowledge, skills and attributes of a graduate.")
    pathways: str = Field(description="(iv) Education pathways, if any.")
    contribution: str = Field(description="(v) Cultural, employment or community pathway.")
    statement_mi: str = Field(description="The statement in te reo Māori, if any.")


class LinksOut(Schema):
    html: str
    ctdl: str
    achievement: str


class MicroCredentialDetailOut(MicroCredentialSummaryOut):
    notional_hours: int | None
    field_of_study: str | None = Field(description="Name of the NZSCED field, where known.")
    purpose: PurposeOut = Field(description="The purpose and outcome statement (LOR-6.1d).")
    in_te_reo_maori: bool
    language: Literal["en", "mi"] = Field(
        description="The language it is delivered in: mi (te reo Māori) or en. The title in te "
        "reo Māori, where there is one, is `title_mi`."
    )
    learning_outcomes: list[str]
    standards_used: list[str] = Field(description="Skill or unit standards used (LOR-6.1f).")
    review_period_years: int = Field(description="Review period (LOR-6.1g).")
    review_period_reason: str
    te_hono: bool = Field(description="Evaluated using Te Hono o Te Kahurangi (LOR-14.2).")
    status_changed_on: date
    expiring_end_date: date | None
    discontinued_on: date | None
    removed_reason: str
    versions: list[VersionOut] = Field(description="Every version, newest first.")
    status_history: list[StatusChangeOut]
    accredited_providers: list[AccreditedProviderOut]
    links: LinksOut


# ---------------------------------------------------------------------------------------------
# Search parameters: read from the query string by the shared validator, documented here.


def _query_parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    parameter: dict[str, Any] = {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }
    if schema.get("type") == "array":
        parameter.update(style="form", explode=True)
    return parameter


SEARCH_PARAMETERS = [
    _query_parameter(
        "q",
        "Words to find in titles, purpose statements and learning outcomes. Every word must "
        "match; English stemming; macrons optional (wananga finds wānanga).",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
    ),
    _query_parameter(
        "level",
        "NZQCF level; repeat for more than one (level=3&level=4).",
        {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 10}},
    ),
    _query_parameter(
        "credits_min", "Fewest credits.", {"type": "integer", "minimum": 1, "maximum": 40}
    ),
    _query_parameter(
        "credits_max",
        "Most credits; not less than credits_min.",
        {"type": "integer", "minimum": 1, "maximum": 40},
    ),
    _query_parameter(
        "field",
        "NZSCED field of study: a broad (2-digit), narrow (4-digit) or detailed (6-digit) code.",
        {"type": "string", "pattern": "^[0-9]{2}([0-9]{2}){0,2}$"},
    ),
    _query_parameter("developer", "The developer's short name (slug).", {"type": "string"}),
    _query_parameter(
        "provider",
        "Short name (slug) of a provider holding a granted accreditation.",
        {"type": "string"},
    ),
    _query_parameter(
        "status",
        "Listing status; repeat for more than one.",
        {
            "type": "array",
            "items": {"type": "string", "enum": ["current", "expiring", "discontinued", "removed"]},
        },
    ),
    _query_parameter(
        "sort",
        "Order of results: relevance (the default with q), -listed_on (newest first, the default "
        "without q), title, level, credits or listing_number. Ties go by listing number.",
        {"type": "string", "enum": [sort.value for sort in Sort]},
    ),
    _query_parameter(
        "updated_since",
        pagination.UPDATED_SINCE_DESCRIPTION,
        {"type": "string", "format": "date-time"},
    ),
    _query_parameter(
        "cursor",
        "Opaque: the `cursor` of the `next` address of the page before. It is made for one "
        "order: the same search with another `sort` refuses it (400).",
        {"type": "string"},
    ),
    _query_parameter(
        "limit",
        "Listings per page.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": 20},
    ),
]
PAGING = ("updated_since", "cursor", "limit")
DOWNLOAD_PARAMETERS = [p for p in SEARCH_PARAMETERS if p["name"] not in PAGING]
assert {p["name"] for p in SEARCH_PARAMETERS} == set(API_PARAMETERS)
assert {p["name"] for p in DOWNLOAD_PARAMETERS} | {"page", "page_size"} == set(PARAMETERS)

BAD_SEARCH = {400: ProblemOut}


def _criteria(request: HttpRequest) -> selectors.SearchCriteria:
    return selectors.search_criteria_from(dict(request.GET.lists()))


# ---------------------------------------------------------------------------------------------
# Endpoints. The downloads come first: their paths must not be read as listing numbers.


@router.get(
    "/micro-credentials.csv",
    response=BAD_SEARCH,
    url_name="micro_credential_download_csv",
    operation_id="micro_credential_download_csv",
    summary="Download a search as CSV",
    description="Every listing that matches (not one page), as a UTF-8 CSV file with a header row.",
    openapi_extra={
        "parameters": DOWNLOAD_PARAMETERS,
        "responses": {
            200: {
                "description": "The CSV file.",
                "content": {
                    "text/csv": {
                        "schema": {"type": "string"},
                        "example": "listing_number,title,level,credits\r\n1234,Forklift,3,5\r\n",
                    }
                },
            }
        },
    },
)
def micro_credential_download_csv(request: HttpRequest) -> StreamingHttpResponse:
    return exports.search_download("csv", user=request.user, criteria=_criteria(request))


@router.get(
    "/micro-credentials.json",
    response=BAD_SEARCH,
    url_name="micro_credential_download_json",
    operation_id="micro_credential_download_json",
    summary="Download a search as JSON",
    description=(
        "Every listing that matches (not one page): "
        '{"search": {...}, "items": [...], "count": n}, each item with its accredited providers.'
    ),
    openapi_extra={
        "parameters": DOWNLOAD_PARAMETERS,
        "responses": {
            200: {
                "description": "The JSON file.",
                "content": {"application/json": {"schema": document_schemas.SEARCH_DOWNLOAD}},
            }
        },
    },
)
def micro_credential_download_json(request: HttpRequest) -> StreamingHttpResponse:
    return exports.search_download("json", user=request.user, criteria=_criteria(request))


@router.get(
    "/micro-credentials",
    response={200: SearchPageOut, **BAD_SEARCH},
    url_name="micro_credential_search",
    operation_id="micro_credential_search",
    summary="Search the register",
    description=(
        "Full-text search over titles, purpose statements and learning outcomes, ranked, with "
        'filters and sorting, a page at a time: follow `next` (also sent as `Link: rel="next"`) '
        "until it is null. Pages are read by keyset (after the last listing of the page before, "
        "in the search's order), so listings added while you page never shift or repeat a page. "
        "`updated_since` keeps the listings whose documents changed at or after a time (their "
        "`Last-Modified`). The answer carries an `ETag` and `Last-Modified` (when the register "
        "last changed): a conditional GET answers 304 when nothing did. An unknown parameter or "
        "a bad value answers 400 naming the parameter."
    ),
    openapi_extra={"parameters": SEARCH_PARAMETERS},
)
@decorate_view(public_cache)
def micro_credential_search(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    criteria = selectors.search_criteria_from(dict(request.GET.lists()), by_cursor=True)
    page = selectors.micro_credential_search_by_cursor(user=request.user, criteria=criteria)
    links = exports.ListingLinks()
    items = [exports.listing_summary(item, links) for item in page.items]
    cursor = page.next.cursor() if page.next else None
    changed = selectors.register_last_changed()
    body = pagination.page_body(request, response, items, cursor, changed)
    return {"total": page.total, **body}


@router.get(
    "/micro-credentials/{listing_number}",
    response={200: MicroCredentialDetailOut, 404: ProblemOut},
    url_name="micro_credential_detail",
    operation_id="micro_credential_detail",
    summary="One micro-credential",
    description=(
        "Every listing detail, the version history with what changed, the status history, the "
        "accredited providers and the next review date."
    ),
)
@decorate_view(public_cache)
def micro_credential_detail(
    request: HttpRequest, response: HttpResponse, listing_number: ListingNumber
) -> dict[str, Any]:
    detail = selectors.micro_credential_detail(user=request.user, listing_number=listing_number)
    last_modified(response, detail.micro_credential.updated_at)
    return exports.listing_detail(detail)


@router.get(
    "/micro-credentials/{listing_number}/ctdl",
    response={404: ProblemOut},
    url_name="micro_credential_ctdl",
    operation_id="micro_credential_ctdl",
    summary="One micro-credential in CTDL (JSON-LD)",
    description=(
        "A Credential Engine CTDL document: an `@graph` of the ceterms:MicroCredential and the "
        "ceterms:CredentialOrganization nodes it names by `@id` (developer, accredited "
        "providers, NZQA). Each version has its own document at "
        "`/micro-credentials/{n}/versions/{v}/ctdl.json`, named by `ceterms:latestVersion` "
        "and `ceterms:previousVersion`."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The CTDL document.",
                "content": {"application/ld+json": {"schema": document_schemas.CTDL_DOCUMENT}},
            }
        }
    },
)
@decorate_view(public_cache)
def micro_credential_ctdl(request: HttpRequest, listing_number: ListingNumber) -> HttpResponse:
    detail = selectors.micro_credential_detail(user=request.user, listing_number=listing_number)
    organisations, approver = selectors.organisations_named([detail])
    document = exports.ctdl_document(detail, organisations, approver=approver)
    return _json_response(document, "application/ld+json", detail)


class AchievementQuery(Schema):
    version: int | None = Field(None, ge=1, description="The version; default: the one in force.")
    lang: Literal["en", "mi"] | None = Field(None, description="en or mi (the te reo title).")


@router.get(
    "/micro-credentials/{listing_number}/achievement",
    response={404: ProblemOut},
    url_name="micro_credential_achievement",
    operation_id="micro_credential_achievement",
    summary="One version of a micro-credential as an Open Badges 3.0 Achievement",
    description=(
        "An Open Badges 3.0 Achievement with achievementType MicroCredential. Each version has "
        "its own id (`?version=N`); without `version`, the version in force. `lang=mi` gives the "
        "te reo Māori version where the listing has a title in te reo."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The Achievement.",
                "content": {"application/json": {"schema": document_schemas.ACHIEVEMENT_DOCUMENT}},
            }
        }
    },
)
@decorate_view(public_cache)
def micro_credential_achievement(
    request: HttpRequest,
    listing_number: ListingNumber,
    filters: Query[AchievementQuery],
) -> HttpResponse:
    version, lang = filters.version, filters.lang
    detail = selectors.micro_credential_detail(user=request.user, listing_number=listing_number)
    chosen = detail.version
    if version is not None:
        found = [e.version for e in detail.versions if e.version.number == version]
        if not found:
            raise NotFound(
                gettext("%(listing_number)s has no version %(version)s.")
                % {"listing_number": listing_number, "version": version},
                field="version",
            )
        chosen = found[0]
    document = {
        "@context": exports.OB3_CONTEXT,
        **achievement(
            detail.micro_credential,
            chosen,
            language=lang or "",
            field_of_study=(detail.field_of_study or "") if chosen == detail.version else "",
        ),
    }
    return _json_response(document, "application/json", detail)


def _json_response(
    document: dict[str, Any], content_type: str, detail: selectors.MicroCredentialDetail
) -> HttpResponse:
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    # what the document shows last changed: the listing, its versions, status, accreditations
    # and the organisations it names all move `updated_at` (tohu.register.services)
    last_modified(response, detail.micro_credential.updated_at)
    return response


# ---------------------------------------------------------------------------------------------
# Open data: the files of the whole register.


class OpenDataFileOut(Schema):
    name: str
    kind: Literal["csv", "jsonl", "ctdl", "achievements"]
    url: str = Field(description="Its address: GET it with If-None-Match for a 304 when unchanged.")
    media_type: str = Field(description="The type of what is inside the gzip.")
    encoding: Literal["gzip"]
    description: str
    bytes: int
    sha256: str
    etag: str = Field(description="The ETag the file is served with.")


class OpenDataOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "generated_at": "2026-12-07T09:30:00+13:00",
                    "listings": 412,
                    "page": "https://tohu.example/open-data/",
                    "files": [
                        {
                            "name": "micro-credentials.csv.gz",
                            "kind": "csv",
                            "url": "https://tohu.example/open-data/micro-credentials.csv.gz",
                            "media_type": "text/csv",
                            "encoding": "gzip",
                            "description": "Every listing, one row each.",
                            "bytes": 81234,
                            "sha256": "9f2c...",
                            "etag": '"9f2c..."',
                        }
                    ],
                }
            ]
        }
    )

    generated_at: datetime | None = Field(description="When the files were built; null before.")
    listings: int = Field(description="How many listings the files hold.")
    page: str = Field(description="The open-data page on the register.")
    files: list[OpenDataFileOut]


@router.get(
    "/open-data",
    response={200: OpenDataOut},
    url_name="open_data",
    operation_id="open_data",
    summary="The open-data files of the whole register",
    description=(
        "Every listing as CSV (every field), JSON Lines (each listing's detail), the CTDL graph "
        "(`@graph` of every credential and organisation) and Open Badges 3.0 Achievements (JSON "
        "Lines), each gzip, rebuilt after the register changes. Each file is served with its "
        "ETag and Last-Modified: a conditional GET answers 304 when it has not changed."
    ),
)
def open_data(request: HttpRequest) -> dict[str, Any]:
    built = open_data_files.manifest()
    files = []
    if built is not None:
        for file in open_data_files.FILES:
            entry = built["files"].get(file.name)
            if entry is None:
                continue
            path = reverse("register:open-data-file", args=[file.name])
            files.append(
                {
                    **entry,
                    "name": file.name,
                    "url": exports.absolute(path),
                    "etag": open_data_files.etag(entry),
                }
            )
    return {
        "generated_at": open_data_files.generated_at(built) if built else None,
        "listings": built["listings"] if built else 0,
        "page": exports.absolute(reverse("register:open-data")),
        "files": files,
    }
