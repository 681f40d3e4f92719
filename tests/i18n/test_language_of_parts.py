"""The language of each part of a te reo Māori page (WCAG 3.1.2): English parts say `en-NZ`,
te reo parts `mi` (tohu/core/language_of_parts.py).

The page check does not reuse the code it checks: it renders the same page in English and in
te reo Māori and reads both with an HTML parser. A word the English page shows as English and
the te reo page shows too is still English there, so its nearest `lang` must be `en-NZ`; a
word the English page never shows came from the catalogue's te reo, so its nearest `lang`
must be `mi`; a word both pages show as te reo (a title in te reo, the switch's "Te reo
Māori") must stay `mi`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.http import HttpResponse
from django.template import Context, engines
from django.template.base import Origin
from django.test import Client, RequestFactory
from django.utils import translation

from tests.conftest import Persona, _persona
from tests.factories import accredit, listed_micro_credential
from tohu.core.language_of_parts import (
    CLOSE,
    MARKING,
    OPEN,
    LanguageOfPartsMiddleware,
    language_of_parts,
)
from tohu.core.templates_backend import TohuTemplates
from tohu.organisations.models import Organisation

VISIBLE_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
WORD = re.compile(r"[^\W\d_]+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Parts(HTMLParser):
    """Every text and visible attribute of a page, with the language its nearest `lang` names."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.parts: list[tuple[str, str]] = []

    def _lang(self) -> str:
        return next((lang for _, lang in reversed(self.stack) if lang), "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or self._lang()
        visible = set(VISIBLE_ATTRIBUTES)
        if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
            visible.add("value")
        self.parts += [(value, lang) for name, value in attrs if name in visible and value]
        if tag not in VOID:
            self.stack.append((tag, values.get("lang")))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not any(tag in {"script", "style"} for tag, _ in self.stack) and WORD.search(data):
            self.parts.append((data, self._lang()))


def parts(html: str) -> list[tuple[str, str]]:
    parser = Parts()
    parser.feed(html)
    parser.close()
    return parser.parts


def words_by_language(html: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for text, lang in parts(html):
        for word in WORD.findall(text):
            found.setdefault(word, set()).add(lang)
    return found


def wrong_languages(english: str, maori: str) -> tuple[list[str], int, int]:
    """Words of the te reo page whose nearest lang is not their language; and how many English
    and te reo words were checked."""
    seen = words_by_language(english)
    wrong, checked_english, checked_maori = [], 0, 0
    for text, lang in parts(maori):
        for word in WORD.findall(text):
            before = seen.get(word, set())
            if before == {"en-NZ"}:
                expected = "en-NZ"
                checked_english += 1
            elif not before or before == {"mi"}:
                expected = "mi"
                checked_maori += 1
            else:
                continue  # a word the English page shows in both languages (Māori, Tohu)
            if lang != expected:
                wrong.append(f"{word!r} in {' '.join(text.split())!r}: lang={lang}, not {expected}")
    return wrong, checked_english, checked_maori


def both(client: Client, path: str) -> tuple[str, str]:
    english = client.get(path, headers={"accept-language": "en-NZ"}, follow=True)
    maori = client.get(path, headers={"accept-language": "mi"}, follow=True)
    assert english.status_code == maori.status_code == 200, path
    return english.content.decode(), maori.content.decode()


@pytest.fixture
def listing(isb: Organisation, provider_org: Organisation) -> str:
    listing = listed_micro_credential(developer=isb, title="Forklift Operation", credits=5)
    accredit(provider_org, listing)
    return f"/micro-credentials/{listing.listing_number}/"


@pytest.mark.django_db
def test_every_part_of_the_public_pages_in_te_reo_says_its_language(
    client: Client, listing: str
) -> None:
    checked = {"english": 0, "maori": 0}
    for path in (
        "/",
        "/?q=forklift",
        listing,
        "/verify/",
        "/applications/equivalency/statements/",
        "/sign-in/",
        "/translation/",
    ):
        english, maori = both(client, path)
        assert '<html lang="mi">' in maori
        wrong, in_english, in_maori = wrong_languages(english, maori)
        assert not wrong, f"{path} in te reo Māori:\n" + "\n".join(wrong)
        checked["english"] += in_english
        checked["maori"] += in_maori
        assert OPEN not in maori
        assert CLOSE not in maori
    # the check read both kinds of part: the listing shows "Kaupae", "Whiwhinga"
    assert checked["english"] > 500, checked
    assert checked["maori"] > 5, checked


@pytest.mark.django_db
def test_every_part_of_the_signed_in_pages_in_te_reo_says_its_language(
    nzqa: Organisation, provider: Persona, learner: tuple[Persona, object], listing: str
) -> None:
    translator = _persona("kaiwhakamaori", nzqa, "translator")
    for persona, path in (
        (translator, "/translation/review/?state=sourced"),
        (translator, "/"),
        (provider, "/achievements/provider/"),
        (learner[0], "/achievements/record/"),
    ):
        english, maori = both(persona.client, path)
        wrong, in_english, _ = wrong_languages(english, maori)
        assert not wrong, f"{path} in te reo Māori:\n" + "\n".join(wrong)
        assert in_english > 20, path


@pytest.mark.django_db
def test_an_english_page_is_left_as_it_is(client: Client, listing: str) -> None:
    html = client.get(listing, headers={"accept-language": "en-NZ"}).content.decode()
    assert '<html lang="en-NZ">' in html
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert OPEN not in html
    assert CLOSE not in html


def _without_added(html: str) -> str:
    html = re.sub(r'<span lang="(?:en-NZ|mi)">([^<]*)</span>', r"\1", html)
    return html.replace(' lang="en-NZ"', "")


@pytest.mark.django_db
def test_tagging_adds_the_lang_and_changes_nothing_else(client: Client, listing: str) -> None:
    for path in ("/", listing, "/sign-in/"):
        english = client.get(path, headers={"accept-language": "en-NZ"}).content.decode()
        # an English page is copied byte for byte: nothing in it needs a lang of its own
        assert language_of_parts(english) == english
        # the same page said to be in te reo: each English part is tagged, nothing else changes
        html = english.replace('<html lang="en-NZ">', '<html lang="mi">')
        tagged = language_of_parts(html)
        assert tagged.count('lang="en-NZ"') > html.count('lang="en-NZ"') + 10
        before, after = _without_added(html), _without_added(tagged)
        assert after == before, path


def test_each_kind_of_part_gets_its_language() -> None:
    page = (
        '<!doctype html><html lang="mi"><head><title>Register · Tohu</title></head><body>'
        f"<h1>{OPEN}Kaupae{CLOSE} 4 &amp; 5 credits</h1>"
        f'<nav aria-label="Main"><a href="/">{OPEN}Arotake{CLOSE}</a> <a>Register</a></nav>'
        '<input type="submit" value="Save"><input type="hidden" name="next" value="Keep">'
        f'<img alt="{OPEN}Kaupae{CLOSE}" src="x.png">'
        '<select><option value="1">Level one</option><option>Kaituku ratonga</option></select>'
        '<p lang="mi">He Kupu Taka o <span>Aotearoa</span></p><p>12 · 3</p>'
        f"<p>{OPEN}He <strong>Kupu</strong> Taka{CLOSE}, said <em>someone</em></p>"
        "<script>const label = 'code';</script><!-- a note --></body></html>"
    )
    assert language_of_parts(page) == (
        '<!doctype html><html lang="mi"><head><title lang="en-NZ">Register · Tohu</title>'
        "</head><body>"
        '<h1>Kaupae <span lang="en-NZ">4 &amp; 5 credits</span></h1>'
        '<nav aria-label="Main" lang="en-NZ"><a href="/"><span lang="mi">Arotake</span></a> '
        "<a>Register</a></nav>"
        '<input type="submit" value="Save" lang="en-NZ">'
        '<input type="hidden" name="next" value="Keep">'
        '<img alt="Kaupae" src="x.png">'
        '<select><option value="1" lang="en-NZ">Level one</option>'
        "<option>Kaituku ratonga</option></select>"
        '<p lang="mi">He Kupu Taka o <span>Aotearoa</span></p><p>12 · 3</p>'
        '<p>He <strong>Kupu</strong> Taka<span lang="en-NZ">, said</span> '
        '<em><span lang="en-NZ">someone</span></em></p>'
        "<script>const label = 'code';</script><!-- a note --></body></html>"
    )


def _render(source: str, *, name: str, marked: bool) -> str:
    request = RequestFactory().get("/")
    if marked:
        setattr(request, MARKING, True)
    backend = engines["django"]
    assert isinstance(backend, TohuTemplates)
    template = backend.engine.from_string(source)
    template.origin = Origin(name)
    with translation.override("mi"):
        rendered: str = template.render(Context({"request": request, "n": 3}))
    return rendered


def test_the_i18n_tags_mark_only_translated_strings_on_pages_of_marked_requests() -> None:
    source = (
        '{% load i18n %}{% translate "Level" %}|{% translate "Search" %}|'
        "{% blocktranslate with level=n %}Level {{ level }}{% endblocktranslate %}|"
        "{% blocktranslate count counter=n %}credit{% plural %}credits{% endblocktranslate %}|"
        '{% translate "Level" as level %}{{ level }}'
    )
    assert _render(source, name="page.html", marked=True) == (
        f"{OPEN}Kaupae{CLOSE}|Search|{OPEN}Kaupae 3{CLOSE}|{OPEN}whiwhinga{CLOSE}|Kaupae"
    )
    # the same in an email, or on a page of a request not in te reo Māori: Django's own output
    unmarked = "Kaupae|Search|Kaupae 3|whiwhinga|Kaupae"
    assert _render(source, name="email.txt", marked=True) == unmarked
    assert _render(source, name="page.html", marked=False) == unmarked


def test_the_marks_leave_no_other_answer_and_a_pdf_is_not_read() -> None:
    def answer(response: HttpResponse) -> HttpResponse:
        middleware = LanguageOfPartsMiddleware(lambda request: response)
        with translation.override("mi"):
            return middleware(RequestFactory().get("/"))

    text = answer(HttpResponse(f"{OPEN}Kaupae{CLOSE} 3", content_type="text/plain"))
    assert text.content.decode() == "Kaupae 3"
    pdf = f"%PDF-1.7 {OPEN}".encode()
    assert answer(HttpResponse(pdf, content_type="application/pdf")).content == pdf
    page = answer(HttpResponse(f"<p>{OPEN}Kaupae{CLOSE} 3 credits</p>"))
    assert page.content.decode() == '<p>Kaupae <span lang="en-NZ">3 credits</span></p>'


def test_the_engine_still_warns_of_any_other_library_name_two_modules_share() -> None:
    engine = TohuTemplates(
        {
            "NAME": "check",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {"libraries": {"static": "tohu.core.templatetags.marked_i18n"}},
        }
    )
    warned = [message.msg for message in engine.check() if message.id == "templates.W003"]
    assert len(warned) == 1
    assert warned[0].startswith("'static' is used for multiple template tag modules")
