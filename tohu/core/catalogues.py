"""Tohu's gettext catalogues (tohu/locale): compiled with polib, so no GNU gettext is needed.

The compiled `.mo` files are committed beside their `.po` files; tests/core/test_catalogues.py
fails when a `.mo` no longer says what its `.po` says. `tohu compilecatalogues` rewrites them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polib
from django.conf import settings

# (context, singular, plural) -> the translations, by plural form
Entries = dict[tuple[str, str, str], tuple[str, ...]]


def po_files() -> Iterator[Path]:
    """Every `.po` file under the project's locale directories, in a stable order."""
    for directory in settings.LOCALE_PATHS:
        yield from sorted(Path(directory).glob("*/LC_MESSAGES/*.po"))


def _entries(catalogue: polib.POFile | polib.MOFile) -> Entries:
    entries: Entries = {}
    for entry in catalogue:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
            if not all(forms):
                continue
        elif entry.msgstr:
            forms = (entry.msgstr,)
        else:
            continue
        entries[(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")] = forms
    return entries


def po_entries(po_path: Path) -> Entries:
    """The translations a `.po` file gives (untranslated and fuzzy entries are left out)."""
    return _entries(polib.pofile(str(po_path)))


def mo_entries(mo_path: Path) -> Entries:
    """The translations a compiled `.mo` file gives."""
    return _entries(polib.mofile(str(mo_path)))


def compile_catalogue(po_path: Path) -> Path:
    """Write the `.mo` beside a `.po` file and return its path."""
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path
