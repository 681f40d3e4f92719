"""Public register pages: search, one micro-credential, and downloads of any search.

Bad filters never break the page: it answers 200 with a message naming each filter at fault.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from tohu.core.conditional import conditional_get, last_modified
from tohu.core.errors import InvalidInput, NotFound
from tohu.core.permissions import Action, can
from tohu.credentials.documents import achievement
from tohu.register import exports
from tohu.register import open_data as open_data_files
from tohu.register.cache import public_cache
from tohu.register.forms import SearchForm
from tohu.register.models import ListingStatus, MicroCredentialVersion
from tohu.register.selectors import (
    MAX_QUERY_LENGTH,
    MicroCredentialDetail,
    SearchCriteria,
    SearchPage,
    micro_credential_detail,
    micro_credential_search,
    micro_credential_search_with_options,
    organisations_named,
    search_criteria_from,
    search_filter_options,
    sees_removed,
)
from tohu.rulebook import CREDITS

RESULTS_REGION = "results"


@dataclass(frozen=True)
class PageLink:
    """One link in the pagination; a gap when `number` is None."""

    number: int | None
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class ResultRow:
    """One search result as the page shows it (plain values: quick to draw twenty of)."""

    url: str
    listing_number: str
    listed_title: str
    title_mi: str
    level: int
    credits: int
    developer: str
    status: str
    status_label: str


def _rows(page: SearchPage) -> list[ResultRow]:
    detail = reverse("register:detail", args=[exports.ListingLinks.PLACEHOLDER])
    rows = []
    for listing in page.items:
        version = listing.current_version
        assert version is not None
        rows.append(
            ResultRow(
                url=detail.replace(exports.ListingLinks.PLACEHOLDER, listing.listing_number),
                listing_number=listing.listing_number,
                listed_title=version.listed_title,
                title_mi=version.title_mi,
                level=version.level,
                credits=version.credits,
                developer=listing.developer.name,
                status=listing.status,
                status_label=str(ListingStatus(listing.status).label),
            )
        )
    return rows


def _query(criteria: SearchCriteria, **changes: Any) -> str:
    return urlencode(criteria.query_items(**changes))


def _page_links(page: SearchPage) -> list[PageLink]:
    """The first and last pages, and two either side of this one, with gaps between."""
    if page.pages <= 1:
        return []
    shown = sorted(
        {1, page.pages, *range(max(1, page.page - 2), min(page.pages, page.page + 2) + 1)}
    )
    links: list[PageLink] = []
    for number in shown:
        if links and links[-1].number is not None and number - links[-1].number > 1:
            links.append(PageLink(None))
        url = "?" + _query(page.criteria, page=number)
        links.append(PageLink(number, url, current=number == page.page))
    return links


def _download_links(criteria: SearchCriteria) -> dict[str, str]:
    query = urlencode(
        [pair for pair in criteria.query_items(page=1) if pair[0] not in ("page", "page_size")]
    )
    suffix = f"?{query}" if query else ""
    return {
        "csv": reverse("register:download-csv") + suffix,
        "json": reverse("register:download-json") + suffix,
    }


def _results_context(page: SearchPage | None) -> dict[str, Any]:
    if page is None:
        return {"page": None}
    criteria = page.criteria
    return {
        "page": page,
        "rows": _rows(page),
        "page_links": _page_links(page),
        "previous_url": "?" + _query(criteria, page=min(page.page - 1, page.pages))
        if page.has_previous
        else "",
        "next_url": "?" + _query(criteria, page=page.page + 1) if page.has_next else "",
        "downloads": _download_links(criteria),
    }


def _wants_results_only(request: HttpRequest) -> bool:
    # htmx asks for the results region alone; a history restore needs the whole page
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Target") == RESULTS_REGION
        and headers.get("HX-History-Restore-Request") != "true"
    )


def _search(request: HttpRequest, form: SearchForm, *, results_only: bool) -> SearchPage | None:
    """Run the search the form asks for, and offer the form its choices unless htmx asked for
    the results alone: two queries either way."""
    user = request.user
    criteria = form.criteria if form.is_valid() else None
    if criteria is None:
        if not results_only:
            form.offer(search_filter_options(user=user))
        return None
    if results_only:
        return micro_credential_search(user=user, criteria=criteria)
    page, options = micro_credential_search_with_options(user=user, criteria=criteria)
    form.offer(options)
    return page


@require_safe
@public_cache
def search(request: HttpRequest) -> HttpResponse:
    """Search the register; with htmx, answer only the results region."""
    results_only = _wants_results_only(request)
    form = SearchForm(request.GET, show_removed=sees_removed(request.user))
    page = _search(request, form, results_only=results_only)
    context = {
        "form": form,
        "problems": form.problem_list(),
        "max_query_length": MAX_QUERY_LENGTH,
        "credits_lowest": CREDITS[0],
        "credits_highest": CREDITS[-1],
        "results_only": results_only,
        **_results_context(page),
    }
    template = "register/_results.html" if results_only else "register/search.html"
    response = render(request, template, context)
    if results_only and page is not None:
        # the address bar gets the search without the form's empty fields
        query = _query(page.criteria)
        response["HX-Push-Url"] = request.path + (f"?{query}" if query else "")
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _found(request: HttpRequest, listing_number: str) -> MicroCredentialDetail:
    try:
        return micro_credential_detail(user=request.user, listing_number=listing_number)
    except NotFound as error:
        raise Http404(error.message) from None


def _version_of(detail: MicroCredentialDetail, number: int) -> MicroCredentialVersion:
    for entry in detail.versions:
        if entry.version.number == number:
            return entry.version
    raise Http404(f"{detail.listing_number} has no version {number}.")


def _detail_page(
    request: HttpRequest, found: MicroCredentialDetail, shown: MicroCredentialVersion
) -> HttpResponse:
    number = found.listing_number
    links = {
        name: reverse(f"api-v1:micro_credential_{name}", kwargs={"listing_number": number})
        for name in ("detail", "ctdl", "achievement")
    }
    version_kwargs = {"listing_number": number, "version": shown.number}
    links.update(
        current=reverse("register:detail", kwargs={"listing_number": number}),
        version_ctdl=reverse("register:version-ctdl", kwargs=version_kwargs),
        version_achievement=reverse("register:version-achievement", kwargs=version_kwargs),
        open_data=reverse("register:open-data"),
    )
    context = {"detail": found, "shown": shown, "links": links}
    return render(request, "register/detail.html", context)


@require_safe
@public_cache
def detail(request: HttpRequest, listing_number: str) -> HttpResponse:
    """Show every listing detail, the version and status histories and accredited providers."""
    found = _found(request, listing_number)
    return _detail_page(request, found, found.version)


@require_safe
@public_cache
def version(request: HttpRequest, listing_number: str, version: int) -> HttpResponse:
    """Show one version of a listing (a past one stays on record: its own address)."""
    found = _found(request, listing_number)
    return _detail_page(request, found, _version_of(found, version))


def _json_document(
    document: dict[str, Any], content_type: str, found: MicroCredentialDetail
) -> HttpResponse:
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    last_modified(response, found.micro_credential.updated_at)
    return response


@require_safe
@conditional_get
@public_cache
def version_ctdl(request: HttpRequest, listing_number: str, version: int) -> HttpResponse:
    """One version of a listing in CTDL, under its own @id and CTID."""
    found = _found(request, listing_number)
    chosen = _version_of(found, version)
    organisations, approver = organisations_named([found])
    document = exports.ctdl_document(found, organisations, version=chosen, approver=approver)
    return _json_document(document, "application/ld+json", found)


@require_safe
@conditional_get
@public_cache
def version_achievement(request: HttpRequest, listing_number: str, version: int) -> HttpResponse:
    """One version of a listing as an Open Badges 3.0 Achievement (`?lang=mi`: in te reo)."""
    found = _found(request, listing_number)
    chosen = _version_of(found, version)
    language = request.GET.get("lang", "")
    if language not in ("", "en", "mi"):
        return HttpResponse(
            "lang: must be en or mi\n", status=400, content_type="text/plain; charset=utf-8"
        )
    document = {
        "@context": exports.OB3_CONTEXT,
        **achievement(
            found.micro_credential,
            chosen,
            language=language,
            field_of_study=(found.field_of_study or "") if chosen == found.version else "",
        ),
    }
    return _json_document(document, "application/json", found)


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The open-data files of the whole register: what each holds, its size and date."""
    if not can(request.user, Action.REGISTER_VIEW):
        raise PermissionDenied
    built = open_data_files.manifest()
    files = []
    if built is not None:
        for file in open_data_files.FILES:
            entry = built["files"].get(file.name)
            if entry is not None:
                url = reverse("register:open-data-file", args=[file.name])
                files.append({"file": file, "entry": entry, "url": url})
    context = {
        "built": built,
        "generated_at": open_data_files.generated_at(built) if built else None,
        "files": files,
    }
    return render(request, "register/open_data.html", context)


@require_safe
def open_data_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """One open-data file, gzip, with its ETag and Last-Modified (304 when unchanged)."""
    if not can(request.user, Action.REGISTER_VIEW):
        raise PermissionDenied
    path = open_data_files.file_path(name)
    built = open_data_files.manifest()
    entry = built["files"].get(name) if built and path else None
    if path is None or built is None or entry is None:
        raise Http404("There is no such open-data file, or it is not built yet.")
    tag = open_data_files.etag(entry)
    modified = open_data_files.generated_at(built).timestamp()
    unchanged = get_conditional_response(request, etag=tag, last_modified=int(modified))
    if unchanged is not None:
        return unchanged
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise Http404("The open-data file is being rebuilt: try again shortly.") from None
    response = FileResponse(
        handle, content_type="application/gzip", as_attachment=True, filename=name
    )
    response["ETag"] = tag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "public, max-age=300"
    return response


def _download(request: HttpRequest, kind: Literal["csv", "json"]) -> HttpResponseBase:
    try:
        criteria = search_criteria_from(dict(request.GET.lists()))
    except InvalidInput as error:
        return HttpResponse(
            f"{error.message}\n", status=400, content_type="text/plain; charset=utf-8"
        )
    return exports.search_download(kind, user=request.user, criteria=criteria)


@require_safe
def download_csv(request: HttpRequest) -> HttpResponseBase:
    """Download every listing matching the search as CSV."""
    return _download(request, "csv")


@require_safe
def download_json(request: HttpRequest) -> HttpResponseBase:
    """Download every listing matching the search as JSON."""
    return _download(request, "json")
