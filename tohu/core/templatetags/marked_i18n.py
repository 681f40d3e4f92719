"""Django's `i18n` template library, with `{% translate %}` and `{% blocktranslate %}` marking
what the catalogue translates (tohu/core/language_of_parts.py).

Settings load it as `i18n` (TEMPLATES' `libraries`), so every `{% load i18n %}` gets it. On a
page of a request that `LanguageOfPartsMiddleware` marks, a string the catalogue translates is
rendered between two invisible marks; the middleware turns them into the `lang` of that part and
removes them. Everywhere else (English pages, emails, `as` variables) the tags render exactly as
Django's do.
"""

from __future__ import annotations

from django.template import Context, Library, Node
from django.template.base import Parser, Token, Variable
from django.templatetags import i18n
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeData

from tohu.core.language_of_parts import CLOSE, OPEN, marking

register = Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)


def _translated(msgid: str, context: str | None = None, plural: str | None = None) -> bool:
    """True when the active language's catalogue has a translation of this string."""
    if plural is not None:
        if context is not None:
            one = translation.npgettext(context, msgid, plural, 1)
            many = translation.npgettext(context, msgid, plural, 2)
        else:
            one = translation.ngettext(msgid, plural, 1)
            many = translation.ngettext(msgid, plural, 2)
        return one != msgid or many != plural
    if context is not None:
        return translation.pgettext(context, msgid) != msgid
    return translation.gettext(msgid) != msgid


def _marks(context: Context) -> bool:
    template = getattr(context, "template", None)
    origin = getattr(template, "origin", None)
    name = str(getattr(origin, "name", "") or "")
    # a page: an HTML template rendered for a request the middleware marks (never an email)
    return name.endswith(".html") and marking(context.get("request"))


def _marked(output: str) -> str:
    if isinstance(output, SafeData):
        return format_html("{}{}{}", OPEN, output, CLOSE)  # the output is escaped already
    return OPEN + output + CLOSE


class MarkedTranslateNode(Node):
    """`{% translate %}`: Django's node, its output marked when it is translated."""

    child_nodelists = ()

    def __init__(self, node: i18n.TranslateNode) -> None:
        self.node = node
        self.token = getattr(node, "token", None)

    def render(self, context: Context) -> str:
        output: str = self.node.render(context)
        node = self.node
        if node.asvar or node.noop or not output or not _marks(context):
            return output
        variable = node.filter_expression.var
        msgid = variable.literal if isinstance(variable, Variable) else None
        if not isinstance(msgid, str):
            return output
        message_context = node.message_context.resolve(context) if node.message_context else None
        return _marked(output) if _translated(msgid, message_context) else output


class MarkedBlockTranslateNode(Node):
    """`{% blocktranslate %}`: Django's node, its output marked when it is translated."""

    child_nodelists = ()

    def __init__(self, node: i18n.BlockTranslateNode) -> None:
        self.node = node
        self.token = getattr(node, "token", None)

    def render(self, context: Context) -> str:
        output: str = self.node.render(context)
        node = self.node
        if node.asvar or not output or not _marks(context):
            return output
        singular, _ = node.render_token_list(node.singular)
        plural = node.render_token_list(node.plural)[0] if node.plural else None
        message_context = node.message_context.resolve(context) if node.message_context else None
        if _translated(singular, message_context, plural):
            return _marked(output)
        return output


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> Node:
    return MarkedTranslateNode(i18n.do_translate(parser, token))


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser: Parser, token: Token) -> Node:
    return MarkedBlockTranslateNode(i18n.do_block_translate(parser, token))
