"""Record completions: one service behind the form, the upload, the API and the command.

The file streams through in chunks of CHUNK_ROWS rows. Each chunk is checked with the learner
index and the register read in batches (no transaction), then written in one short transaction:
its good rows go to a staging table and one INSERT ... SELECT ... ON CONFLICT DO NOTHING
RETURNING records them under the import's batch (ROA-dup); the rows the constraint skipped are
read back with the completion that holds their place, so each row's outcome is exact. On
PostgreSQL the rows are first copied straight into the completions table, kept only when the
constraint refused none of them (`staging.record_direct`), and, for a file of a chunk or more
and unless the caller has a transaction open, a writer thread with its own connection writes
each chunk while the next is checked (`_record_overlapped`). The batch's completions
stay hidden from every query until the batch is recorded, in one short transaction with its
audit event; a file with any problem (unless `partial`) has its rows deleted again, a chunk at a
time, and is rejected. No write transaction holds the database for long, however large the file,
and a process killed part-way leaves a hidden batch that recovery finishes as failed
(`batches.batches_recover`). A dry run stages the whole file and records nothing.
"""

from __future__ import annotations

import csv
import heapq
import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import IO, Protocol

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext, ngettext

from tohu.achievements.events import Event
from tohu.achievements.models import BatchPhase, BatchStatus, ImportBatch
from tohu.achievements.results_file import FORMAT_RULE, CsvSource
from tohu.achievements.services import staging
from tohu.achievements.services.batches import (
    BatchLost,
    batch_claim,
    batch_finish,
    batch_rows_delete,
    batch_touch,
    owner_here,
)
from tohu.achievements.services.checks import (
    IDENTITY_COLUMNS,
    CheckContext,
    ChunkResult,
    check_chunk,
)
from tohu.achievements.services.reference import ReferenceData
from tohu.achievements.services.staging import StagedRow
from tohu.core import audit, clock
from tohu.core.csv_files import CsvWriter, RawRow
from tohu.core.effects import after_commit
from tohu.core.errors import NotAllowed
from tohu.core.permissions import Action, require
from tohu.core.principal import SYSTEM, KeyPrincipal, Principal, SystemActor, user_id_of
from tohu.core.retry import retrying
from tohu.credentials.tasks import enqueue_issuance
from tohu.organisations.models import Organisation
from tohu.rulebook import Problem

logger = logging.getLogger(__name__)

# rows checked together (the learner index and register read once per chunk)
CHUNK_ROWS = 5000
# rows written per transaction: on a busy SQLite database each holds the lock well under a second
WRITE_ROWS = 1000
# PostgreSQL has no single writer's lock: a whole chunk per transaction (fewer round trips)
WRITE_ROWS_POSTGRES = CHUNK_ROWS
# how often a batch's page hears of progress between chunks, in seconds
NOTE_EVERY = 1.0
# rounds of insert and read-back for a chunk whose place-holders keep vanishing
MAX_ROUNDS = 5
SKIP = "skip"
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
    """How far through the file an import is, and what it is doing."""

    bytes_read: int
    size: int
    rows: int
    phase: str = ""
    recorded: int = 0


ProgressCallback = Callable[[Progress], None]
# rows read from a file, or the problem that kept a line from being read
_Chunk = list[RawRow | Problem]


def check_reporter(reporter: Principal | None, provider: Organisation) -> None:
    """A provider reports only as itself: its people, its key, or the system's own command."""
    require(reporter, Action.ACHIEVEMENT_REPORT, provider)
    if not provider.is_provider:
        raise NotAllowed(
            gettext("%(name)s is not a provider.") % {"name": provider.name}, rule_id="LOR-18.2"
        )


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
    # how long each write transaction of this import held the database, in seconds
    writes: list[float] = field(default_factory=list)

    @property
    def longest_write(self) -> float:
        return max(self.writes, default=0.0)

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


def _spool() -> tempfile.SpooledTemporaryFile[str]:
    return tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", newline="", encoding="utf-8")


def _write_problems(spool: IO[str], problems: Iterable[Problem]) -> int:
    """Keep problems in a spool (internal CSV, values as they were); return how many."""
    writer = csv.writer(spool)
    count = 0
    for problem in problems:
        writer.writerow(
            [problem.row, problem.field, problem.value, problem.rule_id, problem.message]
        )
        count += 1
    return count


@dataclass(frozen=True)
class _Held:
    """A staged row that the ROA-dup constraint kept out, and what holds its place."""

    line: int
    nsn: str
    version_id: int
    held_by: int
    held_date: str
    file_date: str
    held_batch: int | None
    held_line: int | None
    held_batch_status: str | None

    @classmethod
    def of(cls, row: staging.HeldRow) -> _Held:
        line, nsn, version_id, held_by, held_date, file_date, batch, batch_line, status = row
        return cls(
            int(line),
            str(nsn),
            int(version_id),
            int(held_by),
            str(held_date),
            str(file_date),
            batch,
            batch_line,
            status,
        )


def roa_dup_problem(
    held: _Held, *, provider_id: int, batch_id: int | None, label: str
) -> Problem | None:
    """ROA-dup: why a row already held is not recorded; None when it is the provider's own
    completion with the same date (sent again: unchanged). Another provider's record is never
    described: not who reported it, nor its date."""
    nsn = held.nsn
    if batch_id is not None and held.held_batch == batch_id:
        message = f"This completion is already on line {held.held_line} of the file."
        return Problem("ROA-dup", message, field="nsn", row=held.line, value=nsn)
    if held.held_batch_status in BatchStatus.unfinished():
        message = (
            f"NSN {nsn}: {label} is being recorded by another report that has not finished. "
            "Send this row again once it has."
        )
        return Problem("ROA-dup", message, field="nsn", row=held.line, value=nsn)
    if held.held_by != provider_id:
        message = f"NSN {nsn} already holds {label}, reported by another provider."
        return Problem("ROA-dup", message, field="nsn", row=held.line, value=nsn)
    if held.held_date == held.file_date:
        return None
    message = (
        f"NSN {nsn} already holds {label} with the date of achievement {held.held_date}; "
        "to change the date, correct that record instead."
    )
    return Problem(
        "ROA-dup", message, field="date_of_achievement", row=held.line, value=held.file_date
    )


@dataclass
class _Run:
    """The running totals of one pass over a file."""

    source: ResultsSource
    context: CheckContext
    progress: ProgressCallback | None
    collected: list[Problem] | None = None
    batch_id: int | None = None
    owner: str = ""
    rows_total: int = 0
    rows_checked: int = 0
    rows_recorded: int = 0
    rows_rejected: int = 0
    rows_late: int = 0
    rows_duplicate: int = 0
    staged: int = 0
    sql_rejected: int = 0
    problems_total: int = 0
    writes: list[float] = field(default_factory=list)
    # PostgreSQL: write rows straight into the completions table while none is held already
    direct: bool = field(default_factory=staging.copies_straight)
    # whether `note` updates the batch's row (not while a writer thread writes the chunks)
    touch_batch: bool = True
    row_problems: tempfile.SpooledTemporaryFile[str] = field(default_factory=_spool)
    sql_problems: tempfile.SpooledTemporaryFile[str] = field(default_factory=_spool)
    _noted: float = 0.0

    def chunks(self) -> Iterator[_Chunk]:
        chunk: _Chunk = []
        for item in self.source.rows():
            chunk.append(item)
            if len(chunk) >= CHUNK_ROWS:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def count_checked(self, result: ChunkResult) -> None:
        self.rows_total += result.rows
        self.rows_checked += result.rows
        self.rows_rejected += result.rejected_rows
        self.staged += len(result.staged)

    def add_problems(self, problems: list[Problem], spool: IO[str] | None = None) -> None:
        self.problems_total += _write_problems(spool or self.row_problems, problems)

    def note(self, phase: str, *, force: bool = False) -> None:
        """Tell the batch's page (at most once a second), and the command's progress bar."""
        now = time.monotonic()
        if (
            self.batch_id is not None
            and self.touch_batch
            and (force or now - self._noted >= NOTE_EVERY)
        ):
            self._noted = now
            retrying(lambda: batch_touch(self.batch_id or 0, self.owner, **self.fields(phase)))
        if self.progress is not None:
            self.progress(self.snapshot(phase))

    def snapshot(self, phase: str) -> Progress:
        source = self.source
        return Progress(source.bytes_read, source.size, self.rows_total, phase, self.rows_recorded)

    def fields(self, phase: str) -> dict[str, object]:
        return {
            "phase": phase,
            "progress_done": self.source.bytes_read,
            "progress_total": max(self.source.size, self.source.bytes_read),
            "rows_total": self.rows_total,
            "rows_checked": self.rows_checked,
            "rows_recorded": self.rows_recorded,
        }

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
                problem = Problem(
                    cells[3], cells[4], field=cells[1], row=int(cells[0]), value=cells[2]
                )
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
        writes=run.writes,
    )


def _no_rows(source: ResultsSource) -> Problem:
    if isinstance(source, CsvSource):
        message = "The file has no completions in it: put one on each line under the header."
        return Problem(FORMAT_RULE, message, field="", row=2, value="")
    return Problem(FORMAT_RULE, "No completions were given.", field="", row=0, value="")


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

    `batch` is a queued batch (an upload) to record into; without one a batch is made. The full
    error report (CSV: line, column, value, rule id, message) is written to `error_report` when
    given, and kept with the batch when there are problems; every problem is also added to
    `problems` when given (for an answer that lists them all).
    """
    check_reporter(reporter, provider)
    context = CheckContext(provider.pk, provider.name, clock.today(), ReferenceData(provider.pk))
    run = _Run(source=source, context=context, progress=progress, collected=problems)
    try:
        with staging.import_memory():
            header_problems = source.read_header()
            run.context = replace(
                run.context,
                identity_columns=frozenset(IDENTITY_COLUMNS).intersection(source.header),
            )
            if dry_run:
                return _dry_run(run, header_problems, partial, error_report)
            return _record_file(
                run, reporter, provider, channel, partial, batch, header_problems, error_report
            )
    finally:
        run.close()


# --- recording --------------------------------------------------------------------------------


def _record_file(
    run: _Run,
    reporter: Principal | None,
    provider: Organisation,
    channel: str,
    partial: bool,
    batch: ImportBatch | None,
    header_problems: list[Problem],
    error_report: IO[str] | None,
) -> ImportOutcome:
    run.owner = owner_here()
    batch = retrying(lambda: _open_batch(batch, reporter, provider, run, channel, partial))
    run.batch_id = batch.pk
    try:
        _record_rows(run, header_problems)
        rejected = bool(header_problems) or _rejected(run, partial)
        if rejected:
            run.note(BatchPhase.UNDOING, force=True)
            batch_rows_delete(batch.pk, run.owner)
            run.rows_recorded = 0
        else:
            run.note(BatchPhase.FINISHING, force=True)
        status = BatchStatus.REJECTED if rejected else BatchStatus.RECORDED
        outcome = _close(run, batch, status, reporter, error_report)
    except BaseException as error:
        _abandon(run, batch, error)
        raise
    outcome.batch = batch
    return outcome


def _open_batch(
    batch: ImportBatch | None,
    reporter: Principal | None,
    provider: Organisation,
    run: _Run,
    channel: str,
    partial: bool,
) -> ImportBatch:
    source = run.source
    if batch is not None:
        batch_claim(batch.pk, run.owner)
        batch.refresh_from_db()
        return batch
    now = clock.now()
    return ImportBatch.objects.create(
        provider=provider,
        channel=channel,
        file_name=source.name[:255],
        partial=partial,
        status=BatchStatus.RECORDING,
        phase=BatchPhase.READING,
        submitted_by_id=user_id_of(reporter),
        api_key=reporter.key if isinstance(reporter, KeyPrincipal) else None,
        actor_label=reporter.label if isinstance(reporter, KeyPrincipal | SystemActor) else "",
        progress_total=source.size,
        owner=run.owner,
        heartbeat_at=now,
        started_at=now,
    )


def _record_rows(run: _Run, header_problems: list[Problem]) -> None:
    if header_problems:
        run.add_problems(header_problems)
        return
    several, chunks = _several(run.chunks())
    if several and _overlapped():
        _record_overlapped(run, chunks)
    else:
        staging.create()
        try:
            run.note(BatchPhase.READING)
            for chunk in chunks:
                run.note(BatchPhase.CHECKING)
                result = check_chunk(chunk, run.context)
                run.count_checked(result)
                _count_chunk(run, result, _write_chunk(run, result, report=True))
                run.note(BatchPhase.READING)
        finally:
            staging.drop()
    if not run.rows_total:
        run.add_problems([_no_rows(run.source)])


def _several(chunks: Iterator[_Chunk]) -> tuple[bool, Iterator[_Chunk]]:
    """Read the first chunk: a full one may have others after it, one cut short (a form, an API
    call, a small file) is the whole file and no writer thread is worth starting for it; the
    chunks are all still given."""
    first = next(chunks, None)
    if first is None:
        return False, chunks
    return len(first) >= CHUNK_ROWS, chain([first], chunks)


def _overlapped() -> bool:
    """PostgreSQL, called outside a transaction: the chunks are written by a thread with a
    connection of its own, which sees what this connection has committed (the batch)."""
    return staging.copies_straight() and not connection.in_atomic_block


def _record_overlapped(run: _Run, chunks: Iterator[_Chunk]) -> None:
    """PostgreSQL: check chunk n + 1 while a writer thread writes chunk n on its own connection,
    so the database copies and commits one chunk while Python checks the next. One chunk is
    written at a time, in file order, with the same writes as one after the other; each chunk's
    outcomes are counted (and its problems spooled, in line order) before the next chunk's."""
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tohu-import-writer")
    writing: tuple[ChunkResult, Future[_ChunkWritten]] | None = None
    # the writer's heartbeats say the batch is alive; this connection leaves the batch's row to
    # it (an update here would wait for the writer's commit)
    run.touch_batch = False
    try:
        writer.submit(_writer_open).result()
        for chunk in chunks:
            result = check_chunk(chunk, run.context)
            run.count_checked(result)
            if writing is not None:
                _count_written(run, writing)
            writing = (result, writer.submit(_write_chunk, run, result, report=False))
        if writing is not None:
            _count_written(run, writing)
            writing = None
    finally:
        # one thread runs the jobs in turn: a write still in flight (failed part-way) ends
        # before the connection closes, and before anything is taken back
        futures_wait([writer.submit(_writer_close)])
        writer.shutdown()
        run.touch_batch = True


def _count_written(run: _Run, writing: tuple[ChunkResult, Future[_ChunkWritten]]) -> None:
    """Wait for the chunk's write (raising what it raised), count it, tell the progress."""
    result, written = writing
    _count_chunk(run, result, written.result())
    run.note(BatchPhase.RECORDING)


def _writer_open() -> None:
    retrying(staging.create)


def _writer_close() -> None:
    """The writer thread's connection ends with the import (its staging table with it)."""
    connection.close()


@dataclass
class _ChunkWritten:
    recorded: set[int]
    held: list[_Held]


def _write_chunk(run: _Run, result: ChunkResult, *, report: bool) -> _ChunkWritten:
    """Write the chunk's rows, WRITE_ROWS per short transaction (PostgreSQL: WRITE_ROWS_POSTGRES);
    tell the progress callback after each write when `report`."""
    written = _ChunkWritten(set(), [])
    size = WRITE_ROWS_POSTGRES if staging.copies_straight() else WRITE_ROWS
    for start in range(0, max(len(result.staged), 1), size):
        rows = result.staged[start : start + size]
        part = retrying(lambda rows=rows: _write_rows(run, rows), before_retry=staging.create)  # type: ignore[misc]
        written.recorded |= part.recorded
        written.held.extend(part.held)
        if report and run.progress is not None:
            run.progress(run.snapshot(BatchPhase.RECORDING))
    return written


def _count_chunk(run: _Run, result: ChunkResult, written: _ChunkWritten) -> None:
    """Count each written row's outcome and spool the chunk's problems in line order."""
    labels = run.context.reference.version_labels()
    held_problems: list[Problem] = []
    for held in written.held:
        label = labels.get(held.version_id, "this micro-credential")
        problem = roa_dup_problem(
            held, provider_id=run.context.provider_id, batch_id=run.batch_id, label=label
        )
        if problem is None:
            run.rows_duplicate += 1
        else:
            held_problems.append(problem)
    run.rows_rejected += len({problem.row for problem in held_problems})
    run.rows_late += sum(1 for row in result.staged if row[5] and row[0] in written.recorded)
    run.add_problems(list(heapq.merge(result.problems, held_problems, key=_line)))


def _write_rows(run: _Run, rows: list[StagedRow]) -> _ChunkWritten:
    with transaction.atomic():
        # the lock is taken when the transaction begins (BEGIN IMMEDIATE on SQLite)
        started = time.perf_counter()
        written = _insert_chunk(run, rows)
        fields = run.fields(BatchPhase.RECORDING)
        fields["rows_recorded"] = run.rows_recorded + len(written.recorded)
        batch_touch(run.batch_id or 0, run.owner, **fields)
    run.writes.append(time.perf_counter() - started)
    run.rows_recorded += len(written.recorded)
    return written


def _insert_chunk(run: _Run, rows: list[StagedRow]) -> _ChunkWritten:
    """Insert the rows; read back the place-holder of each row not inserted. A place-holder
    can vanish between the two (a concurrent import taken back): those rows go round again.
    On PostgreSQL the rows are first copied straight in, and kept only if none was held."""
    written = _ChunkWritten(set(), [])
    provider_id, batch_id, today = run.context.provider_id, run.batch_id or 0, run.context.today
    if run.direct and rows:
        now = clock.now()
        if staging.record_direct(
            rows, provider_id=provider_id, batch_id=batch_id, reported_on=today, created_at=now
        ):
            written.recorded = {row[0] for row in rows}
            return written
    pending = rows
    for _ in range(MAX_ROUNDS):
        if not pending:
            break
        staging.clear()
        staging.add(pending)
        recorded = staging.record(
            provider_id=provider_id, batch_id=batch_id, reported_on=today, created_at=clock.now()
        )
        written.recorded |= recorded
        held = [] if len(recorded) == len(pending) else staging.held_by_others(run.batch_id or 0)
        held_lines = {row[0] for row in held}
        written.held.extend(_Held.of(row) for row in held if row[0] not in recorded)
        pending = [row for row in pending if row[0] not in recorded and row[0] not in held_lines]
    if pending:
        raise OperationalError("completions kept changing under the import; try again")
    # a file sent again finds its rows held: copy straight again only once a write finds none
    run.direct = staging.copies_straight() and not written.held
    return written


def _close(
    run: _Run,
    batch: ImportBatch,
    status: str,
    reporter: Principal | None,
    error_report: IO[str] | None,
) -> ImportOutcome:
    """Write the error report, then finish the batch in one short transaction."""
    with _spool() as kept:
        destinations: list[IO[str]] = [kept]
        if error_report is not None:
            destinations.append(error_report)
        outcome = _outcome(run, status, False, run.rows_recorded, destinations)
        report_path = ""
        if outcome.problems_total:
            kept.seek(0)
            name = f"results/errors/batch-{batch.pk}.csv"
            report_path = default_storage.save(name, ContentFile(kept.read().encode()))
    retrying(lambda: _finish(run, batch, outcome, reporter, report_path))
    batch.refresh_from_db()
    return outcome


def _finish(
    run: _Run,
    batch: ImportBatch,
    outcome: ImportOutcome,
    reporter: Principal | None,
    report_path: str,
) -> None:
    with transaction.atomic():
        started = time.perf_counter()
        size = max(run.source.bytes_read, run.source.size)
        finished = batch_finish(
            batch.pk,
            run.owner,
            outcome.status,
            file_sha256=outcome.file_sha256,
            rows_total=outcome.rows_total,
            rows_checked=outcome.rows_total,
            rows_recorded=outcome.rows_recorded,
            rows_duplicate=outcome.rows_duplicate,
            rows_late=outcome.rows_late,
            rows_rejected=outcome.rows_rejected,
            problems_total=outcome.problems_total,
            problems_preview=[problem_json(p) for p in outcome.problems_preview],
            progress_done=size,
            progress_total=size,
            message=outcome.summary,
            error_report=report_path,
        )
        if not finished:
            raise BatchLost(f"Batch {batch.pk} was finished by another process.")
        _audit(batch, outcome, reporter)
        if outcome.rows_recorded:
            # every recorded completion gets its credential, issued in the background
            after_commit(enqueue_issuance)
    run.writes.append(time.perf_counter() - started)


def _audit(batch: ImportBatch, outcome: ImportOutcome, reporter: Principal | None) -> None:
    event = Event.RESULTS_RECORDED if outcome.ok else Event.RESULTS_REJECTED
    audit.record(
        event,
        actor=reporter,
        subject=batch,
        detail={
            "provider": batch.provider.slug,
            "channel": batch.channel,
            "file_name": batch.file_name,
            "sha256": outcome.file_sha256,
            "partial": batch.partial,
            "rows": outcome.rows_total,
            "recorded": outcome.rows_recorded,
            "already_recorded": outcome.rows_duplicate,
            "late": outcome.rows_late,
            "rejected": outcome.rows_rejected,
        },
    )


def _abandon(run: _Run, batch: ImportBatch, error: BaseException) -> None:
    """The import failed part-way: take back its rows and say so; if even that fails, recovery
    does it later (the rows stay hidden meanwhile)."""
    if isinstance(error, BatchLost):
        return
    logger.error("results import of batch %s failed: %r", batch.pk, error)
    try:
        batch_rows_delete(batch.pk, run.owner)

        def fail() -> None:
            with transaction.atomic():
                if batch_finish(
                    batch.pk,
                    run.owner,
                    BatchStatus.FAILED,
                    message=(
                        f"The file could not be processed ({type(error).__name__}). Nothing was "
                        "recorded; send it again, or ask for help if it fails again."
                    ),
                    rows_recorded=0,
                ):
                    audit.record(
                        Event.RESULTS_FAILED,
                        actor=SYSTEM,
                        subject=batch,
                        detail={"error": type(error).__name__, "file_name": batch.file_name},
                        actor_label=batch.actor_label or None,
                    )

        retrying(fail)
    except Exception as undo_error:  # whatever it was, recovery finishes the batch
        logger.error("batch %s is left for recovery: %r", batch.pk, undo_error)


# --- dry run ------------------------------------------------------------------------------------


def _dry_run(
    run: _Run, header_problems: list[Problem], partial: bool, error_report: IO[str] | None
) -> ImportOutcome:
    """Check everything and record nothing: the whole file is staged, and repeats in the file
    and completions already held are found in SQL."""
    staging.create()
    try:
        _check_file(run, header_problems)
    finally:
        staging.drop()
    would_record = run.staged - run.rows_duplicate - run.sql_rejected
    rejected = _rejected(run, partial)
    status = BatchStatus.REJECTED if rejected else BatchStatus.RECORDED
    destinations = [] if error_report is None else [error_report]
    return _outcome(run, status, True, 0 if rejected else max(would_record, 0), destinations)


def _check_file(run: _Run, header_problems: list[Problem]) -> None:
    if header_problems:
        run.add_problems(header_problems)
        return
    for chunk in run.chunks():
        result = check_chunk(chunk, run.context)
        run.count_checked(result)
        run.rows_late += result.late
        run.add_problems(result.problems)
        staging.add(result.staged)
        run.note(BatchPhase.CHECKING)
    if not run.rows_total:
        run.add_problems([_no_rows(run.source)])
        return
    _check_in_sql(run)


def _check_in_sql(run: _Run) -> None:
    """ROA-dup: rows repeated in the file, and completions the learner already holds."""
    staging.index()
    labels = run.context.reference.version_labels()
    repeats = (
        Problem(
            "ROA-dup",
            f"This completion is already on line {first} of the file.",
            field="nsn",
            row=line,
            value=nsn,
        )
        for line, nsn, first in staging.repeated_in_file()
    )
    provider_id = run.context.provider_id

    def held() -> Iterator[Problem]:
        for row in staging.already_recorded():
            found = _Held.of(row)
            label = labels.get(found.version_id, "this micro-credential")
            problem = roa_dup_problem(found, provider_id=provider_id, batch_id=None, label=label)
            yield problem or Problem(SKIP, "", field="", row=found.line, value="")

    last_line = -1
    found_problems: list[Problem] = []

    def flush() -> None:
        run.add_problems(found_problems, run.sql_problems)
        found_problems.clear()

    for problem in heapq.merge(repeats, held(), key=_line):
        if problem.rule_id == SKIP:
            if problem.row != last_line:
                run.rows_duplicate += 1
            continue
        found_problems.append(problem)
        if problem.row != last_line:
            run.rows_rejected += 1
            run.sql_rejected += 1
        last_line = _line(problem)
        if len(found_problems) >= CHUNK_ROWS:
            flush()
    flush()


def _line(problem: Problem) -> int:
    """A results file's problem is on a line (0: the whole file)."""
    return problem.row or 0


def problem_json(problem: Problem) -> dict[str, str | int]:
    """A problem as the batch keeps it, with the error report's columns."""
    return {
        "line": _line(problem),
        "column": problem.field,
        "value": problem.value or "",
        "rule_id": problem.rule_id or "",
        "message": problem.message,
    }
