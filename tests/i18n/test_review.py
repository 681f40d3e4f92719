"""Translators review and correct the te reo Māori in the browser; each change is audited and
`tohu translations export` writes it into the catalogue."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.conftest import Persona, _persona
from tohu.core.models import AuditEvent, TranslationReview
from tohu.core.translation import PLACEHOLDER, catalogue_entries, entry_id, entry_key
from tohu.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def translator(nzqa: Organisation) -> Persona:
    return _persona("kaiwhakamaori", nzqa, "translator")


def _entry(msgid: str) -> polib.POEntry:
    return next(entry for entry in catalogue_entries("mi") if entry.msgid == msgid)


def test_only_a_translator_reaches_the_review_pages(
    translator: Persona, developer: Persona, quality_assurer: Persona, client: Client
) -> None:
    assert translator.client.get("/translation/review/").status_code == 200
    for other in (developer, quality_assurer):
        assert other.client.get("/translation/review/").status_code == 403
    assert client.get("/translation/review/").status_code == 302
    key = entry_id(_entry("Register"))
    assert translator.client.get(f"/translation/review/{key}/").status_code == 200
    assert developer.client.get(f"/translation/review/{key}/").status_code == 403
    assert translator.client.get("/translation/review/ffffffffffffffff/").status_code == 404


def test_the_status_page_leads_a_translator_to_the_strings_still_in_english(
    translator: Persona,
) -> None:
    html = translator.client.get("/translation/").content.decode()
    assert '<a href="/translation/review/?state=missing">' in html


def test_the_list_filters_by_state(translator: Persona) -> None:
    html = translator.client.get("/translation/review/?state=sourced").content.decode()
    assert '<span lang="mi">Kaupae</span>' in html
    assert '<span lang="en-NZ">Register</span>' not in html
    missing = translator.client.get("/translation/review/?state=missing").content.decode()
    assert "Kaupae" not in missing


def test_a_correction_is_saved_and_audited_with_its_state(translator: Persona) -> None:
    entry = _entry("Level %(level)s")
    response = translator.client.post(
        f"/translation/review/{entry_id(entry)}/",
        {"msgstr": "Kaupae %(level)s", "state": "approved"},
    )
    assert response.status_code == 302
    review = TranslationReview.objects.get(msgid="Level %(level)s")
    assert (review.msgstr, review.state, review.reviewed_by_id) == (
        "Kaupae %(level)s",
        "approved",
        translator.user.pk,
    )
    event = AuditEvent.objects.get(event="translation.reviewed")
    assert event.actor_id == translator.user.pk
    assert event.detail["msgstr"] == "Kaupae %(level)s"
    assert event.detail["state"] == "approved"
    listed = translator.client.get("/translation/review/?state=approved").content.decode()
    assert "Level %(level)s" in listed


def test_the_list_finds_words_in_either_language_without_regard_to_macrons(
    translator: Persona,
) -> None:
    html = translator.client.get("/translation/review/?q=kaupae").content.decode()
    assert "Level %(level)s" in html
    assert '<span lang="en-NZ">Register</span>' not in html
    # the te reo is found without its macron, and the English without its case
    folded = translator.client.get("/translation/review/?q=akonga").content.decode()
    assert '<span lang="mi">Ākonga</span>' in folded
    english = translator.client.get("/translation/review/?q=REGISTER&state=missing")
    assert '<span lang="en-NZ">Register</span>' in english.content.decode()
    # states are named in words
    assert "Missing (shown in English)" in english.content.decode()


def test_the_edit_page_shows_the_glossary_terms_the_string_uses(translator: Persona) -> None:
    html = translator.client.get(
        f"/translation/review/{entry_id(_entry('Level %(level)s'))}/"
    ).content.decode()
    assert "Glossary terms in this string" in html
    assert '<span lang="mi">Kaupae</span>' in html
    assert 'href="https://www2.nzqa.govt.nz/about-us/glossary/?letter=L"' in html
    none = translator.client.get(
        f"/translation/review/{entry_id(_entry('Back to sign in'))}/"
    ).content.decode()
    assert "The glossary has no term that this string uses." in none


def test_save_and_next_goes_to_the_next_string_of_the_same_list(translator: Persona) -> None:
    missing = [
        entry
        for entry in catalogue_entries("mi")
        if not entry.msgstr and not any(entry.msgstr_plural.values())
    ]
    # two neighbours in the list that a plain sentence may translate (no plural, placeholder or
    # markup)
    plain_text = [
        not entry.msgid_plural and not PLACEHOLDER.search(entry.msgid) and "<" not in entry.msgid
        for entry in missing
    ]
    at = next(i for i in range(len(missing) - 1) if plain_text[i] and plain_text[i + 1])
    first, second = missing[at], missing[at + 1]
    response = translator.client.post(
        f"/translation/review/{entry_id(first)}/",
        {"msgstr": "He whakamātautau", "state": "suggested", "next": "1", "list_state": "missing"},
    )
    assert response.status_code == 302
    # the saved string has left the "missing" list; the next one in it is the following string
    assert response["Location"] == (
        f"/translation/review/{entry_id(second)}/?list_state=missing&list_q="
    )
    plain = translator.client.post(
        f"/translation/review/{entry_id(second)}/",
        {"msgstr": "He whakamātautau anō", "state": "suggested", "list_state": "missing"},
    )
    assert plain["Location"] == "/translation/review/?state=missing&q="


def test_a_translation_that_drops_a_placeholder_is_refused_and_nothing_is_written(
    translator: Persona,
) -> None:
    entry = _entry("Level %(level)s")
    response = translator.client.post(
        f"/translation/review/{entry_id(entry)}/", {"msgstr": "Kaupae", "state": "suggested"}
    )
    assert response.status_code == 200
    assert "must keep the placeholders %(level)s" in response.content.decode()
    assert not TranslationReview.objects.exists()
    assert not AuditEvent.objects.filter(event="translation.reviewed").exists()


def test_a_plural_needs_both_forms(translator: Persona) -> None:
    entry = _entry("credit")
    url = f"/translation/review/{entry_id(entry)}/"
    refused = translator.client.post(url, {"msgstr": "whiwhinga", "state": "approved"})
    assert "Give both forms" in refused.content.decode()
    translator.client.post(
        url, {"msgstr": "whiwhinga", "msgstr_plural": "whiwhinga", "state": "approved"}
    )
    assert TranslationReview.objects.get(msgid="credit").msgstr_plural == [
        "whiwhinga",
        "whiwhinga",
    ]


def test_export_writes_the_reviews_into_the_catalogue(translator: Persona, tmp_path: Path) -> None:
    locale = Path(__file__).resolve().parents[2] / "tohu" / "locale"
    copy = tmp_path / "locale"
    shutil.copytree(locale, copy)
    entry = _entry("Level %(level)s")
    translator.client.post(
        f"/translation/review/{entry_id(entry)}/",
        {"msgstr": "Kaupae %(level)s", "state": "approved"},
    )
    with override_settings(LOCALE_PATHS=[copy]):
        call_command("translations", "export", verbosity=0)
    po = polib.pofile(str(copy / "mi" / "LC_MESSAGES" / "django.po"))
    exported = next(e for e in po if e.msgid == "Level %(level)s")
    assert exported.msgstr == "Kaupae %(level)s"
    states = json.loads((copy / "mi" / "LC_MESSAGES" / "review.json").read_text())
    assert states[entry_key(exported)] == "approved"
    mo = polib.mofile(str(copy / "mi" / "LC_MESSAGES" / "django.mo"))
    assert next(e for e in mo if e.msgid == "Level %(level)s").msgstr == "Kaupae %(level)s"
    # the repository's own catalogue is untouched by the test
    assert (
        json.loads((locale / "mi" / "LC_MESSAGES" / "review.json").read_text())["Level %(level)s"]
        == "sourced"
    )


@pytest.mark.parametrize(
    "msgstr",
    [
        # the markup dropped
        "I aromatawaihia tēnei ki Te Hono o Te Kahurangi.",
        # markup of its own added
        'I aromatawaihia tēnei ki <span lang="mi">Te Hono o Te Kahurangi</span>'
        "<script>alert(1)</script>.",
        # a tag broken open
        'I aromatawaihia tēnei ki <span lang="mi">Te Hono o Te Kahurangi</span> <img src=x',
    ],
)
def test_a_translation_that_changes_the_markup_of_a_sentence_is_refused(
    translator: Persona, msgstr: str
) -> None:
    entry = _entry(
        'This micro-credential was evaluated using <span lang="mi">Te Hono o Te Kahurangi</span>'
        " quality assurance."
    )
    response = translator.client.post(
        f"/translation/review/{entry_id(entry)}/", {"msgstr": msgstr, "state": "suggested"}
    )
    assert response.status_code == 200
    assert "must keep the markup" in response.content.decode()
    assert not TranslationReview.objects.exists()


def test_a_translation_that_keeps_the_markup_of_a_sentence_is_saved(translator: Persona) -> None:
    english = (
        'This micro-credential was evaluated using <span lang="mi">Te Hono o Te Kahurangi</span>'
        " quality assurance."
    )
    msgstr = 'I aromatawaihia tēnei ki <span lang="mi">Te Hono o Te Kahurangi</span>.'
    response = translator.client.post(
        f"/translation/review/{entry_id(_entry(english))}/",
        {"msgstr": msgstr, "state": "suggested"},
    )
    assert response.status_code == 302
    assert TranslationReview.objects.get(msgid=english).msgstr == msgstr
