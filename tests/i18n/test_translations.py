"""Te reo Māori in the interface: only glossary terms, each translation's review state, the
status page that shows how far the translation has come."""

from __future__ import annotations

import re
from typing import Any

import polib
import pytest
from django.test import Client

from tests.factories import accredit, listed_micro_credential
from tohu.core.translation import (
    REVIEW_STATES,
    catalogue_path,
    catalogue_status,
    entry_key,
    glossary,
    review_states,
    translated,
)
from tohu.organisations.models import Organisation

PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\{ *\w+ *\}\}")

MI = {"accept-language": "mi"}


def mi_entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(catalogue_path("mi"))) if not entry.obsolete]


def words(text: str) -> str:
    return " ".join(PLACEHOLDER.sub(" ", text).split()).casefold()


def test_every_glossary_translation_cites_where_it_is_published() -> None:
    terms = glossary()
    assert any(term.te_reo == "Mana Tohu Mātauranga o Aotearoa" for term in terms)
    for term in terms:
        assert term.term, term
        assert term.note, term
        if term.te_reo:
            assert term.source.startswith("https://"), f"{term.term}: no published source"
        else:
            assert not term.source, f"{term.term}: a source but no te reo"


def test_each_translation_has_a_review_state_and_each_state_a_translation() -> None:
    states = review_states("mi")
    translated_keys = {entry_key(entry) for entry in mi_entries() if translated(entry)}
    assert translated_keys == set(states), "review.json and the catalogue disagree"
    assert set(states.values()) <= set(REVIEW_STATES)
    # gettext's fuzzy flag would hide a translation from the page: the state is kept beside it
    assert not [entry.msgid for entry in mi_entries() if "fuzzy" in entry.flags]


def test_a_sourced_translation_is_a_glossary_term_and_nothing_else() -> None:
    terms = [term for term in glossary() if term.te_reo]
    states = review_states("mi")
    for entry in mi_entries():
        if not translated(entry) or states[entry_key(entry)] != "sourced":
            continue
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            matches = [
                term
                for term in terms
                if words(form) == term.te_reo.casefold()
                and words(entry.msgid).startswith(term.term.casefold())
            ]
            assert matches, f"{entry.msgid!r} -> {form!r} is not a glossary term"


def test_the_status_page_counts_each_state_and_lists_what_is_still_english(
    client: Client,
) -> None:
    status = catalogue_status("mi")
    assert status.counts["sourced"] == 9
    assert status.counts["approved"] == 0
    assert status.counts["suggested"] == 0
    assert status.counts["missing"] == status.total - 9
    assert "Register of micro-credentials" in status.missing
    assert "Level" not in status.missing

    html = client.get("/translation/").content.decode()
    assert '<dd id="count-sourced">9</dd>' in html
    assert '<dd id="count-approved">0</dd>' in html
    assert f'<dd id="count-missing">{status.counts["missing"]}</dd>' in html
    assert '<li lang="en-NZ">Register of micro-credentials</li>' in html
    assert '<span lang="mi">Mana Tohu Mātauranga o Aotearoa</span>' in html
    # the long list is folded away; only a translator is offered the way to translate them
    assert f"Show the {status.counts['missing']} strings still in English</summary>" in html
    # (the link's text is itself one of the strings listed as still in English: look for the link)
    assert '<a href="/translation/review/?state=missing">' not in html


@pytest.mark.django_db
def test_a_listing_reads_in_te_reo_where_the_glossary_has_the_term(
    client: Client, isb: Organisation, provider_org: Organisation
) -> None:
    listing = listed_micro_credential(developer=isb, title="Forklift Operation", credits=5)
    accredit(provider_org, listing)
    path = f"/micro-credentials/{listing.listing_number}/"
    english = client.get(path).content.decode()
    assert "<div><dt>Level</dt>" in english
    assert "<div><dt>Credits</dt>" in english

    maori = client.get(path, headers=MI).content.decode()
    assert '<html lang="mi">' in maori
    assert "<div><dt>Kaupae</dt>" in maori
    assert "<div><dt>Whiwhinga</dt>" in maori
    assert '<th scope="col">Kaituku ratonga</th>' in maori
    # no established term: the heading stays in English, and says so (language of parts)
    assert '<h2 id="details-heading"><span lang="en-NZ">Listing details</span></h2>' in maori


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, MI])
def test_the_search_page_renders_in_both_languages(client: Client, headers: Any) -> None:
    response = client.get("/", headers=headers)
    assert response.status_code == 200
    # still English in te reo Māori, and tagged so there (language of parts)
    heading = "Register of micro-credentials"
    if headers:
        heading = f'<span lang="en-NZ">{heading}</span>'
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_search_results_label_their_facts_in_the_page_language(
    client: Client, isb: Organisation
) -> None:
    listed_micro_credential(developer=isb, title="Forklift Operation", credits=5, level=3)
    english = client.get("/").content.decode()
    assert "<div><dt>Level</dt><dd>3</dd></div>" in english
    assert "<div><dt>Credits</dt><dd>5</dd></div>" in english
    maori = client.get("/", headers=MI).content.decode()
    assert "<div><dt>Kaupae</dt><dd>3</dd></div>" in maori
    assert "<div><dt>Whiwhinga</dt><dd>5</dd></div>" in maori
    # no established term for these: still English, tagged as such
    assert '<div><dt><span lang="en-NZ">Listing number</span></dt>' in maori
