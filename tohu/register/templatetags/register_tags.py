"""Template filters for the register pages (the search page's controls and results are
templates: `register/_field.html`, `_checkboxes.html`, `_result_list.html`)."""

from __future__ import annotations

from typing import Any

from django import template

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
