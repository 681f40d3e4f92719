"""The 2025 review of former training schemes (TRANS-2025): import, scope decisions, conversion."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext, ngettext

from tohu.core import audit, clock, policy
from tohu.core.csv_files import CsvReader
from tohu.core.dates import DateProblem, parse_date
from tohu.core.errors import DomainError, InvalidInput, InvalidTransition, Problem
from tohu.core.permissions import Action, require
from tohu.organisations.models import Organisation, OrganisationKind, types_of_kind
from tohu.register.models import MicroCredential
from tohu.reviews.events import Event
from tohu.reviews.models import SCHEME_STATES, Review, ReviewKind, SchemeStatus, TrainingScheme
from tohu.rulebook import Cohort, SchemeFacts, Scope, classify_scheme, scheme_review_due

COLUMNS = (
    "reference",
    "title",
    "provider",
    "first_approved_on",
    "cohort",
    "duration_weeks",
    "basic_first_aid",
    "english_language",
    "credits",
    "level",
)
RULE = "TRANS-2025"
MAX_ROWS = 20_000
MAX_PROBLEMS = 500
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0", ""}
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$")


class SchemeFileRejected(InvalidInput):
    """Raise when a scheme file has problems, each with its row (the header is row 1) and
    column; nothing in it was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            message=(
                ngettext(
                    "The file was not imported: %(count)d problem. Fix it and import the whole "
                    "file again.",
                    "The file was not imported: %(count)d problems. Fix them and import the "
                    "whole file again.",
                    len(problems),
                )
                % {"count": len(problems)}
            ),
            field=problems[0].field if problems else None,
            rule_id="TRANS-2025",
            problems=problems,
        )


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]
    provider_key: str


@dataclass
class ImportResult:
    """What an import added, by where the classifier put each scheme."""

    imported: int = 0
    by_scope: dict[str, int] = field(default_factory=dict)
    reviews: int = 0


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, row: int, name: str, message: str) -> None:
        self.found(Problem(RULE, message, field=name, row=row))

    def found(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def _parse_int(text: str, low: int, high: int) -> int:
    if not (text.isascii() and text.isdigit()):
        raise ValueError(text)
    number = int(text)
    if not low <= number <= high:
        raise ValueError(text)
    return number


def _parse_row(number: int, raw: Mapping[str, str], problems: _Collector) -> ParsedRow | None:
    cell = {name: raw.get(name, "") for name in COLUMNS}
    before = len(problems.problems)
    values: dict[str, Any] = {"reference": cell["reference"], "title": cell["title"]}
    if not _REFERENCE.match(cell["reference"]):
        problems.add(number, "reference", "Give the scheme's reference number (letters, digits).")
    if not cell["title"]:
        problems.add(number, "title", "Give the scheme's title.")
    if not cell["provider"]:
        problems.add(number, "provider", "Give the provider's MoE number or name.")
    try:
        values["first_approved_on"] = parse_date(cell["first_approved_on"])
        if values["first_approved_on"] > clock.today():
            problems.add(number, "first_approved_on", "The first approval date is in the future.")
    except DateProblem as problem:
        problems.add(number, "first_approved_on", str(problem))
    cohort = cell["cohort"].lower()
    if cohort in Cohort.__members__.values() or cohort in {c.value for c in Cohort}:
        values["cohort"] = cohort
    else:
        problems.add(number, "cohort", f"{cell['cohort']!r} is not domestic or international.")
    for name, low, high, words in (
        ("duration_weeks", 1, 520, "a whole number of weeks"),
        ("credits", 1, 999, "a whole number of credits"),
        ("level", 1, 10, "an NZQCF level from 1 to 10"),
    ):
        try:
            values[name] = _parse_int(cell[name], low, high)
        except ValueError:
            problems.add(number, name, f"{cell[name]!r} is not {words}.")
    for name in ("basic_first_aid", "english_language"):
        flag = cell[name].lower()
        if flag in _TRUE | _FALSE:
            values[name] = flag in _TRUE
        else:
            problems.add(number, name, f"{cell[name]!r} is not yes or no.")
    if len(problems.problems) > before:
        return None
    return ParsedRow(number, values, cell["provider"])


def _rows(stream: BinaryIO, problems: _Collector) -> Iterator[ParsedRow]:
    reader = CsvReader(stream, rule_id=RULE)
    header = reader.read_header()
    if isinstance(header, Problem):
        problems.found(header)
        return
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        problems.add(
            reader.header_line, ", ".join(missing), "The header is missing these column(s)."
        )
        return
    for count, row in enumerate(reader.rows(), start=1):
        if isinstance(row, Problem):
            problems.found(row)
            continue
        if count > MAX_ROWS:
            problems.add(row.line, "file", f"A file may hold at most {MAX_ROWS} schemes.")
            return
        parsed = _parse_row(row.line, row.values, problems)
        if parsed is not None:
            yield parsed


def _providers(keys: set[str]) -> dict[str, list[Organisation]]:
    """Find providers by MoE number or name (English or te reo Māori) in one query."""
    numbers = {key for key in keys if key.isdigit()}
    names = {key.lower() for key in keys if not key.isdigit()}
    found: dict[str, list[Organisation]] = {}
    query = Q(moe_number__in=numbers) | Q(lower_name__in=names) | Q(lower_name_mi__in=names)
    organisations = Organisation.objects.annotate(
        lower_name=Lower("name"), lower_name_mi=Lower("name_mi")
    ).filter(query, org_type__in=types_of_kind(OrganisationKind.PROVIDER))
    for organisation in organisations:
        for key in (
            organisation.moe_number,
            organisation.name.lower(),
            organisation.name_mi.lower(),
        ):
            if key:
                found.setdefault(key, []).append(organisation)
    return found


def _resolve(rows: list[ParsedRow], problems: _Collector) -> None:
    providers = _providers({row.provider_key for row in rows})
    seen: dict[str, int] = {}
    existing = set(
        TrainingScheme.objects.filter(
            reference__in=[row.values["reference"] for row in rows]
        ).values_list("reference", flat=True)
    )
    for row in rows:
        reference = row.values["reference"]
        if reference in seen:
            problems.add(row.row, "reference", f"{reference} is also on row {seen[reference]}.")
        elif reference in existing:
            problems.add(row.row, "reference", f"{reference} was imported before.")
        seen.setdefault(reference, row.row)
        matches = providers.get(
            row.provider_key if row.provider_key.isdigit() else row.provider_key.lower(), []
        )
        if len(matches) == 1:
            row.values["provider"] = matches[0]
        elif not matches:
            problems.add(
                row.row, "provider", f"No provider has the MoE number or name {row.provider_key!r}."
            )
        else:
            problems.add(
                row.row,
                "provider",
                f"Several providers are called {row.provider_key!r}: use the MoE number.",
            )


def _scheme_review(scheme: TrainingScheme) -> Review:
    return Review.objects.create(
        kind=ReviewKind.SCHEME,
        training_scheme=scheme,
        organisation_id=scheme.provider_id,
        due_on=scheme_review_due(
            scheme.first_approved_on, start=policy.current().transition_review_start
        ),
        transition_2025=True,
    )


def schemes_import(*, actor: audit.Actor, stream: BinaryIO, source: str = "") -> ImportResult:
    """Import former training schemes from a CSV file, all or nothing (TRANS-2025).

    The file is read by the one CSV reader (`tohu.core.csv_files.CsvReader`): each problem names
    its row (the header is row 1) and column.

    Every row is checked first; any problem rejects the whole file with a row-by-row report.
    Each scheme is classified, and those to review now get their review, due on the first
    anniversary of their first approval in the transition.
    """
    if actor is not None:
        require(actor, Action.TRANSITION_MANAGE)
    problems = _Collector()
    rows = list(_rows(stream, problems))
    if not rows and not problems.problems:
        problems.add(2, "file", "The file has no schemes in it.")
    if not problems.problems:
        _resolve(rows, problems)
    if problems.problems:
        raise SchemeFileRejected(problems.problems)
    return _write(actor, rows, source)


def _write(actor: audit.Actor, rows: list[ParsedRow], source: str) -> ImportResult:
    result = ImportResult()
    with transaction.atomic():
        for row in rows:
            found = classify_scheme(
                SchemeFacts(
                    cohort=Cohort(row.values["cohort"]),
                    duration_weeks=row.values["duration_weeks"],
                    basic_first_aid=row.values["basic_first_aid"],
                    english_language=row.values["english_language"],
                )
            )
            scheme = TrainingScheme.objects.create(
                **row.values, scope=found.scope, scope_reason=found.reason
            )
            result.imported += 1
            result.by_scope[found.scope.value] = result.by_scope.get(found.scope.value, 0) + 1
            if found.scope is Scope.NOW:
                _scheme_review(scheme)
                result.reviews += 1
        audit.record(
            Event.SCHEMES_IMPORTED,
            actor=actor,
            subject=audit.Subject(type="reviews.trainingscheme", id="import"),
            detail={
                "source": source,
                "imported": result.imported,
                "by_scope": result.by_scope,
                "references": [row.values["reference"] for row in rows][:200],
            },
        )
    return result


def scheme_scope_decide(
    *, actor: AbstractBaseUser, scheme: TrainingScheme, scope: str, note: str
) -> TrainingScheme:
    """A person decides a flagged (exactly 12-week) scheme: review now or later (TRANS-2025)."""
    require(actor, Action.TRANSITION_MANAGE, scheme)
    if scope not in (Scope.NOW, Scope.LATER):
        raise DomainError(gettext("Decide: review now, or later review."), field="scope")
    if not note.strip():
        raise DomainError(gettext("Say why, so others can follow the decision."), field="note")
    with transaction.atomic():
        locked = TrainingScheme.objects.select_for_update().get(pk=scheme.pk)
        if locked.scope != Scope.FLAGGED:
            raise InvalidTransition(
                gettext("Scheme %(reference)s is not flagged; its scope was set by the rule.")
                % {"reference": locked.reference},
                rule_id="TRANS-2025",
            )
        locked.scope = scope
        locked.scope_decided_by_id = actor.pk
        locked.scope_decision_note = note
        locked.save(update_fields=["scope", "scope_decided_by", "scope_decision_note"])
        if scope == Scope.NOW:
            _scheme_review(locked)
        audit.record(
            Event.SCHEME_SCOPE_DECIDED,
            actor=actor,
            subject=locked,
            detail={"scope": scope, "note": note},
        )
    return locked


def scheme_convert(
    *, actor: AbstractBaseUser, scheme: TrainingScheme, micro_credential: MicroCredential
) -> TrainingScheme:
    """Record that a converting scheme's change was approved and it is listed (TRANS-2025)."""
    require(actor, Action.TRANSITION_MANAGE, scheme)
    with transaction.atomic():
        locked = TrainingScheme.objects.select_for_update().get(pk=scheme.pk)
        SCHEME_STATES.check(
            locked.status,
            SchemeStatus.CONVERTED,
            by="scheme_convert",
            subject=f"Scheme {locked.reference}",
        )
        locked.status = SchemeStatus.CONVERTED
        locked.status_changed_on = clock.today()
        locked.micro_credential = micro_credential
        locked.save(update_fields=["status", "status_changed_on", "micro_credential"])
        audit.record(
            Event.SCHEME_CONVERTED,
            actor=actor,
            subject=locked,
            detail={"listing_number": micro_credential.listing_number},
        )
    return locked
