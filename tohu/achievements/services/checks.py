"""Check a chunk of rows against the rules, with the learner index and the register read once
per chunk: return the rows to stage and the problems found, in line order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from tohu.achievements.results_file import FORMAT_RULE
from tohu.achievements.services.reference import MicroCredentialRef, ReferenceData, VersionRef
from tohu.achievements.services.staging import StagedRow
from tohu.core.csv_files import RawRow
from tohu.core.dates import DateProblem, parse_date
from tohu.learners.index import LearnerRecord, learner_index
from tohu.rulebook import (
    Problem,
    award_refusal,
    check_date_of_achievement,
    check_nsn,
    fold_name,
    is_late,
    provider_may_award,
    unknown_nsn_message,
)

MAX_REFERENCE = 100
IDENTITY_COLUMNS = ("family_name", "given_names", "date_of_birth")


@dataclass(slots=True)
class _Parsed:
    line: int
    nsn: str
    listing_number: str
    day: date | None
    version: int | None
    values: Mapping[str, str]


@dataclass
class ChunkResult:
    """What one chunk gave: rows to stage, problems in line order, counts."""

    staged: list[StagedRow]
    problems: list[Problem]
    rows: int
    rejected_rows: int
    late: int


AwardResult = tuple[MicroCredentialRef, VersionRef] | list[Problem]


@dataclass(frozen=True)
class CheckContext:
    """What every row of one import is checked against."""

    provider_id: int
    provider_name: str
    today: date
    reference: ReferenceData
    awards: dict[tuple[str, str, str], AwardResult] = field(default_factory=dict)
    # each day's ISO text and ROA-3m flag: there are only so many days in a file
    days: dict[date, tuple[str, bool]] = field(default_factory=dict)
    # the optional columns checked against the learner index that the file has
    identity_columns: frozenset[str] = frozenset(IDENTITY_COLUMNS)


def _parse(raw: RawRow, problems: list[Problem]) -> _Parsed:
    values = raw.values
    line = raw.line
    nsn = values.get("nsn", "")
    problems.extend(replace(f, row=line, value=nsn) for f in check_nsn(nsn))
    listing_number = values.get("listing_number", "")
    if not listing_number:
        message = "Give the micro-credential's listing number."
        problems.append(Problem(FORMAT_RULE, message, field="listing_number", row=line, value=""))
    day = _date(line, "date_of_achievement", values.get("date_of_achievement", ""), problems)
    version = _version(line, values.get("version", ""), problems)
    reference = values.get("provider_reference", "")
    if len(reference) > MAX_REFERENCE:
        message = f"The provider reference is longer than {MAX_REFERENCE} characters."
        problems.append(
            Problem(
                FORMAT_RULE, message, field="provider_reference", row=line, value=reference[:40]
            )
        )
    return _Parsed(line, nsn, listing_number, day, version, values)


# dates repeat across a file: parse each text once (bounded, so memory stays flat)
_DATES: dict[str, date | str] = {}
CACHE_LIMIT = 20_000


def _parsed_date(text: str) -> date | str:
    found = _DATES.get(text)
    if found is None:
        try:
            found = parse_date(text)
        except DateProblem as error:
            found = str(error)
        if len(_DATES) >= CACHE_LIMIT:
            _DATES.clear()
        _DATES[text] = found
    return found


def _date(line: int, column: str, text: str, problems: list[Problem]) -> date | None:
    if not text:
        if column == "date_of_achievement":
            problems.append(
                Problem(
                    FORMAT_RULE, "Give the date of achievement.", field=column, row=line, value=""
                )
            )
        return None
    found = _parsed_date(text)
    if isinstance(found, str):
        problems.append(Problem(FORMAT_RULE, found, field=column, row=line, value=text))
        return None
    return found


def _version(line: int, text: str, problems: list[Problem]) -> int | None:
    if not text:
        return None
    if text.isascii() and text.isdigit() and 0 < int(text) < 10_000:
        return int(text)
    message = f"“{text}” is not a version number: give a whole number such as 1 or 2."
    problems.append(Problem(FORMAT_RULE, message, field="version", row=line, value=text))
    return None


def _check_learner(
    row: _Parsed, record: LearnerRecord | None, problems: list[Problem], identity: bool
) -> None:
    """ROA-nsn: the NSN is in the index; names and date of birth, where given, match it."""
    line, values = row.line, row.values
    if record is None:
        problems.append(
            Problem("ROA-nsn", unknown_nsn_message(row.nsn), field="nsn", row=line, value=row.nsn)
        )
        return
    if not identity:
        return
    for column, known in (("family_name", record.family_name), ("given_names", record.given_names)):
        given = values.get(column, "")
        if given and fold_name(given) != fold_name(known):
            label = column.replace("_", " ")
            message = f"The {label} does not match the learner index for NSN {row.nsn}."
            problems.append(Problem("ROA-nsn", message, field=column, row=line, value=given))
    born_text = values.get("date_of_birth", "")
    born = _date(line, "date_of_birth", born_text, problems) if born_text else None
    if born is not None and born != record.date_of_birth:
        message = f"The date of birth does not match the learner index for NSN {row.nsn}."
        problems.append(
            Problem("ROA-nsn", message, field="date_of_birth", row=line, value=born_text)
        )


def _resolve_version(
    row: _Parsed, ref: MicroCredentialRef, day: date, problems: list[Problem]
) -> VersionRef | None:
    """The version given, or the one in force on the day; it must have existed that day."""
    text = row.values.get("version", "")
    if row.version is None:
        return ref.version_on(day)
    version = ref.version_numbered(row.version)
    if version is None:
        message = f"{ref.listing_number} has no version {row.version}."
        problems.append(Problem("VER-1", message, field="version", row=row.line, value=text))
        return None
    if version.effective_from > day:
        message = (
            f"Version {version.number} of {ref.listing_number} applies from "
            f"{version.effective_from.isoformat()}, after the date of achievement "
            f"{day.isoformat()}."
        )
        problems.append(Problem("VER-1", message, field="version", row=row.line, value=text))
        return None
    return version


def _check_award(
    row: _Parsed, context: CheckContext, problems: list[Problem]
) -> tuple[MicroCredentialRef, VersionRef] | None:
    """The award checks depend only on the micro-credential, the date and the version given:
    work each combination out once per file (the cache is bounded)."""
    values = row.values
    key = (row.listing_number, values.get("date_of_achievement", ""), values.get("version", ""))
    cache = context.awards
    found = cache.get(key)
    if found is None:
        found_problems: list[Problem] = []
        result = _work_out_award(row, context, found_problems)
        found = found_problems if result is None else result
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[key] = found
    if isinstance(found, list):
        problems.extend(replace(p, row=row.line) for p in found)
        return None
    return found


def _work_out_award(
    row: _Parsed, context: CheckContext, problems: list[Problem]
) -> tuple[MicroCredentialRef, VersionRef] | None:
    ref = context.reference.get(row.listing_number)
    if ref is None:
        message = f"No micro-credential has the listing number {row.listing_number}."
        problems.append(
            Problem(
                FORMAT_RULE, message, field="listing_number", row=row.line, value=row.listing_number
            )
        )
        return None
    day = row.day
    assert day is not None
    text = row.values.get("date_of_achievement", "")
    refusals = check_date_of_achievement(day, ref.award, today=context.today)
    if refusals:
        problems.extend(replace(f, row=row.line, value=text) for f in refusals)
        return None
    # LOR-18.2: the approval holder, or a provider accredited on the date of achievement
    if not provider_may_award(ref.award, day):
        message = award_refusal(ref.award, context.provider_name, day)
        problems.append(
            Problem(
                "LOR-18.2", message, field="listing_number", row=row.line, value=row.listing_number
            )
        )
        return None
    version = _resolve_version(row, ref, day, problems)
    return (ref, version) if version is not None else None


def check_chunk(items: Sequence[RawRow | Problem], context: CheckContext) -> ChunkResult:
    """Check every row of the chunk; learners and micro-credentials are read in batches."""
    parsed: list[tuple[_Parsed, list[Problem]] | Problem] = []
    for item in items:
        if isinstance(item, Problem):
            parsed.append(item)
            continue
        row_problems: list[Problem] = []
        parsed.append((_parse(item, row_problems), row_problems))
    rows = [entry for entry in parsed if not isinstance(entry, Problem)]
    learners = learner_index().lookup_many(
        {row.nsn for row, found in rows if not any(p.field == "nsn" for p in found)}
    )
    context.reference.load({row.listing_number for row, _ in rows if row.listing_number})
    return _finish(parsed, learners, context)


def _finish(
    parsed: list[tuple[_Parsed, list[Problem]] | Problem],
    learners: dict[str, LearnerRecord],
    context: CheckContext,
) -> ChunkResult:
    result = ChunkResult([], [], 0, 0, 0)
    for entry in parsed:
        if isinstance(entry, Problem):
            result.problems.append(entry)
            result.rows += 1
            result.rejected_rows += 1
            continue
        row, problems = entry
        result.rows += 1
        staged = _check_row(row, problems, learners, context)
        if problems:
            result.problems.extend(problems)
            result.rejected_rows += 1
        elif staged is not None:
            result.staged.append(staged)
            result.late += staged[5]
    return result


def _check_row(
    row: _Parsed,
    problems: list[Problem],
    learners: dict[str, LearnerRecord],
    context: CheckContext,
) -> StagedRow | None:
    if not problems or not any(p.field == "nsn" for p in problems):
        _check_learner(row, learners.get(row.nsn), problems, bool(context.identity_columns))
    if row.day is None or not row.listing_number:
        return None
    if problems and any(p.field == "version" for p in problems):
        return None
    found = _check_award(row, context, problems)
    if found is None or problems:
        return None
    ref, version = found
    day = context.days.get(row.day)
    if day is None:
        late = is_late(row.day, reported_on=context.today)
        day = context.days[row.day] = (row.day.isoformat(), late)
    reference = row.values.get("provider_reference", "")
    return (row.line, row.nsn, ref.id, version.id, day[0], day[1], reference)
