"""The public register pages: search (with and without htmx) and one micro-credential."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import Persona
from tests.register.conftest import Register
from tohu.core.principal import SYSTEM

HTMX = {"HX-Request": "true", "HX-Target": "results"}


def result_numbers(html: str) -> list[str]:
    return re.findall(r'href="/micro-credentials/(\d+)/"', html)


def test_the_search_page_lists_results_with_their_facts(register: Register, public: Client) -> None:
    response = public.get("/", {"q": "rangahau"})
    html = response.content.decode()
    assert response.status_code == 200
    assert result_numbers(html) == ["2004"]
    assert "Whakapapa Research Methods (Micro-credential)" in html
    assert '<p class="result-title-mi" lang="mi">Rangahau Whakapapa ki te Wananga</p>' in html
    assert "<dt>Level</dt><dd>5</dd>" in html
    assert "<dt>Credits</dt><dd>15</dd>" in html
    assert "<dt>Developer</dt><dd>Southern Skills Academy</dd>" in html
    assert 'class="status status-current">Current<' in html
    assert "Showing 1 to 1 of 1 micro-credential." in html
    assert 'role="status"' in html


def test_the_search_page_keeps_the_filters_it_was_given(register: Register, public: Client) -> None:
    html = public.get(
        "/", {"q": "forklift", "level": "3", "field": "0303", "status": "current", "sort": "title"}
    ).content.decode()
    assert 'name="q" id="id_q" value="forklift"' in html
    assert 'value="3" id="id_level_2" checked' in html
    assert '<option value="0303" selected>' in html
    assert 'value="current" id="id_status_0" checked' in html
    assert '<option value="title" selected>' in html
    assert (
        'href="/micro-credentials.csv?q=forklift&amp;level=3&amp;field=0303&amp;status=current&amp;sort=title"'
        in html
    )


def test_every_input_has_a_label(register: Register, public: Client) -> None:
    html = public.get("/").content.decode()
    ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html)
    assert ids
    for input_id in ids:
        assert f'<label for="{input_id}">' in html, input_id


def test_the_page_loads_htmx_once_from_a_file_with_no_inline_script(
    register: Register, public: Client
) -> None:
    html = public.get("/").content.decode()
    # base.html loads htmx for every page; the search page must not load it a second time
    assert html.count('src="/static/tohu/htmx.min.js"') == 1
    assert "<script>" not in html
    assert " style=" not in html
    assert 'hx-get="/"' in html
    assert 'hx-push-url="true"' in html


def test_pagination_links_carry_the_filters(register: Register, public: Client) -> None:
    html = public.get("/", {"level": ["4", "5"], "page_size": "1", "page": "2"}).content.decode()
    assert 'href="?level=4&amp;level=5&amp;page=3&amp;page_size=1" rel="next"' in html
    assert 'href="?level=4&amp;level=5&amp;page_size=1" rel="prev"' in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in html
    assert result_numbers(html) == ["2004"]


def test_htmx_gets_only_the_results_and_the_count(register: Register, public: Client) -> None:
    response = public.get("/", {"q": "forklift"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="search-form"' not in html
    assert '<p id="result-count" hx-swap-oob="innerHTML">' in html
    assert result_numbers(html) == ["2001"]
    assert "HX-Request" in response["Vary"]


def test_htmx_pushes_the_search_without_empty_fields(register: Register, public: Client) -> None:
    response = public.get("/?q=forklift&level=3&credits_min=&field=&sort=", headers=HTMX)
    assert response["HX-Push-Url"] == "/?q=forklift&level=3"
    assert public.get("/?q=&level=", headers=HTMX)["HX-Push-Url"] == "/"


def test_an_htmx_history_restore_gets_the_whole_page(register: Register, public: Client) -> None:
    response = public.get(
        "/", {"q": "forklift"}, headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in response.content


def test_bad_filters_over_htmx_say_why_in_the_results(register: Register, public: Client) -> None:
    response = public.get("/", {"level": "0"}, headers=HTMX)
    assert response.status_code == 200
    assert b"Level: must be a whole number from 1 to 10" in response.content


def test_an_unknown_parameter_is_named_on_the_page(register: Register, public: Client) -> None:
    html = public.get("/", {"colour": "blue"}).content.decode()
    assert "colour: is not a search filter" in html
    assert 'role="alert"' in html


def test_a_field_error_is_linked_to_its_input(register: Register, public: Client) -> None:
    html = public.get("/", {"credits_min": "50"}).content.decode()
    assert 'aria-invalid="true" aria-describedby="id_credits_min_error"' in html
    error = "<strong>Error:</strong> must be a whole number from 1 to 40"
    assert f'<p class="field-error" id="id_credits_min_error">{error}</p>' in html
    assert '<a href="#id_credits_min">Credits from: must be a whole number from 1 to 40</a>' in html


def test_no_results_says_so(register: Register, public: Client) -> None:
    html = public.get("/", {"q": "submarine"}).content.decode()
    assert "No micro-credentials match." in html
    assert "Download these results" not in html


def test_a_page_past_the_end_says_so(register: Register, public: Client) -> None:
    response = public.get("/", {"page": "40"})
    assert response.status_code == 200
    assert b"past the last page" in response.content


def test_the_search_page_hides_removed_listings_from_the_public(
    register: Register, public: Client, quality_assurer: Persona
) -> None:
    assert "2007" not in result_numbers(public.get("/", {"q": "forklift"}).content.decode())
    qa_html = quality_assurer.client.get("/", {"q": "forklift"}).content.decode()
    assert "2007" in result_numbers(qa_html)
    assert 'value="removed"' in qa_html
    assert 'value="removed"' not in public.get("/").content.decode()


def test_the_detail_page_shows_every_listing_detail(register: Register, public: Client) -> None:
    response = public.get("/micro-credentials/2004/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Whakapapa Research Methods (Micro-credential)</h1>" in html
    assert '<p class="title-mi" lang="mi">Rangahau Whakapapa ki te Wananga</p>' in html
    assert "5 (NZQCF)" in html
    assert "15 (50 notional learning hours)" in html
    assert "090599" in html
    assert "Southern Skills Academy" in html
    assert "3 years" in html
    assert '<p lang="mi">He tohu mō te rangahau whakapapa.</p>' in html
    assert "<li>Trace lineage using archives</li>" in html
    assert "10 Apr 2027" in html
    for heading in (
        "Listing details",
        "Learning outcomes",
        "Accredited providers",
        "Version history",
        "Status history",
    ):
        assert f">{heading}</h2>" in html


@pytest.mark.parametrize(
    ("listing_number", "taken"),
    [
        pytest.param("2001", "Taken", id="current"),
        pytest.param("2005", "Not taken", id="expiring (LOR-8.4a)"),
        pytest.param("2006", "Not taken", id="discontinued (LOR-8.5)"),
    ],
)
def test_the_detail_page_says_whether_new_enrolments_are_taken(
    register: Register, public: Client, listing_number: str, taken: str
) -> None:
    html = public.get(f"/micro-credentials/{listing_number}/").content.decode()
    assert f"<div><dt>New enrolments</dt><dd>{taken}</dd></div>" in html


def test_the_detail_page_shows_what_changed_between_versions(
    register: Register, public: Client
) -> None:
    html = public.get("/micro-credentials/2001/").content.decode()
    assert "Version 2 (current)" in html
    assert "Added loading; credits up to 6." in html
    assert '<tr><th scope="row">Credits</th><td>5</td><td>6</td></tr>' in html
    assert "What changed from version 1" in html
    # each organisation links to its one public page
    assert (
        '<th scope="row"><a href="/issuers/southern-skills/">Southern Skills Academy</a></th>'
        "<td>1 Feb 2024</td>"
    ) in html
    assert 'href="/micro-credentials/2001/versions/1/"' in html


def test_the_detail_page_says_when_te_hono_was_used(isb: object, public: Client) -> None:
    from datetime import date

    from tests.factories import version_details
    from tohu.register import services

    services.micro_credential_list(
        actor=SYSTEM,
        developer=isb,  # type: ignore[arg-type]
        details=version_details(),
        approved_on=date(2024, 1, 1),
        listed_on=date(2024, 1, 1),
        te_hono=True,
        listing_number="4001",
    )
    html = public.get("/micro-credentials/4001/").content.decode()
    assert '<span lang="mi">Te Hono o Te Kahurangi</span>' in html


def test_the_detail_page_links_to_the_open_data(register: Register, public: Client) -> None:
    html = public.get("/micro-credentials/2001/").content.decode()
    for path in (
        "/api/v1/micro-credentials/2001",
        "/api/v1/micro-credentials/2001/ctdl",
        "/api/v1/micro-credentials/2001/achievement",
    ):
        assert f'href="{path}"' in html


def test_a_listing_address_with_a_nul_is_refused_before_any_lookup(
    db: None, public: Client
) -> None:
    response = public.get("/micro-credentials/x%00y/")
    assert response.status_code == 400
    assert b"contains a NUL character" in response.content


@pytest.mark.parametrize("path", ["2007", "9999", "x" * 300])
def test_missing_or_removed_listings_are_404_for_the_public(
    register: Register, public: Client, path: str
) -> None:
    assert public.get(f"/micro-credentials/{path}/").status_code == 404


def test_a_removed_listing_page_is_shown_to_the_quality_assurer(
    register: Register, quality_assurer: Persona, provider: Persona
) -> None:
    response = quality_assurer.client.get("/micro-credentials/2007/")
    assert response.status_code == 200
    assert b"Removed: listed in error." in response.content
    assert b"Listed twice by mistake." in response.content
    assert provider.client.get("/micro-credentials/2007/").status_code == 404


def test_the_pages_answer_only_reads(register: Register, public: Client) -> None:
    assert public.post("/").status_code == 405
    assert public.post("/micro-credentials/2001/").status_code == 405
