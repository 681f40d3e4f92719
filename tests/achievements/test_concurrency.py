"""Two providers import overlapping files at the same moment (PostgreSQL): no row is lost and
none is doubled, because each chunk's INSERT leans on the ROA-dup unique constraint; and each
row's outcome is exact: a row another provider holds is refused as ROA-dup, never counted as the
provider's own "already recorded", and the message does not say who holds it."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from django.db import connection

from tests.achievements.conftest import HEADER, csv_bytes
from tests.factories import (
    LearnerFactory,
    OrganisationFactory,
    UserFactory,
    accredit,
    listed_micro_credential,
)
from tohu.achievements.models import Channel, Completion, ImportBatch
from tohu.achievements.results_file import CsvSource
from tohu.achievements.services import ImportOutcome, ingest, results_import
from tohu.organisations.models import Membership, Organisation, OrganisationType, Role
from tohu.rulebook import Problem

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def _import(organisation: Organisation, content: bytes, problems: list[Problem]) -> ImportOutcome:
    user = Membership.objects.filter(organisation=organisation).get().user
    return results_import(
        reporter=user,
        provider=organisation,
        source=CsvSource(io.BytesIO(content), size=len(content)),
        channel=Channel.UPLOAD,
        partial=True,
        problems=problems,
    )


def test_overlapping_imports_by_two_providers_lose_and_double_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # small chunks, so the two imports interleave many transactions
    monkeypatch.setattr(ingest, "CHUNK_ROWS", 25)
    developer = OrganisationFactory.create(slug="isb", org_type=OrganisationType.ISB, moe_number="")
    first, second = (
        OrganisationFactory.create(
            slug=slug, name=f"Provider {slug}", org_type=OrganisationType.PTE
        )
        for slug in ("first", "second")
    )
    for number, organisation in enumerate((first, second)):
        user = UserFactory.create(username=f"officer{number}")
        Membership.objects.create(user=user, organisation=organisation, role=Role.RESULTS_OFFICER)
    micro_credential = listed_micro_credential(
        developer=developer, listing_number="4321", listed_on=date(2024, 3, 1)
    )
    accredit(first, micro_credential)
    accredit(second, micro_credential)
    people = [LearnerFactory.create(nsn=f"{n:010d}") for n in range(1, 301)]
    rows = [f"{p.nsn},4321,2025-05-01" for p in people]
    files = {first.pk: csv_bytes(HEADER, *rows[:200]), second.pk: csv_bytes(HEADER, *rows[100:])}
    barrier = threading.Barrier(2)
    outcomes: dict[int, ImportOutcome] = {}
    problems: dict[int, list[Problem]] = {first.pk: [], second.pk: []}
    errors: list[BaseException] = []

    def run(organisation: Organisation) -> None:
        try:
            barrier.wait()
            outcomes[organisation.pk] = _import(
                organisation, files[organisation.pk], problems[organisation.pk]
            )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(org,)) for org in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    recorded = Completion.objects.filter(status="recorded")
    assert recorded.count() == 300
    assert recorded.values("nsn").distinct().count() == 300
    assert sum(o.rows_recorded for o in outcomes.values()) == 300
    assert ImportBatch.objects.count() == 2
    for organisation, other in ((first, second), (second, first)):
        outcome = outcomes[organisation.pk]
        mine = set(recorded.filter(provider=organisation).values_list("nsn", flat=True))
        # exact: every row is either recorded for this provider or refused, none "unchanged"
        assert outcome.rows_recorded == len(mine)
        assert outcome.rows_duplicate == 0
        assert outcome.rows_recorded + outcome.rows_rejected == 200
        refused = problems[organisation.pk]
        assert len(refused) == outcome.rows_rejected
        assert {p.rule_id for p in refused} <= {"ROA-dup"}
        refused_nsns = {p.value for p in refused}
        assert not refused_nsns & mine
        assert refused_nsns == set(
            recorded.filter(provider=other, nsn__in=refused_nsns).values_list("nsn", flat=True)
        )
        for problem in refused:
            assert other.name not in problem.message
            assert other.slug not in problem.message
