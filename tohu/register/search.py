"""Full-text search over the register: one interface, two backends (SQLite FTS5, PostgreSQL).

The searchable text lives in `SearchDocument` with macrons folded, so "wananga" finds "wānanga"
on both databases.
"""

from __future__ import annotations

import unicodedata

from tohu.register.models import MicroCredential, SearchDocument


def fold(text: str) -> str:
    """Fold macrons and other diacritics away: "Wānanga" becomes "Wananga"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def document_refresh(micro_credential: MicroCredential) -> None:
    """Rewrite the micro-credential's search document from its current version."""
    version = micro_credential.current_version
    if version is None:
        SearchDocument.objects.filter(micro_credential=micro_credential).delete()
        return
    statement = " ".join(
        part
        for part in (
            version.purpose_use,
            version.purpose_relevance,
            version.purpose_outcomes,
            version.purpose_pathways,
            version.purpose_contribution,
            version.purpose_mi,
        )
        if part
    )
    SearchDocument.objects.update_or_create(
        micro_credential=micro_credential,
        defaults={
            "title": fold(f"{version.title} {version.title_mi}".strip()),
            "statement": fold(statement),
            "outcomes": fold(" ".join(str(o) for o in version.learning_outcomes)),
        },
    )
