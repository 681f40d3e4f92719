"""Recording completions: all or nothing, partial, idempotent re-sends, versions by date,
late reports, the batch row and its audit event, and a crash part-way."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.db import connection

from tests.achievements.conftest import HEADER, csv_bytes, import_file, url
from tests.conftest import Persona
from tests.factories import LearnerFactory, accredit, version_details
from tohu.achievements.events import Event
from tohu.achievements.models import BatchPhase, BatchStatus, Channel, Completion, ImportBatch
from tohu.achievements.results_file import CsvSource
from tohu.achievements.services import (
    Progress,
    batches,
    check_reporter,
    ingest,
    results_import,
    staging,
)
from tohu.core.errors import NotAllowed
from tohu.core.models import AuditEvent
from tohu.core.principal import SYSTEM
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.register.models import MicroCredential

GOOD_AND_BAD = csv_bytes(
    HEADER, "0000012345,4321,2025-05-01", "0000067890,4321,2025-05-02", "123,4321,2025-05-03"
)


def test_a_file_with_any_problem_records_nothing(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    imported = import_file(provider, GOOD_AND_BAD)
    outcome = imported.outcome
    assert outcome.status == BatchStatus.REJECTED
    assert (outcome.rows_total, outcome.rows_recorded, outcome.rows_rejected) == (3, 0, 1)
    assert Completion.objects.count() == 0
    assert outcome.summary == (
        "Nothing was recorded: 1 problem in 1 of 3 rows. Fix it and send the file again."
    )


def test_a_rejected_file_still_leaves_a_batch_row_and_audit_event(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    imported = import_file(provider, GOOD_AND_BAD, name="june.csv")
    batch = ImportBatch.objects.get()
    assert imported.outcome.batch == batch
    assert (batch.status, batch.file_name, batch.rows_rejected) == ("rejected", "june.csv", 1)
    assert batch.submitted_by_id == provider.user.pk
    assert batch.error_report.endswith(".csv")
    event = AuditEvent.objects.get(event=Event.RESULTS_REJECTED)
    assert event.detail["rejected"] == 1


def test_partial_records_the_valid_rows_and_reports_the_rest(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    imported = import_file(provider, GOOD_AND_BAD, partial=True)
    assert imported.outcome.status == BatchStatus.RECORDED
    assert imported.outcome.rows_recorded == 2
    assert [p[:3] for p in imported.problems] == [(4, "nsn", "ROA-nsn")]
    assert set(Completion.objects.values_list("nsn", flat=True)) == {"0000012345", "0000067890"}
    assert AuditEvent.objects.filter(event=Event.RESULTS_RECORDED).count() == 1


def test_sending_the_same_file_again_changes_nothing_and_says_so(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    content = csv_bytes(HEADER, "0000012345,4321,2025-05-01", "0000067890,4321,01/05/2025")
    first = import_file(provider, content).outcome
    again = import_file(provider, content).outcome
    assert (first.rows_recorded, again.rows_recorded, again.rows_duplicate) == (2, 0, 2)
    assert again.ok
    assert again.summary == "0 completions recorded; 2 already recorded (unchanged)."
    assert Completion.objects.count() == 2


def test_a_completion_held_from_another_provider_is_not_recorded_twice(
    provider: Persona,
    outsider: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
) -> None:
    assert outsider.organisation is not None
    accredit(outsider.organisation, forklift)
    import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    imported = import_file(outsider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    assert imported.problems == [
        (
            2,
            "nsn",
            "ROA-dup",
            "NSN 0000012345 already holds 4321 version 1, reported by another provider.",
        )
    ]
    assert Completion.objects.count() == 1


def test_a_different_date_for_a_recorded_completion_asks_for_a_correction(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    imported = import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-02"))
    assert imported.problems == [
        (
            2,
            "date_of_achievement",
            "ROA-dup",
            "NSN 0000012345 already holds 4321 version 1 with the date of achievement 2025-05-01; "
            "to change the date, correct that record instead.",
        )
    ]


def test_a_dry_run_checks_and_records_nothing(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    outcome = import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"), dry_run=True)
    assert outcome.outcome.ok
    assert outcome.outcome.rows_recorded == 1
    assert outcome.outcome.summary == "1 completion would be recorded."
    assert Completion.objects.count() == ImportBatch.objects.count() == 0


def test_a_report_more_than_three_months_on_is_recorded_and_flagged_late(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    content = csv_bytes(HEADER, "0000012345,4321,2025-03-16", "0000067890,4321,2025-03-15")
    outcome = import_file(provider, content).outcome
    assert outcome.rows_late == 1
    late = dict(Completion.objects.values_list("nsn", "late"))
    assert late == {"0000012345": False, "0000067890": True}


def test_the_version_is_the_one_in_force_on_the_date_of_achievement(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    register_services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=forklift,
        details=version_details(credits=6),
        approved_on=date(2025, 1, 10),
        effective_from=date(2025, 2, 1),
        change_summary="More credits.",
    )
    content = csv_bytes(
        HEADER + ",version",
        "0000012345,4321,2025-01-31,",
        "0000067890,4321,2025-02-01,",
        "123456789,4321,2025-02-01,1",
    )
    imported = import_file(provider, content)
    assert imported.problems == []
    versions = dict(Completion.objects.values_list("nsn", "version__number"))
    assert versions == {"0000012345": 1, "0000067890": 2, "123456789": 1}


def test_a_version_given_must_have_existed_on_the_date(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    register_services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=forklift,
        details=version_details(credits=6),
        approved_on=date(2025, 1, 10),
        effective_from=date(2025, 2, 1),
        change_summary="More credits.",
    )
    imported = import_file(provider, csv_bytes(HEADER + ",version", "0000012345,4321,2025-01-31,2"))
    assert imported.problems == [
        (
            2,
            "version",
            "VER-1",
            "Version 2 of 4321 applies from 2025-02-01, after the date of achievement 2025-01-31.",
        )
    ]


def test_the_developer_holding_the_approval_may_award_without_accreditation(
    isb: Organisation, forklift: MicroCredential, learners: list[Learner]
) -> None:
    isb.org_type = "pte"  # a provider that developed its own micro-credential
    isb.save()
    imported = import_file(isb, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    assert imported.problems == []


def test_an_accreditation_that_ended_covers_days_up_to_its_end(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    accreditation = forklift.accreditations.get()
    accreditation.status, accreditation.ended_on = "lapsed", date(2025, 4, 30)
    accreditation.save()
    content = csv_bytes(HEADER, "0000012345,4321,2025-04-30", "0000067890,4321,2025-05-01")
    imported = import_file(provider, content, partial=True)
    assert [p[:3] for p in imported.problems] == [(3, "listing_number", "LOR-18.2")]
    assert imported.outcome.rows_recorded == 1


def test_a_provider_reports_only_as_itself(
    provider: Persona, outsider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    assert provider.organisation is not None
    content = csv_bytes(HEADER, "0000012345,4321,2025-05-01")
    with pytest.raises(NotAllowed):
        results_import(
            reporter=outsider.user,
            provider=provider.organisation,
            source=CsvSource(io.BytesIO(content), size=len(content)),
            channel=Channel.UPLOAD,
        )
    assert Completion.objects.count() == ImportBatch.objects.count() == 0


def test_the_quality_assurer_does_not_report_for_a_provider(
    quality_assurer: Persona, provider_org: Organisation, forklift: MicroCredential
) -> None:
    with pytest.raises(NotAllowed):
        check_reporter(quality_assurer.user, provider_org)


def _thirty_rows(monkeypatch: pytest.MonkeyPatch) -> bytes:
    people = [LearnerFactory.create(nsn=f"{n:010d}") for n in range(1, 31)]
    monkeypatch.setattr(ingest, "CHUNK_ROWS", 10)
    return csv_bytes(HEADER, *(f"{p.nsn},4321,2025-05-01" for p in people))


def _killed_after_two_chunks(provider: Persona, content: bytes) -> list[int]:
    assert provider.organisation is not None
    recorded: list[int] = []

    def killed(progress: Progress) -> None:
        if progress.phase == BatchPhase.RECORDING:
            recorded.append(progress.recorded)
            if len(recorded) == 2:
                raise KeyboardInterrupt("killed")

    with pytest.raises(KeyboardInterrupt):
        results_import(
            reporter=provider.user,
            provider=provider.organisation,
            source=CsvSource(io.BytesIO(content), size=len(content)),
            channel=Channel.UPLOAD,
            progress=killed,
        )
    return recorded


def test_a_crash_part_way_takes_back_what_was_written_and_the_file_can_be_sent_again(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows written before the crash were never visible, and are deleted before it fails."""
    content = _thirty_rows(monkeypatch)
    assert _killed_after_two_chunks(provider, content) == [10, 20]
    assert Completion.every_row.count() == 0
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_recorded) == (BatchStatus.FAILED, 0)
    assert "Nothing was recorded" in batch.message
    assert AuditEvent.objects.filter(event="results.failed").count() == 1
    again = import_file(provider, content)
    assert again.outcome.rows_recorded == 30
    assert Completion.objects.count() == 30


def test_a_process_that_dies_outright_leaves_hidden_rows_that_recovery_takes_back(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed with no chance to clean up: the rows stay hidden until recovery fails the batch."""
    content = _thirty_rows(monkeypatch)
    monkeypatch.setattr(ingest, "_abandon", lambda *args: None)
    _killed_after_two_chunks(provider, content)
    assert Completion.objects.count() == 0
    assert Completion.every_row.count() == 20
    assert provider.client.get(url("provider-completions")).context["page"].paginator.count == 0
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.RECORDING
    # the process is alive and wrote just now: recovery leaves it alone
    assert batches.batches_recover() == []
    assert batches.batches_recover(stale_after=timedelta(0)) == [batch.pk]
    batch.refresh_from_db()
    assert (batch.status, batch.message) == (BatchStatus.FAILED, batches.STOPPED)
    assert Completion.every_row.count() == 0
    assert batches.batches_recover(stale_after=timedelta(0)) == []
    again = import_file(provider, content)
    assert again.outcome.rows_recorded == 30


def test_rows_are_checked_in_chunks_with_a_constant_number_of_queries(
    provider: Persona,
    forklift: MicroCredential,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: object,
) -> None:
    """Reference data is read a batch at a time, never a query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(ingest, "CHUNK_ROWS", 1000)
    people = [LearnerFactory.create(nsn=f"{n:010d}") for n in range(1, 401)]
    content = csv_bytes(HEADER, *(f"{p.nsn},4321,2025-05-01" for p in people))
    with CaptureQueriesContext(connection) as small:
        import_file(provider, content[: content.index(b"\r\n", 200) + 2])
    Completion.objects.all().delete()
    ImportBatch.objects.all().delete()
    with CaptureQueriesContext(connection) as large:
        import_file(provider, content)
    assert Completion.objects.count() == 400
    assert len(large) <= len(small) + 2


def test_the_demo_completions_go_through_the_ingest_and_run_twice_safely(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    from tohu.achievements.demo import add_demo_completions

    # one accredited micro-credential: each learner completes it once, from the one provider
    assert add_demo_completions() == len(learners)
    assert add_demo_completions() == 0
    assert Completion.objects.count() == len(learners)
    assert set(Completion.objects.values_list("nsn", flat=True)) == {lr.nsn for lr in learners}
    assert ImportBatch.objects.filter(provider=provider.organisation).exists()


def test_the_progress_goes_through_reading_checking_and_recording_to_the_end(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch's page sees each phase with its counts; nothing is left for after 99%."""
    assert provider.organisation is not None
    content = _thirty_rows(monkeypatch)
    monkeypatch.setattr(ingest, "NOTE_EVERY", 0)
    seen: list[tuple[str, int, int, int, int]] = []

    def watch(progress: Progress) -> None:
        batch = ImportBatch.objects.get()
        seen.append(
            (batch.phase, batch.percent, batch.rows_total, batch.rows_checked, batch.rows_recorded)
        )

    results_import(
        reporter=provider.user,
        provider=provider.organisation,
        source=CsvSource(io.BytesIO(content), size=len(content)),
        channel=Channel.UPLOAD,
        progress=watch,
    )
    phases = [phase for phase, *_ in seen]
    assert phases[0] == BatchPhase.READING
    assert phases[-1] == BatchPhase.FINISHING
    assert phases.count(BatchPhase.CHECKING) == phases.count(BatchPhase.RECORDING) == 3
    assert (BatchPhase.CHECKING, 10) in [(phase, checked) for phase, _, _, checked, _ in seen]
    recorded = [done for phase, _, _, _, done in seen if phase == BatchPhase.RECORDING]
    assert recorded == [10, 20, 30]
    percents = [percent for _, percent, *_ in seen]
    assert percents == sorted(percents)
    # everything is read, checked and recorded before the last step, which only shows it
    assert seen[-1][1:] == (99, 30, 30, 30)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.percent, batch.phase) == (BatchStatus.RECORDED, 100, "")


def test_another_providers_completion_is_refused_without_saying_whose_or_when(
    provider: Persona, outsider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    assert outsider.organisation is not None
    assert provider.organisation is not None
    accredit(outsider.organisation, forklift)
    import_file(
        outsider, csv_bytes(HEADER + ",provider_reference", "0000012345,4321,2025-04-01,X9")
    )
    imported = import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    assert not imported.outcome.ok
    assert imported.outcome.rows_duplicate == 0
    report = imported.report
    for secret in (outsider.organisation.name, outsider.organisation.slug, "2025-04-01", "X9"):
        assert secret not in report
    batch = imported.outcome.batch
    assert batch is not None
    assert outsider.organisation.name not in str(batch.problems_preview) + batch.message


def test_writes_go_straight_in_until_a_row_is_held_and_every_outcome_is_exact(
    provider: Persona,
    outsider: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two rows a write: the first write is clean, the second holds a row another provider
    recorded and a repeat of the first write's row, the third and fourth are clean. On
    PostgreSQL the first is copied straight into the completions table; the second's copy is
    refused whole and it goes through staging, which finds each row's outcome; the third is
    staged (the write before it found rows held) and, finding none, the fourth goes straight in
    again. SQLite always stages."""
    assert outsider.organisation is not None
    accredit(outsider.organisation, forklift)
    extra = [LearnerFactory.create(nsn=f"77700000{n}") for n in range(5)]
    import_file(outsider, csv_bytes(HEADER, "0000067890,4321,2025-05-01"))
    monkeypatch.setattr(ingest, "WRITE_ROWS", 2)
    monkeypatch.setattr(ingest, "WRITE_ROWS_POSTGRES", 2)
    straight: list[bool] = []
    record_direct = staging.record_direct

    def watched(*args: object, **kwargs: object) -> bool:
        went_in = record_direct(*args, **kwargs)  # type: ignore[arg-type]
        straight.append(went_in)
        return went_in

    monkeypatch.setattr(staging, "record_direct", watched)
    content = csv_bytes(
        HEADER,
        "0000012345,4321,2025-05-01",  # line 2
        f"{extra[0].nsn},4321,2025-05-01",
        "0000067890,4321,2025-05-01",  # line 4: the outsider's
        "0000012345,4321,2025-05-01",  # line 5: line 2 again
        f"{extra[1].nsn},4321,2025-05-01",
        f"{extra[2].nsn},4321,2025-05-01",
        f"{extra[3].nsn},4321,2025-05-01",
        f"{extra[4].nsn},4321,2025-05-01",
    )
    imported = import_file(provider, content, partial=True)
    outcome = imported.outcome
    assert (outcome.rows_total, outcome.rows_recorded, outcome.rows_rejected) == (8, 6, 2)
    assert [(line, rule) for line, _, rule, _ in imported.problems] == [
        (4, "ROA-dup"),
        (5, "ROA-dup"),
    ]
    mine = Completion.objects.filter(provider=provider.organisation)
    assert sorted(line or 0 for line in mine.values_list("batch_line", flat=True)) == [
        2,
        3,
        6,
        7,
        8,
        9,
    ]
    assert straight == ([True, False, True] if connection.vendor == "postgresql" else [])
