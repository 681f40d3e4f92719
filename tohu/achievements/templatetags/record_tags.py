"""Template tags for the Record of Achievement."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString, mark_safe

from tohu.achievements.selectors import RecordEntry
from tohu.core.site import absolute_url

register = template.Library()

ROW = (
    '<tr class="record-entry"><th scope="row"><a href="{}">{}</a>{}{}</th>'
    '<td>{} <span class="hint">v{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>'
)
TITLE_MI = '<br><span lang="mi" class="hint">{}</span>'
# ROA-total: an earlier version of a listing the learner also holds a later one of
NOT_COUNTED = (
    '<br><span class="hint">An earlier version: the later one is counted in the totals '
    "(ROA-total).</span>"
)
PLACEHOLDER = "listing-number"


@register.simple_tag
def record_rows(entries: Iterable[RecordEntry]) -> SafeString:
    """Render the rows of a record's table, every value escaped.

    A learner can hold hundreds of micro-credentials, and the page, the PDF and the employer's
    view list them all. Rendering each cell through the template language cost about a tenth of a
    millisecond a row, and format_html a third of that, so the rows are built here with the
    standard library's html.escape (what Django's own escape calls). Dates read as the
    `date:"j F Y"` filter writes them.
    """
    months = {number: str(name) for number, name in MONTHS.items()}
    # each entry links to its listing on the register (absolute: the PDF carries the links too)
    link = absolute_url(reverse("register:detail", args=[PLACEHOLDER]))
    rows = [
        ROW.format(
            escape(link.replace(PLACEHOLDER, entry.listing_number)),
            escape(entry.listed_title),
            TITLE_MI.format(escape(entry.title_mi)) if entry.title_mi else "",
            "" if entry.counted else NOT_COUNTED,
            escape(entry.listing_number),
            int(entry.version_number),
            int(entry.level),
            int(entry.credits),
            escape(entry.provider_name),
            escape(_day(entry, months)),
        )
        for entry in entries
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped or an int


def _day(entry: RecordEntry, months: dict[int, str]) -> str:
    day = entry.date_of_achievement
    return f"{day.day} {months[day.month]} {day.year}"
