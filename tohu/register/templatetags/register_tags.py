"""Template filters for the register pages."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from tohu.register.models import ListingStatus

register = template.Library()


@register.filter
def listing_value(value: Any) -> str:
    """Show a listing detail in words: lists joined, yes or no, a dash for nothing."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value) if value else "(none)"
    if value is None or value == "":
        return "(none)"
    return str(value)


@register.filter
def status_label(status: str) -> str:
    """Name a listing status as a person would read it."""
    try:
        return str(ListingStatus(status).label)
    except ValueError:
        return status or "(none)"


def _escape(text: Any) -> str:
    # the standard library's escape: the same five characters as Django's, without the wrapper
    return html.escape(str(text), quote=True)


def _option(value: Any, label: Any, selected: str) -> str:
    chosen = " selected" if str(value) == selected else ""
    return f'<option value="{_escape(value)}"{chosen}>{_escape(label)}</option>'


@register.simple_tag
def select_options(control: Any) -> SafeString:
    """Render a filter's options (and option groups) with the value given selected.

    Django renders each option through a template of its own, which costs more than the rest of
    the search page together; the markup here is the same, built directly, every value escaped.
    """
    selected = str(control.value or "")
    choices: Iterable[tuple[Any, Any]] = control.choices
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            options = "".join(_option(v, text, selected) for v, text in label)
            parts.append(f'<optgroup label="{_escape(value)}">{options}</optgroup>')
        else:
            parts.append(_option(value, label, selected))
    return mark_safe("".join(parts))  # noqa: S308 (each value and label is escaped above)
