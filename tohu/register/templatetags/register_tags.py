"""Template filters and tags for the register pages.

The search page is the register's busiest page, and Django's template language spends several
microseconds on every variable and tag. Its filter controls and its list of results are drawn
here instead, directly, from plain values: the markup is what a template would give, every value
escaped with the standard library's `html.escape`. Tests compare the markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from tohu.register.models import ListingStatus
from tohu.rulebook import CREDITS

if TYPE_CHECKING:
    from tohu.register.forms import Control
    from tohu.register.views import ResultRow

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


def _options(control: Control) -> str:
    """Draw a select's options (and option groups) with the value given selected.

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
    return "".join(parts)


def _describedby(control: Control) -> str:
    invalid = ' aria-invalid="true"' if control.error else ""
    described_by = control.described_by
    return invalid + (f' aria-describedby="{_escape(described_by)}"' if described_by else "")


def _error(control: Control) -> str:
    if not control.error:
        return ""
    return (
        f'<p class="field-error" id="{_escape(control.id)}_error"><strong>Error:</strong> '
        f"{_escape(control.error)}</p>"
    )


@register.simple_tag
def search_field(control: Control, kind: str, max_length: int | None = None) -> SafeString:
    """Draw one filter: its label, help, error and a text, number or select input."""
    name, ident = _escape(control.name), _escape(control.id)
    parts = [
        f'<div class="field{" field-invalid" if control.error else ""}">',
        f'<label for="{ident}">{_escape(control.label)}</label>',
    ]
    if control.help_text:
        parts.append(
            f'<p class="field-help" id="{ident}_helptext">{_escape(control.help_text)}</p>'
        )
    parts.append(_error(control))
    if kind == "select":
        parts.append(
            f'<select name="{name}" id="{ident}"{_describedby(control)}>'
            f"{_options(control)}</select>"
        )
    else:
        value = f' value="{_escape(control.value)}"' if control.value else ""
        if kind == "number":
            limits = f' min="{CREDITS[0]}" max="{CREDITS[-1]}" inputmode="numeric"'
        else:
            limits = f' autocomplete="off" maxlength="{_escape(max_length)}"'
        parts.append(
            f'<input type="{_escape(kind)}" name="{name}" id="{ident}"{value}{limits}'
            f"{_describedby(control)}>"
        )
    parts.append("</div>")
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308 (escaped above)


@register.simple_tag
def search_checkboxes(control: Control) -> SafeString:
    """Draw a filter of several choices as a fieldset of checkboxes."""
    name, ident = _escape(control.name), _escape(control.id)
    error = f' aria-describedby="{ident}_error"' if control.error else ""
    boxes = []
    for number, (value, label) in enumerate(control.choices):
        checked = " checked" if value in control.values else ""
        boxes.append(
            f'<li><input type="checkbox" name="{name}" value="{_escape(value)}" '
            f'id="{ident}_{number}"{checked}> <label for="{ident}_{number}">'
            f"{_escape(label)}</label></li>"
        )
    parts = [
        f'<fieldset class="field-group{" field-invalid" if control.error else ""}"{error}>',
        f"<legend>{_escape(control.label)}</legend>",
        _error(control),
        f'<ul class="checkboxes">{"".join(boxes)}</ul>',
        "</fieldset>",
    ]
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308 (escaped above)


@register.simple_tag
def search_results(rows: Iterable[ResultRow]) -> SafeString:
    """Draw the page's results, one list item each (`views.ResultRow`)."""
    # the labels in the page's language, looked up once for the whole page
    number, level, credits = (
        _escape(gettext("Listing number")),
        _escape(gettext("Level")),
        _escape(gettext("Credits")),
    )
    developer, status = _escape(gettext("Developer")), _escape(gettext("Status"))
    items = []
    for row in rows:
        title_mi = (
            f'<p class="result-title-mi" lang="mi">{_escape(row.title_mi)}</p>'
            if row.title_mi
            else ""
        )
        items.append(
            '<li class="result">'
            f'<h3 class="result-title"><a href="{_escape(row.url)}">'
            f"{_escape(row.listed_title)}</a></h3>{title_mi}"
            '<dl class="result-facts">'
            f"<div><dt>{number}</dt><dd>{_escape(row.listing_number)}</dd></div>"
            f"<div><dt>{level}</dt><dd>{row.level:d}</dd></div>"
            f"<div><dt>{credits}</dt><dd>{row.credits:d}</dd></div>"
            f"<div><dt>{developer}</dt><dd>{_escape(row.developer)}</dd></div>"
            f'<div><dt>{status}</dt><dd><span class="status status-{_escape(row.status)}">'
            f"{_escape(row.status_label)}</span></dd></div>"
            "</dl></li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 (each value is escaped above)
