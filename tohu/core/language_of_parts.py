"""The language of each part of a te reo Māori page (WCAG 3.1.2, language of parts).

A page answered in te reo Māori keeps `<html lang="mi">`, but most of Tohu's strings have no
established te reo yet and are shown in English, and data (titles, names) is mostly English.
A screen reader reads each part in the language its nearest `lang` names, so every English
part must say `lang="en-NZ"` and every te reo part `lang="mi"`:

- `{% translate %}` and `{% blocktranslate %}` (Tohu's `i18n` library,
  `tohu.core.templatetags.marked_i18n`) put two invisible marks around a string that the
  catalogue translates, on the pages of a request `LanguageOfPartsMiddleware` marks;
- `language_of_parts()` then reads the page: a text between the marks, or a text that is
  exactly a string of the catalogue in te reo (a label from Python, `gettext`), or a text inside
  an element that already has its own `lang` (a te reo title, the language switch), keeps its
  language; every other text with a letter in it is English. A text whose nearest `lang` is
  not its language is wrapped in `<span lang="…">`; where a span cannot go (`<title>`,
  `<option>`, `<textarea>`), the element itself takes the `lang`. An element whose visible
  attribute (`aria-label`, `title`, `alt`, `placeholder`, a button's `value`) is English
  takes `lang="en-NZ"`, and the te reo inside it its own span. Nothing else in the page
  changes: removing what was added gives back the page byte for byte, but for the marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Any, cast
from weakref import WeakKeyDictionary

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import trans_real

from tohu.core.languages import bcp47

OPEN = "\ue003"  # before a string the catalogue translates
CLOSE = "\ue004"  # after it
MARKS = re.compile(f"[{OPEN}{CLOSE}]")
ENGLISH = "en-NZ"
MAORI = "mi"
# the request attribute that asks the i18n tags to mark translated strings
MARKING = "_tohu_language_of_parts"

LETTER = re.compile(r"[^\W\d_]")
VISIBLE_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
BUTTON_INPUTS = {"submit", "button", "reset"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
CODE = {"script", "style"}
# elements whose text cannot hold a <span>: the element takes the lang itself
TEXT_ONLY = {"title", "option", "textarea"}
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]")


# a pattern per loaded catalogue: one loaded again (new translations) gets its own
_PATTERNS: WeakKeyDictionary[object, re.Pattern[str] | None] = WeakKeyDictionary()


def _catalogue_patterns(language: str) -> re.Pattern[str] | None:
    """One pattern that matches exactly a string the catalogue gives in `language`."""
    loaded = trans_real.translation(language)
    if loaded not in _PATTERNS:
        texts = set()
        catalogue: Any = cast(Any, loaded)._catalog  # the merged catalogues
        for key, value in catalogue.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if isinstance(value, str) and value.strip() and value != msgid.split("\x04")[-1]:
                texts.add(" ".join(value.split()))
        parts = [
            r".+?".join(re.escape(piece) for piece in PLACEHOLDER.split(text))
            for text in sorted(texts, key=len, reverse=True)
        ]
        _PATTERNS[loaded] = re.compile("(?:" + "|".join(parts) + ")") if parts else None
    return _PATTERNS[loaded]


def is_catalogue_text(text: str, language: str = MAORI) -> bool:
    """True when the text is exactly a string that the catalogue gives in `language`."""
    pattern = _catalogue_patterns(language)
    return pattern is not None and pattern.fullmatch(" ".join(text.split())) is not None


def has_letter(text: str) -> bool:
    return LETTER.search(text) is not None


@dataclass
class _Open:
    tag: str
    index: int  # where its start tag is in the output
    lang: str  # the element's nearest lang (its own or inherited)
    explicit: bool  # its own lang says what its text is in (not <html>'s: the page's language)
    languages: set[str] = field(default_factory=set)  # of the text inside, for TEXT_ONLY


class _Rewriter(HTMLParser):
    """Copy the page, adding a `lang` where a part's language is not its nearest `lang`.

    The parser leaves character references as they are (`convert_charrefs=False`): text is
    gathered raw up to the next tag and copied as it was, so only what is added changes.
    """

    def __init__(self, page_language: str, translated_language: str) -> None:
        super().__init__(convert_charrefs=False)
        self.page_language = page_language
        self.translated_language = translated_language
        self.out: list[str] = []
        self.stack: list[_Open] = []
        self.text: list[str] = []  # raw text not yet copied
        self.in_marks = 0  # > 0 between OPEN and CLOSE: a translated string

    # -- where we are
    def _lang(self) -> str:
        return self.stack[-1].lang if self.stack else self.page_language

    def _in(self, tags: set[str]) -> _Open | None:
        return next((item for item in reversed(self.stack) if item.tag in tags), None)

    # -- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closes=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closes=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closes: bool) -> None:
        self._flush()
        raw = self.get_starttag_text() or f"<{tag}>"
        values = dict(attrs)
        own = values.get("lang")
        lang = own if own is not None else self._lang()
        added = None
        if own is None and self._attributes_language(tag, values) == ENGLISH != lang:
            added = ENGLISH
            lang = ENGLISH
        text = strip_marks(raw)
        if added:
            end = -2 if text.endswith("/>") else -1
            text = f'{text[:end].rstrip()} lang="{added}"{text[end:]}'
        self.out.append(text)
        if not closes:
            explicit = (own is not None and tag != "html") or bool(added)
            self.stack.append(_Open(tag, len(self.out) - 1, lang, explicit))

    def _attributes_language(self, tag: str, values: dict[str, str | None]) -> str | None:
        """ENGLISH when a visible attribute holds English, else None."""
        names = list(VISIBLE_ATTRIBUTES)
        if tag == "input" and values.get("type") in BUTTON_INPUTS:
            names.append("value")
        for name in names:
            value = (values.get(name) or "").strip()
            if not has_letter(strip_marks(value)):
                continue
            translated = value.startswith(OPEN) and value.endswith(CLOSE)
            if not translated and not is_catalogue_text(strip_marks(value)):
                return ENGLISH
        return None

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position].tag == tag:
                for item in self.stack[position:]:
                    self._settle(item)
                del self.stack[position:]
                break
        self.out.append(f"</{tag}>")

    def _settle(self, item: _Open) -> None:
        """Give a <title>, <option> or <textarea> the language of its text."""
        if item.tag not in TEXT_ONLY or item.explicit or not item.languages:
            return
        wanted = ENGLISH if ENGLISH in item.languages else next(iter(item.languages))
        if wanted != item.lang:
            start = self.out[item.index]
            self.out[item.index] = f'{start[:-1].rstrip()} lang="{wanted}">'

    # -- text
    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        self.text.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.text.append(f"&#{name};")

    def _flush(self) -> None:
        """Copy the text gathered since the last tag, each part in a span of its language."""
        raw = "".join(self.text)
        self.text = []
        if not raw:
            return
        if self._in(CODE):
            self.out.append(strip_marks(raw))
            return
        text_only = self._in(TEXT_ONLY)
        for piece, translated in self._pieces(raw):
            if not has_letter(unescape(piece)):
                self.out.append(piece)
                continue
            language = self._language_of(unescape(piece), translated)
            if text_only is not None:
                text_only.languages.add(language)
                self.out.append(piece)
            elif language == self._lang():
                self.out.append(piece)
            else:
                self.out.append(_wrapped(piece, language))

    def _pieces(self, raw: str) -> list[tuple[str, bool]]:
        """The text split at the marks: (text, inside a translated string)."""
        pieces: list[tuple[str, bool]] = []
        for index, piece in enumerate(re.split(f"([{OPEN}{CLOSE}])", raw)):
            if index % 2:
                self.in_marks = max(self.in_marks + (1 if piece == OPEN else -1), 0)
            elif piece:
                pieces.append((piece, self.in_marks > 0))
        return pieces

    def _language_of(self, text: str, translated: bool) -> str:
        if translated or is_catalogue_text(text, self.translated_language):
            return self.translated_language
        explicit = next((item for item in reversed(self.stack) if item.explicit), None)
        if explicit is not None:
            return explicit.lang  # the element says which language its text is in
        return ENGLISH

    # -- everything else, as it was
    def handle_comment(self, data: str) -> None:
        self._flush()
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._flush()
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._flush()
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._flush()
        self.out.append(f"<![{data}]>")

    def close(self) -> None:
        super().close()
        self._flush()


def _wrapped(raw: str, language: str) -> str:
    """The text in a span of its language; the white space around it stays outside."""
    core = raw.strip()
    start = raw.index(core)
    return f'{raw[:start]}<span lang="{language}">{core}</span>{raw[start + len(core) :]}'


def language_of_parts(
    html: str, page_language: str = MAORI, translated_language: str = MAORI
) -> str:
    """The page (or a part of a page in `page_language`) with each English part tagged
    `en-NZ` and each part the catalogue translated tagged `translated_language`."""
    rewriter = _Rewriter(page_language, translated_language)
    rewriter.feed(html)
    rewriter.close()
    return "".join(rewriter.out)


def marking(request: HttpRequest | None) -> bool:
    """True when the i18n tags mark translated strings on this request's pages."""
    return request is not None and getattr(request, MARKING, False)


def strip_marks(text: str) -> str:
    return MARKS.sub("", text)


class LanguageOfPartsMiddleware:
    """Tag the English and te reo parts of every page answered in a language other than
    English (after the language is chosen: LocaleMiddleware, PreferredLanguageMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = bcp47(translation.get_language() or settings.LANGUAGE_CODE)
        if language != MAORI:
            return self.get_response(request)
        setattr(request, MARKING, True)
        response = self.get_response(request)
        if getattr(response, "streaming", False) or not response.content:
            return response
        kind = response.get("Content-Type", "")
        if not (kind.startswith("text/") or "json" in kind or "xml" in kind):
            return response  # a PDF, an image: no template text in it
        charset = response.charset or "utf-8"
        content = response.content.decode(charset, errors="surrogateescape")
        if kind.startswith("text/html"):
            content = language_of_parts(content, MAORI)
        elif OPEN not in content and CLOSE not in content:
            return response
        else:
            content = strip_marks(content)
        response.content = content.encode(charset, errors="surrogateescape")
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
