"""No template shows user-visible English outside {% translate %} / {% blocktranslate %}.

The lint parses each template with Django's own lexer, drops what {% translate %} and
{% blocktranslate %} render (and what {% comment %} hides), and reads what is left as HTML: any
text, or any aria-label, title, alt or placeholder, or the value of a button-like input, with a
letter in it fails. Text inside an element that carries its own `lang` (a Māori name on an
English page) is in that language already and passes (not `<html lang>`, the page's own
language); text inside <script> and <style> is code.

Text can also hide in a tag's or variable's arguments: a string literal given to an include
(`with title="The file was not uploaded"`) or to `default` is shown as it is. A literal with a
letter in it that is shown (any with a space in it, and any argument of `default` or
`default_if_none` but a lowercase code such as `"info"`) fails unless it is marked `_("…")`; a
date or time format, or the names after `in`, are not text.

Every template under an app's templates/ folder in tohu/ is checked (Tohu's TEMPLATES loads
only those), so a new template, or new text in an old one, fails here until it is marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, Token, TokenType

# Words that are names, not English: the product's own name.
NAMES = {"Tohu"}
VISIBLE_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
BUTTON_INPUTS = {"submit", "button", "reset"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
CODE = {"script", "style"}
MARK = "\ue000"  # where a template tag or variable stood
LETTER = re.compile(r"[^\W\d_]")
UNRENDERED = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
UNRENDERED |= {"comment": "endcomment"}


def templates() -> list[Path]:
    """Every template file of every app under tohu/."""
    root = Path(settings.BASE_DIR) / "tohu"
    return sorted(
        path
        for folder in root.glob("**/templates")
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in (".html", ".txt", ".xml", ".svg")
    )


class VisibleText(HTMLParser):
    """Collect text and visible attribute values that are outside any element with a `lang`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def _in_other_language(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        visible = set(VISIBLE_ATTRIBUTES)
        if tag == "input" and values.get("type") in BUTTON_INPUTS:
            visible.add("value")
        if not self._in_other_language():
            self.found += [
                f"{tag}[{name}]={value!r}"
                for name, value in attrs
                if name in visible and value and untranslated(value)
            ]
        if tag not in VOID:
            # <html lang> names the page's language: its text is not in another language
            other = "lang" in values and tag != "html"
            self.stack.append((tag, other or tag in CODE))

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


def tokens(source: str) -> Iterator[tuple[Token, bool]]:
    """Each of the template's tokens, and whether a block not shown as written holds it
    ({% blocktranslate %}, {% comment %}: their own tags included)."""
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            command = token.contents.split()[0]
            if closing is None and command in UNRENDERED:
                closing = UNRENDERED[command]
                yield token, True
                continue
            if command == closing:
                closing = None
                yield token, True
                continue
        yield token, closing is not None


def outside_translation(source: str) -> str:
    """The template's text with every tag, variable and translated block replaced by a mark."""
    parts: list[str] = []
    for token, hidden in tokens(source):
        if token.token_type == TokenType.TEXT and not hidden:
            parts.append(token.contents)
        elif token.token_type != TokenType.COMMENT:
            parts.append(MARK)
    return "".join(parts)


LITERAL = re.compile(r"""(_\()?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")
FORMAT_ARGUMENT = re.compile(r"\|\s*(?:date|time)\s*:\s*$")
SHOWN_ARGUMENT = re.compile(r"\|\s*(?:default|default_if_none)\s*:\s*$")
MEMBERSHIP = re.compile(r"\bin\s*$")  # `field.name in "a b c"`: names, not text
CODE_LIKE = re.compile(r"[a-z][\w-]*")  # `default:"info"`, `default:"en-NZ"`: a code
NOT_SHOWN = {"load", "url", "extends", "static", "translate", "trans"}


def untranslated_literals(source: str) -> list[str]:
    """String literals in tags and variables that are shown as they are, unmarked."""
    found: list[str] = []
    for token, hidden in tokens(source):
        contents = token.contents
        if hidden or token.token_type not in (TokenType.BLOCK, TokenType.VAR):
            continue
        if token.token_type == TokenType.BLOCK and contents.split()[0] in NOT_SHOWN:
            continue
        for match in LITERAL.finditer(contents):
            text, before = match.group(2)[1:-1], contents[: match.start()]
            if match.group(1) or FORMAT_ARGUMENT.search(before) or MEMBERSHIP.search(before):
                continue
            shown = re.search(r"\s", text) or (
                SHOWN_ARGUMENT.search(before) and not CODE_LIKE.fullmatch(text)
            )
            if shown and untranslated(text):
                found.append(text)
    return found


def untranslated_text(source: str) -> list[str]:
    parser = VisibleText()
    parser.feed(outside_translation(source))
    parser.close()
    return parser.found + untranslated_literals(source)


def test_the_lint_walks_every_template() -> None:
    names = {path.name for path in templates()}
    assert {"base.html", "password_reset_email.txt", "record_pdf.html", "detail.html"} <= names
    assert len(names) > 50


@pytest.mark.parametrize(
    "path", templates(), ids=lambda path: str(path).split("/templates/", 1)[-1]
)
def test_a_template_has_no_text_outside_translate(path: Path) -> None:
    found = untranslated_text(path.read_text(encoding="utf-8"))
    assert not found, f"{path} shows text not marked for translation: {found}"


def test_the_lint_finds_text_and_attributes_but_not_translated_or_tagged_text() -> None:
    source = (
        '{% load i18n %}<html lang="en-NZ"><h1>Results</h1><nav aria-label="Main"></nav>'
        "<p>{% translate 'Search' %}</p>"
        "<p>{% blocktranslate %}Page {{ n }}{% endblocktranslate %}</p>"
        '<p lang="mi">Mana Tohu Mātauranga o Aotearoa</p><p>{{ count }} · 12</p><p>Tohu</p>'
        '<input type="submit" value="Save"><input type="hidden" name="next" value="Keep">'
        "<script>const label = 'code';</script>{% comment %}a note{% endcomment %}</html>"
    )
    assert untranslated_text(source) == [
        "Results",
        "nav[aria-label]='Main'",
        "input[value]='Save'",
    ]


def test_the_lint_finds_shown_literals_in_tags_but_not_names_paths_or_formats() -> None:
    source = (
        '{% include "core/_form_errors.html" with title="The file was not uploaded" prefix="x" %}'
        '{% include "core/_form_errors.html" with title=_("The link was not made") %}'
        '{{ batch.file_name|default:"Report" }}{{ day|date:"j F Y" }}{{ n|default:_("None") }}'
        "{% translate 'Saved here' %}{% url 'register:detail' number %}{{ code|default:\"-\" }}"
        "{% blocktranslate with name='A name' %}{{ name }}{% endblocktranslate %}"
        '{{ lang|default:"en-NZ" }}{% if field.name in "nsn family_name" %}{% endif %}'
    )
    assert untranslated_text(source) == ["The file was not uploaded", "Report"]
