"""Public register pages: search, one micro-credential, and downloads of any search.

Bad filters never break the page: it answers 200 with a message naming each filter at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from tohu.core.errors import InvalidInput
from tohu.core.web import domain_pages
from tohu.register import exports
from tohu.register.cache import public_cache
from tohu.register.forms import SearchForm
from tohu.register.models import ListingStatus
from tohu.register.selectors import (
    MAX_QUERY_LENGTH,
    SearchCriteria,
    SearchPage,
    micro_credential_detail,
    micro_credential_search,
    micro_credential_search_with_options,
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


@require_safe
@public_cache
@domain_pages
def detail(request: HttpRequest, listing_number: str) -> HttpResponse:
    """Show every listing detail, the version and status histories and accredited providers."""
    found = micro_credential_detail(user=request.user, listing_number=listing_number)
    number = found.listing_number
    links = {
        name: reverse(f"api-v1:micro_credential_{name}", kwargs={"listing_number": number})
        for name in ("detail", "ctdl", "achievement")
    }
    return render(request, "register/detail.html", {"detail": found, "links": links})


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
