"""Two approvals at the same moment get different listing numbers (LOR-13.2).

PostgreSQL locks the counter row; SQLite serialises writers with BEGIN IMMEDIATE, so the race
can only happen on PostgreSQL and is tested there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from tests.conftest import Persona
from tohu.applications import services
from tohu.applications.models import Application

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the race needs concurrent writers: PostgreSQL only")


def _in_threads(*work: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work[index]()
        except Exception as error:  # the test looks at what each thread met
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_approvals_at_once_get_different_listing_numbers(
    evaluated: Callable[..., Application],
    developer: Persona,
    provider: Persona,
    quality_assurer: Persona,
    qa_manager: Persona,
) -> None:
    first = evaluated(developer)
    second = evaluated(provider, isb_support="not_sought")
    results = _in_threads(
        lambda: services.application_approve(actor=quality_assurer.user, application=first),
        lambda: services.application_approve(actor=qa_manager.user, application=second),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    first.refresh_from_db()
    second.refresh_from_db()
    numbers = {first.micro_credential.listing_number, second.micro_credential.listing_number}  # type: ignore[union-attr]
    assert len(numbers) == 2


def test_two_decisions_on_one_application_at_once_make_one_listing(
    evaluated: Callable[..., Application],
    developer: Persona,
    quality_assurer: Persona,
    qa_manager: Persona,
) -> None:
    application = evaluated(developer)
    results = _in_threads(
        lambda: services.application_approve(actor=quality_assurer.user, application=application),
        lambda: services.application_approve(actor=qa_manager.user, application=application),
    )
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1
    assert "is already approved (approved is final)" in str(refused[0])
    from tohu.register.models import MicroCredential

    assert MicroCredential.objects.count() == 1
