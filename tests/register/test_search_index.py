"""The full-text index follows the search documents on both databases."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db import connection

from tests.factories import version_details
from tests.register.conftest import Register, numbers
from tohu.core.principal import SYSTEM
from tohu.register import services
from tohu.register.models import SearchDocument
from tohu.register.search import STOP_WORDS
from tohu.register.selectors import SearchCriteria, micro_credential_search


def found(q: str) -> list[str]:
    page = micro_credential_search(user=AnonymousUser(), criteria=SearchCriteria(q=q))
    return numbers(page.items)


def test_a_new_version_replaces_the_words_that_are_found(register: Register) -> None:
    services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=register.barista,
        details=version_details(
            title="Latte Art Skills",
            level=2,
            credits=8,
            nzsced_code="110103",
            learning_outcomes=["Pour latte art"],
        ),
        approved_on=date(2025, 1, 1),
        effective_from=date(2025, 2, 1),
        change_summary="Renamed.",
    )
    assert found("latte") == ["2002"]
    assert found("espresso") == []


def test_a_deleted_search_document_is_no_longer_found(register: Register) -> None:
    SearchDocument.objects.filter(micro_credential=register.kaitiaki).delete()
    assert found("kaitiakitanga") == []
    assert found("wananga") == ["2004"]


def test_postgresql_drops_exactly_the_stop_words_we_drop(db: None) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM unnest(%s::text[]) AS word "
            "WHERE numnode(plainto_tsquery('english', word)) > 0",
            [sorted(STOP_WORDS)],
        )
        kept = [row[0] for row in cursor.fetchall()]
    assert kept == []
    # PostgreSQL's english.stop has 127 words: with the check above, the lists are the same
    assert len(STOP_WORDS) == 127
