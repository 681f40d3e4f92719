"""`tohu compilecatalogues`: compile tohu/locale's `.po` files to `.mo` with polib."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tohu.core.catalogues import compile_catalogue, po_files


class Command(BaseCommand):
    help = "Compile every .po file under tohu/locale to its .mo (no GNU gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        for po_path in po_files():
            mo_path = compile_catalogue(po_path)
            self.stdout.write(f"compiled {mo_path}")
