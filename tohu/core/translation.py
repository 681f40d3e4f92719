"""How far the interface is in te reo Māori: the glossary and each string's review state.

The catalogue is tohu/locale/mi/LC_MESSAGES/django.po. Beside it, review.json gives each
translated string's review state (gettext's `fuzzy` flag would hide a translation from the page):

- ``sourced``: built only from terms in the glossary (tohu/locale/glossary.csv), each with a
  published source;
- ``suggested``: proposed, not yet checked by a fluent speaker;
- ``approved``: checked by a fluent speaker.

A string with no translation is ``missing`` and the page shows it in English.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings

REVIEW_STATES = ("approved", "sourced", "suggested")


@dataclass(frozen=True)
class GlossaryTerm:
    """One term: the English, its established te reo Māori (empty when none was found), where."""

    term: str
    te_reo: str
    source: str
    note: str


@dataclass
class CatalogueStatus:
    """Counts by review state, and the strings still in English."""

    counts: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    total: int = 0


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def catalogue_path(language: str = "mi") -> Path:
    return locale_dir() / language / "LC_MESSAGES" / "django.po"


def review_path(language: str = "mi") -> Path:
    return catalogue_path(language).with_name("review.json")


def entry_key(entry: polib.POEntry) -> str:
    """An entry's key in review.json: its message, after its context and a `|` if it has one."""
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def glossary() -> list[GlossaryTerm]:
    """The glossary, in its file's order."""
    with (locale_dir() / "glossary.csv").open(encoding="utf-8", newline="") as handle:
        return [GlossaryTerm(**row) for row in csv.DictReader(handle)]


def review_states(language: str = "mi") -> dict[str, str]:
    return dict(json.loads(review_path(language).read_text(encoding="utf-8")))


def catalogue_status(language: str = "mi") -> CatalogueStatus:
    """Count the catalogue's strings by review state; list those with no translation."""
    states = review_states(language)
    status = CatalogueStatus(counts=dict.fromkeys((*REVIEW_STATES, "missing"), 0))
    for entry in polib.pofile(str(catalogue_path(language))):
        if entry.obsolete:
            continue
        status.total += 1
        if translated(entry):
            # a translation with no recorded state has not been checked: it counts as suggested
            status.counts[states.get(entry_key(entry), "suggested")] += 1
        else:
            status.counts["missing"] += 1
            status.missing.append(entry.msgid)
    return status
