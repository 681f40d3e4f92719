"""A dry run finds in SQL what a real import would find when it writes: rows repeated in the file
(ROA-dup), completions the learner already holds from this provider (unchanged, or a different
date to correct) and from another provider (refused without saying whose). It records nothing."""

from __future__ import annotations

import pytest

from tests.achievements.conftest import HEADER, csv_bytes, import_file
from tests.conftest import Persona
from tests.factories import accredit
from tohu.achievements.models import BatchStatus, Completion, ImportBatch
from tohu.achievements.services import ingest
from tohu.core.models import AuditEvent
from tohu.learners.models import Learner
from tohu.register.models import MicroCredential


def _held_by_both(provider: Persona, outsider: Persona, forklift: MicroCredential) -> None:
    """The provider holds 0000012345 (1 May); the outsider holds 0000067890 (2 May)."""
    assert outsider.organisation is not None
    accredit(outsider.organisation, forklift)
    assert import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01")).outcome.ok
    assert import_file(outsider, csv_bytes(HEADER, "0000067890,4321,2025-05-02")).outcome.ok


MIXED = csv_bytes(
    HEADER,
    "0000012345,4321,2025-05-01",  # line 2: the provider's own, same date: unchanged
    "0000067890,4321,2025-05-02",  # line 3: held by another provider
    "123456789,4321,2025-05-03",  # line 4: new
    "123456789,4321,2025-05-03",  # line 5: line 4 again
)


def test_a_dry_run_reports_repeats_and_held_completions_as_the_import_would(
    provider: Persona, outsider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    _held_by_both(provider, outsider, forklift)
    before = (Completion.every_row.count(), ImportBatch.objects.count(), AuditEvent.objects.count())

    dry = import_file(provider, MIXED, dry_run=True)

    assert dry.outcome.status == BatchStatus.REJECTED
    assert (dry.outcome.rows_total, dry.outcome.rows_duplicate, dry.outcome.rows_rejected) == (
        4,
        1,
        2,
    )
    assert dry.problems == [
        (3, "nsn", "ROA-dup", "NSN 0000067890 already holds 4321 version 1, reported by "
         "another provider."),
        (5, "nsn", "ROA-dup", "This completion is already on line 4 of the file."),
    ]  # fmt: skip
    assert (
        Completion.every_row.count(),
        ImportBatch.objects.count(),
        AuditEvent.objects.count(),
    ) == before

    # the real import finds the same problems on the same lines
    real = import_file(provider, MIXED)
    assert real.outcome.status == BatchStatus.REJECTED
    assert [p[:3] for p in real.problems] == [p[:3] for p in dry.problems]


def test_a_partial_dry_run_counts_what_would_be_recorded_net_of_repeats_and_held_rows(
    provider: Persona, outsider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    _held_by_both(provider, outsider, forklift)

    dry = import_file(provider, MIXED, dry_run=True, partial=True).outcome

    assert dry.status == BatchStatus.RECORDED
    assert (dry.rows_recorded, dry.rows_duplicate, dry.rows_rejected) == (1, 1, 2)
    assert dry.summary == (
        "1 completion would be recorded; 1 already recorded (unchanged); "
        "2 rows not recorded (see the error report)."
    )
    real = import_file(provider, MIXED, partial=True).outcome
    assert (real.rows_recorded, real.rows_duplicate, real.rows_rejected) == (1, 1, 2)


def test_a_dry_run_asks_for_a_correction_when_the_provider_holds_another_date(
    provider: Persona, outsider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    _held_by_both(provider, outsider, forklift)

    dry = import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-09"), dry_run=True)

    assert dry.problems == [
        (2, "date_of_achievement", "ROA-dup", "NSN 0000012345 already holds 4321 version 1 "
         "with the date of achievement 2025-05-01; to change the date, correct that record "
         "instead."),
    ]  # fmt: skip
    assert Completion.objects.get(nsn="0000012345").date_of_achievement.isoformat() == "2025-05-01"


def test_a_dry_run_of_a_file_with_a_bad_header_reads_no_row(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    dry = import_file(
        provider,
        csv_bytes("nsn,listing,date_of_achievement", "0000012345,4321,2025-05-01"),
        dry_run=True,
    )
    assert dry.outcome.status == BatchStatus.REJECTED
    assert dry.outcome.rows_total == 0
    assert [(p[0], p[2]) for p in dry.problems] == [(1, "ROA-fields"), (1, "ROA-fields")]
    assert dry.outcome.summary == (
        "Nothing was recorded: 2 problems before any row could be read. Fix them and send the "
        "file again."
    )


def test_a_dry_run_of_a_file_with_only_its_header_says_it_is_empty(
    provider: Persona, forklift: MicroCredential
) -> None:
    dry = import_file(provider, csv_bytes(HEADER), dry_run=True)
    assert dry.outcome.status == BatchStatus.REJECTED
    assert dry.problems == [
        (2, "", "ROA-fields",
         "The file has no completions in it: put one on each line under the header."),
    ]  # fmt: skip


def test_a_dry_run_counts_a_line_with_two_findings_once(
    provider: Persona,
    outsider: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A line both repeated in the file and held by another provider has two problems but is one
    rejected row; a repeat of a completion the provider holds unchanged is rejected, not also
    counted unchanged. Problems are kept a few at a time (here two)."""
    _held_by_both(provider, outsider, forklift)
    monkeypatch.setattr(ingest, "CHUNK_ROWS", 2)
    content = csv_bytes(
        HEADER,
        "0000067890,4321,2025-05-02",  # line 2: held by another provider
        "0000067890,4321,2025-05-02",  # line 3: line 2 again, and held by another provider
        "0000012345,4321,2025-05-01",  # line 4: the provider's own, unchanged
        "0000012345,4321,2025-05-01",  # line 5: line 4 again
    )

    dry = import_file(provider, content, dry_run=True, partial=True)

    assert [(line, rule, message[:30]) for line, _, rule, message in dry.problems] == [
        (2, "ROA-dup", "NSN 0000067890 already holds 4"),
        (3, "ROA-dup", "This completion is already on "),
        (3, "ROA-dup", "NSN 0000067890 already holds 4"),
        (5, "ROA-dup", "This completion is already on "),
    ]
    outcome = dry.outcome
    assert (outcome.rows_total, outcome.rows_rejected, outcome.rows_duplicate) == (4, 3, 1)
    assert outcome.rows_recorded == 0
