"""Templates of the public side add no user-visible English outside {% translate %}.

The lint parses each template with Django's own lexer, drops what {% translate %} and
{% blocktranslate %} render, and reads what is left as HTML: any text, or any aria-label,
title, alt or placeholder, with a letter in it fails. Text inside an element that carries its
own `lang` (a Māori name on an English page) is in that language already and passes.

The templates checked are listed in CONVERTED: the list may only grow, a template at a time,
as each is converted.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template import engines
from django.template.base import Lexer, TokenType

# Words that are names, not English: the product's own name.
NAMES = {"Tohu"}
CONVERTED = [
    "base.html",
    "core/translation.html",
    "register/search.html",
    "register/_results.html",
    "register/_count.html",
    "register/_field.html",
    "register/_checkboxes.html",
    "register/_result_list.html",
    "achievements/record.html",
    "achievements/shared.html",
    "credentials/verify.html",
]
VISIBLE_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
MARK = "\ue000"  # where a template tag or variable stood
LETTER = re.compile(r"[^\W\d_]")


class VisibleText(HTMLParser):
    """Collect text and visible attribute values that are outside any element with a `lang`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def _in_other_language(self) -> bool:
        return any(has_lang for _, has_lang in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if not self._in_other_language():
            self.found += [
                f"{tag}[{name}]={value!r}"
                for name, value in attrs
                if name in VISIBLE_ATTRIBUTES and value and untranslated(value)
            ]
        if tag not in VOID:
            self.stack.append((tag, "lang" in values))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._in_other_language() and untranslated(data):
            self.found.append(" ".join(data.split()))


def untranslated(text: str) -> bool:
    """True when the text still has a word in it that is not a name."""
    words = [word for word in re.split(r"[\s" + MARK + r"]+", text) if LETTER.search(word)]
    return any(word.strip(".,:;!?()“”\"'·…") not in NAMES for word in words)


def template_source(name: str) -> str:
    template = engines["django"].engine.get_template(name)  # type: ignore[attr-defined]
    return Path(template.origin.name).read_text(encoding="utf-8")


def outside_translation(source: str) -> str:
    """The template's text with every tag, variable and translated block replaced by a mark."""
    parts: list[str] = []
    in_block = False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            command = token.contents.split()[0]
            if command in ("blocktranslate", "blocktrans"):
                in_block = True
            elif command in ("endblocktranslate", "endblocktrans"):
                in_block = False
            parts.append(MARK)
        elif token.token_type == TokenType.TEXT and not in_block:
            parts.append(token.contents)
        elif token.token_type != TokenType.COMMENT:
            parts.append(MARK)
    return "".join(parts)


def untranslated_text(source: str) -> list[str]:
    parser = VisibleText()
    parser.feed(outside_translation(source))
    parser.close()
    return parser.found


@pytest.mark.parametrize("name", CONVERTED)
def test_a_converted_template_has_no_text_outside_translate(name: str) -> None:
    found = untranslated_text(template_source(name))
    assert not found, f"{name} shows text not marked for translation: {found}"


def test_the_lint_finds_text_and_attributes_but_not_translated_or_tagged_text() -> None:
    source = (
        '{% load i18n %}<h1>Results</h1><nav aria-label="Main"></nav>'
        "<p>{% translate 'Search' %}</p>"
        "<p>{% blocktranslate %}Page {{ n }}{% endblocktranslate %}</p>"
        '<p lang="mi">Mana Tohu Mātauranga o Aotearoa</p><p>{{ count }} · 12</p><p>Tohu</p>'
    )
    assert untranslated_text(source) == ["Results", "nav[aria-label]='Main'"]
