"""The committed `.mo` files say what their `.po` files say, so a fresh clone needs no gettext."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tohu.core.catalogues import compile_catalogue, mo_entries, po_entries, po_files

PO_FILES = list(po_files())


def test_the_interface_has_catalogues_for_both_languages() -> None:
    languages = {path.parent.parent.name for path in PO_FILES}
    assert {"en_NZ", "mi"} <= languages


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda path: path.parent.parent.name)
def test_each_committed_mo_matches_its_po(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `tohu compilecatalogues`"
    assert mo_entries(mo_path) == po_entries(po_path), (
        f"{mo_path} is out of date with {po_path.name}: run `tohu compilecatalogues`"
    )


def test_compiling_writes_every_translation(tmp_path: Path) -> None:
    po_path = tmp_path / "django.po"
    po_path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Register"\nmsgstr "[Register]"\n\n'
        'msgid "Untranslated"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Unsure"\nmsgstr "[Unsure]"\n',
        encoding="utf-8",
    )
    mo_path = compile_catalogue(po_path)
    assert mo_entries(mo_path) == {("", "Register", ""): ("[Register]",)}


def test_the_command_compiles_the_project_catalogues(tmp_path: Path, settings: Any) -> None:
    target = tmp_path / "xx" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Sign in"\nmsgstr "Signed"\n',
        encoding="utf-8",
    )
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compilecatalogues", verbosity=0)
    assert mo_entries(target / "django.mo") == {("", "Sign in", ""): ("Signed",)}
