"""Record completions: one service behind the form, the upload, the API and the command.

The file streams through in chunks: each chunk is checked with the learner index and the
register read in batches, and its good rows go to a staging table (executemany on SQLite, COPY
on PostgreSQL). Repeats within the file and completions already recorded are found in SQL, then
one INSERT ... SELECT ... ON CONFLICT DO NOTHING records the rest (ROA-dup). Everything happens
in one transaction with the batch row and its audit event: a file with any problem records
nothing unless `partial` is asked for, and a process killed part-way leaves nothing behind.
"""

from __future__ import annotations

import csv
import heapq
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Protocol

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import ngettext

from tohu.achievements.events import Event
from tohu.achievements.models import BatchStatus, ImportBatch
from tohu.achievements.problems import Problem
from tohu.achievements.results_file import FORMAT_RULE, CsvSource, RawRow
from tohu.achievements.services import staging
from tohu.achievements.services.checks import (
    IDENTITY_COLUMNS,
    CheckContext,
    ChunkResult,
    check_chunk,
)
from tohu.achievements.services.reference import ReferenceData
from tohu.core import audit, clock
from tohu.core.csv_files import CsvWriter
from tohu.core.effects import after_commit
from tohu.core.errors import NotAllowed
from tohu.core.permissions import Action, require
from tohu.core.principal import KeyPrincipal, Principal, SystemActor, user_id_of
from tohu.credentials.tasks import enqueue_issuance
from tohu.organisations.models import Organisation

CHUNK_ROWS = 5000
PREVIEW_PROBLEMS = 50
REPORT_COLUMNS = ("line", "column", "value", "rule_id", "message")


class ResultsSource(Protocol):
    """A file or a list of rows: a header to check, then rows (or problems with their shape)."""

    name: str
    size: int
    header: list[str]

    @property
    def bytes_read(self) -> int: ...

    @property
    def sha256(self) -> str: ...

    def read_header(self) -> list[Problem]: ...

    def rows(self) -> Iterator[RawRow | Problem]: ...


@dataclass(frozen=True)
class Progress:
    """How far through the file an import is."""

    bytes_read: int
    size: int
    rows: int


ProgressCallback = Callable[[Progress], None]


def check_reporter(reporter: Principal | None, provider: Organisation) -> None:
    """A provider reports only as itself: its people, its key, or the system's own command."""
    require(reporter, Action.ACHIEVEMENT_REPORT, provider)
    if not provider.is_provider:
        raise NotAllowed(f"{provider.name} is not a provider.", rule_id="LOR-18.2")


@dataclass
class ImportOutcome:
    """What an import did, or (dry run) would do; the error report lists every problem."""

    status: str
    dry_run: bool
    batch: ImportBatch | None = None
    rows_total: int = 0
    rows_recorded: int = 0
    rows_duplicate: int = 0
    rows_late: int = 0
    rows_rejected: int = 0
    problems_total: int = 0
    problems_preview: list[Problem] = field(default_factory=list)
    file_sha256: str = ""

    @property
    def ok(self) -> bool:
        return self.status != BatchStatus.REJECTED

    @property
    def summary(self) -> str:
        """Say in one line what happened, in a results officer's words."""
        if self.status == BatchStatus.REJECTED:
            problems = _count(self.problems_total, "problem", "problems")
            where = (
                f"in {self.rows_rejected} of {_count(self.rows_total, 'row', 'rows')}"
                if self.rows_total
                else "before any row could be read"
            )
            fix = "Fix it" if self.problems_total == 1 else "Fix them"
            return f"Nothing was recorded: {problems} {where}. {fix} and send the file again."
        verb = "would be recorded" if self.dry_run else "recorded"
        parts = [f"{_count(self.rows_recorded, 'completion', 'completions')} {verb}"]
        if self.rows_duplicate:
            parts.append(f"{self.rows_duplicate} already recorded (unchanged)")
        if self.rows_rejected:
            rows = _count(self.rows_rejected, "row", "rows")
            parts.append(f"{rows} not recorded (see the error report)")
        if self.rows_late:
            parts.append(f"{self.rows_late} reported more than 3 months after achievement (late)")
        return "; ".join(parts) + "."


def _count(n: int, one: str, many: str) -> str:
    """A number with its noun in the right number: 1 row, 2 rows, 0 rows."""
    return f"{n} {ngettext(one, many, n)}"


class _Rejected(Exception):
    """Roll back everything the import staged and wrote."""


def _spool() -> tempfile.SpooledTemporaryFile[str]:
    return tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", newline="", encoding="utf-8")


@dataclass
class _Run:
    """The running totals of one pass over a file."""

    source: ResultsSource
    context: CheckContext
    progress: ProgressCallback | None
    collected: list[Problem] | None = None
    rows_total: int = 0
    rows_rejected: int = 0
    rows_late: int = 0
    rows_duplicate: int = 0
    staged: int = 0
    sql_rejected: int = 0
    problems_total: int = 0
    row_problems: tempfile.SpooledTemporaryFile[str] = field(default_factory=_spool)
    sql_problems: tempfile.SpooledTemporaryFile[str] = field(default_factory=_spool)

    def add_chunk(self, result: ChunkResult) -> None:
        writer = csv.writer(self.row_problems)
        for problem in result.problems:
            writer.writerow(
                [problem.line, problem.column, problem.value, problem.rule_id, problem.message]
            )
        self.problems_total += len(result.problems)
        self.rows_total += result.rows
        self.rows_rejected += result.rejected_rows
        self.rows_late += result.late
        self.staged += len(result.staged)
        staging.add(result.staged)
        if self.progress is not None:
            self.progress(Progress(self.source.bytes_read, self.source.size, self.rows_total))

    def read(self) -> None:
        chunk: list[RawRow | Problem] = []
        for item in self.source.rows():
            chunk.append(item)
            if len(chunk) >= CHUNK_ROWS:
                self.add_chunk(check_chunk(chunk, self.context))
                chunk = []
        self.add_chunk(check_chunk(chunk, self.context))

    def check_in_sql(self) -> None:
        """ROA-dup: rows repeated in the file, and completions the learner already holds."""
        staging.index()
        versions = self.context.reference.version_labels()
        repeats = (
            Problem(
                line,
                "nsn",
                nsn,
                "ROA-dup",
                f"This completion is already on line {first} of the file.",
            )
            for line, nsn, first in staging.repeated_in_file()
        )
        existing = self._existing(versions)
        writer = csv.writer(self.sql_problems)
        last_line = -1
        for problem in heapq.merge(repeats, existing, key=lambda p: p.line):
            if problem.rule_id == "skip":
                if problem.line != last_line:
                    self.rows_duplicate += 1
                continue
            writer.writerow(
                [problem.line, problem.column, problem.value, problem.rule_id, problem.message]
            )
            self.problems_total += 1
            if problem.line != last_line:
                self.rows_rejected += 1
                self.sql_rejected += 1
            last_line = problem.line

    def _existing(self, versions: dict[int, str]) -> Iterator[Problem]:
        provider_id = self.context.provider_id
        for line, nsn, version_id, held_by, held_date, file_date in staging.already_recorded():
            held, given = str(held_date), str(file_date)
            label = versions.get(version_id, "this micro-credential")
            if held_by == provider_id and held == given:
                yield Problem(line, "", "", "skip", "")
            elif held_by != provider_id:
                message = f"NSN {nsn} already holds {label}, reported by another provider."
                yield Problem(line, "nsn", nsn, "ROA-dup", message)
            else:
                message = (
                    f"NSN {nsn} already holds {label} with the date of achievement {held}; "
                    "to change the date, correct that record instead."
                )
                yield Problem(line, "date_of_achievement", given, "ROA-dup", message)

    def report(
        self, destinations: list[IO[str]], collected: list[Problem] | None = None
    ) -> list[Problem]:
        """Merge the problems by line into one CSV error report written to each destination
        (values echoed from the file made safe for a spreadsheet); return the first few, and
        every one in `collected` when given."""
        self.row_problems.seek(0)
        self.sql_problems.seek(0)
        merged = heapq.merge(
            csv.reader(self.row_problems),
            csv.reader(self.sql_problems),
            key=lambda cells: int(cells[0]),
        )
        writers = [CsvWriter(destination) for destination in destinations]
        for writer in writers:
            writer.writerow(REPORT_COLUMNS)
        preview: list[Problem] = []
        for cells in merged:
            for writer in writers:
                writer.writerow([int(cells[0]), *cells[1:]])
            if len(preview) < PREVIEW_PROBLEMS or collected is not None:
                problem = Problem(int(cells[0]), cells[1], cells[2], cells[3], cells[4])
                if len(preview) < PREVIEW_PROBLEMS:
                    preview.append(problem)
                if collected is not None:
                    collected.append(problem)
        return preview

    def close(self) -> None:
        self.row_problems.close()
        self.sql_problems.close()


def _outcome(
    run: _Run, status: str, dry_run: bool, recorded: int, destinations: list[IO[str]]
) -> ImportOutcome:
    preview = run.report(destinations, run.collected)
    return ImportOutcome(
        status=status,
        dry_run=dry_run,
        rows_total=run.rows_total,
        rows_recorded=recorded,
        rows_duplicate=run.rows_duplicate,
        rows_late=run.rows_late,
        rows_rejected=run.rows_rejected,
        problems_total=run.problems_total,
        problems_preview=preview,
        file_sha256=run.source.sha256,
    )


def _check_file(run: _Run, header_problems: list[Problem]) -> None:
    """Check the whole file into the staging table (the header first)."""
    staging.create()
    if header_problems:
        run.add_chunk(ChunkResult([], header_problems, 0, 0, 0))
        return
    run.read()
    if not run.rows_total:
        run.add_chunk(ChunkResult([], [_no_rows(run.source)], 0, 0, 0))
        return
    run.check_in_sql()


def _no_rows(source: ResultsSource) -> Problem:
    if isinstance(source, CsvSource):
        message = "The file has no completions in it: put one on each line under the header."
        return Problem(2, "", "", FORMAT_RULE, message)
    return Problem(0, "", "", FORMAT_RULE, "No completions were given.")


def _rejected(run: _Run, partial: bool) -> bool:
    """All or nothing, unless partial; even then, a file with no good row is rejected."""
    if not run.problems_total:
        return False
    return not partial or run.rows_rejected >= run.rows_total


def results_import(
    *,
    reporter: Principal | None,
    provider: Organisation,
    source: ResultsSource,
    channel: str,
    partial: bool = False,
    dry_run: bool = False,
    batch: ImportBatch | None = None,
    progress: ProgressCallback | None = None,
    error_report: IO[str] | None = None,
    problems: list[Problem] | None = None,
) -> ImportOutcome:
    """Check and record a provider's completions; with `dry_run`, only check them.

    The full error report (CSV: line, column, value, rule id, message) is written to
    `error_report` when given, and kept with the batch when there are problems; every problem
    is also added to `problems` when given (for an answer that lists them all).
    """
    check_reporter(reporter, provider)
    context = CheckContext(provider.pk, provider.name, clock.today(), ReferenceData(provider.pk))
    run = _Run(source=source, context=context, progress=progress, collected=problems)
    try:
        with staging.import_memory():
            return _import(run, reporter, provider, channel, partial, dry_run, batch, error_report)
    finally:
        run.close()


def _import(
    run: _Run,
    reporter: Principal | None,
    provider: Organisation,
    channel: str,
    partial: bool,
    dry_run: bool,
    batch: ImportBatch | None,
    error_report: IO[str] | None,
) -> ImportOutcome:
    source = run.source
    header_problems = source.read_header()
    run.context = replace(
        run.context,
        identity_columns=frozenset(IDENTITY_COLUMNS).intersection(source.header),
    )
    if dry_run:
        return _dry_run(run, header_problems, partial, error_report)
    with transaction.atomic():
        batch = _open_batch(batch, reporter, provider, source, channel, partial)
        recorded = 0
        try:
            with transaction.atomic():
                _check_file(run, header_problems)
                if _rejected(run, partial):
                    raise _Rejected
                recorded = _record(run, batch, provider)
                staging.drop()
        except _Rejected:
            status = BatchStatus.REJECTED
        else:
            status = BatchStatus.RECORDED
            run.rows_duplicate = run.staged - run.sql_rejected - recorded
        with _spool() as kept:
            destinations: list[IO[str]] = [kept]
            if error_report is not None:
                destinations.append(error_report)
            outcome = _outcome(run, status, False, recorded, destinations)
            _close_batch(batch, outcome, reporter, source, kept)
    outcome.batch = batch
    return outcome


def _dry_run(
    run: _Run, header_problems: list[Problem], partial: bool, error_report: IO[str] | None
) -> ImportOutcome:
    try:
        _check_file(run, header_problems)
        would_record = run.staged - run.rows_duplicate - run.sql_rejected
    finally:
        staging.drop()
    rejected = _rejected(run, partial)
    status = BatchStatus.REJECTED if rejected else BatchStatus.RECORDED
    destinations = [] if error_report is None else [error_report]
    return _outcome(run, status, True, 0 if rejected else max(would_record, 0), destinations)


def _record(run: _Run, batch: ImportBatch, provider: Organisation) -> int:
    if run.problems_total:
        _remove_problem_lines(run)
    return staging.record(
        provider_id=provider.pk,
        batch_id=batch.pk,
        reported_on=run.context.today,
        created_at=clock.now(),
    )


def _remove_problem_lines(run: _Run) -> None:
    run.sql_problems.seek(0)
    lines: list[int] = []
    for cells in csv.reader(run.sql_problems):
        lines.append(int(cells[0]))
        if len(lines) >= CHUNK_ROWS:
            staging.remove(lines)
            lines = []
    staging.remove(lines)


def _open_batch(
    batch: ImportBatch | None,
    reporter: Principal | None,
    provider: Organisation,
    source: ResultsSource,
    channel: str,
    partial: bool,
) -> ImportBatch:
    if batch is not None:
        batch.status = BatchStatus.RECORDING
        batch.save(update_fields=["status"])
        return batch
    return ImportBatch.objects.create(
        provider=provider,
        channel=channel,
        file_name=source.name[:255],
        partial=partial,
        status=BatchStatus.RECORDING,
        submitted_by_id=user_id_of(reporter),
        api_key=reporter.key if isinstance(reporter, KeyPrincipal) else None,
        actor_label=reporter.label if isinstance(reporter, KeyPrincipal | SystemActor) else "",
        progress_total=source.size,
    )


def _close_batch(
    batch: ImportBatch,
    outcome: ImportOutcome,
    reporter: Principal | None,
    source: ResultsSource,
    report: IO[str],
) -> None:
    batch.status = outcome.status
    batch.file_sha256 = outcome.file_sha256
    batch.rows_total = outcome.rows_total
    batch.rows_recorded = outcome.rows_recorded
    batch.rows_duplicate = outcome.rows_duplicate
    batch.rows_late = outcome.rows_late
    batch.rows_rejected = outcome.rows_rejected
    batch.problems_total = outcome.problems_total
    batch.problems_preview = [problem_json(p) for p in outcome.problems_preview]
    batch.progress_done = batch.progress_total = max(source.bytes_read, source.size)
    batch.message = outcome.summary
    batch.finished_at = clock.now()
    if outcome.problems_total:
        name = f"results/errors/batch-{batch.pk}.csv"
        report.seek(0)
        batch.error_report = default_storage.save(name, ContentFile(report.read().encode()))
    batch.save()
    event = Event.RESULTS_RECORDED if outcome.ok else Event.RESULTS_REJECTED
    audit.record(
        event,
        actor=reporter,
        subject=batch,
        detail={
            "provider": batch.provider.slug,
            "channel": batch.channel,
            "file_name": batch.file_name,
            "sha256": batch.file_sha256,
            "partial": batch.partial,
            "rows": outcome.rows_total,
            "recorded": outcome.rows_recorded,
            "already_recorded": outcome.rows_duplicate,
            "late": outcome.rows_late,
            "rejected": outcome.rows_rejected,
        },
    )
    if outcome.rows_recorded:
        # every recorded completion gets its credential, issued in the background
        after_commit(enqueue_issuance)


def problem_json(problem: Problem) -> dict[str, str | int]:
    return {
        "line": problem.line,
        "column": problem.column,
        "value": problem.value,
        "rule_id": problem.rule_id,
        "message": problem.message,
    }
