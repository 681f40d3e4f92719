"""The achievements endpoints under /api/v1/: a provider's student management system reports
completions with its organisation's API key, and reads back what it reported."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from tohu.achievements.models import Channel, Completion, CompletionStatus
from tohu.achievements.problems import Problem
from tohu.achievements.results_file import RowsSource
from tohu.achievements.services import results_import
from tohu.core.api_auth import key_principal, keyed
from tohu.core.api_input import InputSchema
from tohu.core.permissions import Action, require
from tohu.core.principal import Scope
from tohu.core.problems import ProblemError, ProblemErrorOut, ProblemOut, problem_response

router = Router(tags=["achievements"])
MAX_ROWS = 10_000
PAGE_SIZE = 100


class CompletionIn(InputSchema):
    """One completion: the columns of the results file (see docs/results-file.md)."""

    nsn: str | None = Field(None, description="The learner's NSN: digits, leading zeros kept.")
    listing_number: str | None = Field(None, description="The micro-credential's listing number.")
    date_of_achievement: str | None = Field(None, description="YYYY-MM-DD or DD/MM/YYYY.")
    version: str | None = Field(None, description="Version number; blank for the one in force.")
    provider_reference: str | None = Field(None, description="Your own reference, up to 100.")
    family_name: str | None = Field(None, description="Checked against the learner index.")
    given_names: str | None = Field(None, description="Checked against the learner index.")
    date_of_birth: str | None = Field(None, description="Checked against the learner index.")


class CompletionsIn(InputSchema):
    """A batch of completions; all or nothing unless `partial`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "completions": [
                        {
                            "nsn": "0000012345",
                            "listing_number": "1234",
                            "date_of_achievement": "2026-05-01",
                            "provider_reference": "STU-2041",
                        }
                    ],
                    "partial": False,
                    "dry_run": False,
                }
            ]
        }
    )

    completions: list[CompletionIn] = Field(..., max_length=MAX_ROWS)
    partial: bool = Field(False, description="Record the valid rows and report the rest.")
    dry_run: bool = Field(False, description="Check only; record nothing.")


class ImportOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "recorded",
                    "dry_run": False,
                    "batch_id": 812,
                    "summary": "Recorded 1 completion.",
                    "rows": 1,
                    "recorded": 1,
                    "already_recorded": 0,
                    "late": 0,
                    "rejected": 0,
                    "problems": [],
                }
            ]
        }
    )

    status: str = Field(..., description="recorded or rejected")
    dry_run: bool
    batch_id: int | None
    summary: str
    rows: int
    recorded: int
    already_recorded: int
    late: int
    rejected: int
    problems: list[ProblemErrorOut] = Field(
        description="Rows not recorded (with partial) and why; empty when all were."
    )


class CompletionOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 5012,
                    "nsn": "0000012345",
                    "listing_number": "1234",
                    "version": 1,
                    "date_of_achievement": "2026-05-01",
                    "provider_reference": "STU-2041",
                    "reported_on": "2026-05-03",
                    "late": False,
                    "status": "recorded",
                }
            ]
        }
    )

    id: int
    nsn: str
    listing_number: str
    version: int
    date_of_achievement: date
    provider_reference: str
    reported_on: date
    late: bool
    status: str


def _problems(problems: list[Problem]) -> list[ProblemError]:
    return [
        ProblemError(
            row=p.line, column=p.column, value=p.value, rule_id=p.rule_id or None, message=p.message
        )
        for p in problems
    ]


@router.post(
    "/completions",
    auth=keyed(Scope.COMPLETIONS_WRITE),
    response={200: ImportOut, 422: ProblemOut},
    summary="Report completions",
)
def completions_report(request: HttpRequest, payload: CompletionsIn) -> HttpResponse | ImportOut:
    """Record completions for the key's organisation, with the same checks and messages as the
    results file. Sending the same completions again records nothing twice (ROA-dup). When rows
    break the rules and `partial` is false, nothing is recorded and the answer is 422 with each
    problem in `errors` (row, column, value, rule_id, message)."""
    principal = key_principal(request)
    items: list[Mapping[str, str | None]] = [item.model_dump() for item in payload.completions]
    problems: list[Problem] = []
    outcome = results_import(
        reporter=principal,
        provider=principal.organisation,
        source=RowsSource(items=items, name="api"),
        channel=Channel.API,
        partial=payload.partial,
        dry_run=payload.dry_run,
        problems=problems,
    )
    errors = _problems(problems)
    counts: dict[str, Any] = {
        "dry_run": outcome.dry_run,
        "batch_id": outcome.batch.pk if outcome.batch else None,
        "summary": outcome.summary,
        "rows": outcome.rows_total,
        "recorded": outcome.rows_recorded,
        "already_recorded": outcome.rows_duplicate,
        "late": outcome.rows_late,
        "rejected": outcome.rows_rejected,
    }
    if not outcome.ok:
        return problem_response(
            status=422,
            detail=outcome.summary,
            code="rejected",
            rule_id=errors[0].rule_id if errors else None,
            errors=errors,
            extra=counts,
        )
    return ImportOut(
        status=str(outcome.status),
        problems=[ProblemErrorOut(**e.__dict__) for e in errors],
        **counts,
    )


class CompletionQuery(Schema):
    nsn: str | None = Field(None, description="Only this learner's completions.")
    listing_number: str | None = Field(None, description="Only this micro-credential.")
    status: CompletionStatus | None = Field(None, description="recorded, corrected or withdrawn.")
    after_id: int = Field(0, ge=0, description="Return completions with a larger id (paging).")


@router.get(
    "/completions",
    auth=keyed(Scope.COMPLETIONS_READ),
    response=list[CompletionOut],
    summary="List the completions you reported",
)
def completions_list(request: HttpRequest, filters: Query[CompletionQuery]) -> list[CompletionOut]:
    """The key's organisation's completions, by id, up to 100 a page: pass the last id as
    `after_id` for the next page."""
    principal = key_principal(request)
    require(principal, Action.ACHIEVEMENT_VIEW_REPORTED, principal.organisation)
    found = Completion.objects.filter(
        provider_id=principal.organisation_id, pk__gt=filters.after_id
    )
    if filters.nsn:
        found = found.filter(nsn=filters.nsn)
    if filters.listing_number:
        found = found.filter(micro_credential__listing_number=filters.listing_number)
    if filters.status:
        found = found.filter(status=filters.status)
    rows = found.select_related("micro_credential", "version").order_by("pk")[:PAGE_SIZE]
    return [
        CompletionOut(
            id=c.pk,
            nsn=c.nsn,
            listing_number=c.micro_credential.listing_number,
            version=c.version.number,
            date_of_achievement=c.date_of_achievement,
            provider_reference=c.provider_reference,
            reported_on=c.reported_on,
            late=c.late,
            status=c.status,
        )
        for c in rows
    ]
