"""The achievements endpoints under /api/v1/: a provider's student management system reports
completions with its organisation's API key, and reads back what it reported."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from tohu.achievements import selectors
from tohu.achievements.models import Channel, Completion, CompletionStatus
from tohu.achievements.results_file import RowsSource
from tohu.achievements.services import records, results_import
from tohu.core.api_auth import key_principal, keyed
from tohu.core.api_input import InputSchema
from tohu.core.dates import DateProblem, parse_date
from tohu.core.errors import InvalidInput
from tohu.core.pagination import PageQuery, keyset_page, page_body, page_schema
from tohu.core.permissions import Action, require
from tohu.core.principal import Scope
from tohu.core.problems import ProblemErrorOut, ProblemOut, error_item, problem_response
from tohu.rulebook import Problem

router = Router(tags=["achievements"])
MAX_ROWS = 10_000


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
                    "reason": "",
                    "replaces": None,
                    "replaced_by": None,
                    "updated_at": "2026-05-03T09:12:44+12:00",
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
    status: str = Field(description="recorded, corrected (replaced) or withdrawn.")
    reason: str = Field(description="Why it was corrected or withdrawn; empty otherwise.")
    replaces: int | None = Field(description="The record this one corrects (ROA-correct).")
    replaced_by: int | None = Field(description="The record that corrects this one.")
    updated_at: datetime = Field(description="When it was recorded, or last changed.")


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
    errors = problems
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
        problems=[ProblemErrorOut(**error_item(e)) for e in errors],
        **counts,
    )


class CompletionQuery(PageQuery):
    nsn: str | None = Field(None, description="Only this learner's completions.")
    listing_number: str | None = Field(None, description="Only this micro-credential.")
    status: CompletionStatus | None = Field(None, description="recorded, corrected or withdrawn.")


CompletionPage = page_schema("CompletionPage", CompletionOut)


def _completion_out(completion: Completion) -> CompletionOut:
    replaced_by = getattr(completion, "superseded_by", None)
    return CompletionOut(
        id=completion.pk,
        nsn=completion.nsn,
        listing_number=completion.micro_credential.listing_number,
        version=completion.version.number,
        date_of_achievement=completion.date_of_achievement,
        provider_reference=completion.provider_reference,
        reported_on=completion.reported_on,
        late=completion.late,
        status=completion.status,
        reason=completion.reason,
        replaces=completion.supersedes_id,
        replaced_by=replaced_by.pk if replaced_by is not None else None,
        updated_at=completion.changed_at or completion.created_at,
    )


def _updated(completion: Completion) -> datetime:
    return completion.changed_at or completion.created_at


@router.get(
    "/completions",
    auth=keyed(Scope.COMPLETIONS_READ),
    response=CompletionPage,
    summary="List the completions you reported",
)
def completions_list(
    request: HttpRequest, response: HttpResponse, filters: Query[CompletionQuery]
) -> dict[str, Any]:
    """The key's organisation's completions in the order they were recorded, a page at a time:
    follow `next` (or the `Link: rel="next"` header) until it is null. With `updated_since`, only
    those recorded, corrected or withdrawn since then: a nightly sync reads just what changed."""
    principal = key_principal(request)
    require(principal, Action.ACHIEVEMENT_VIEW_REPORTED, principal.organisation)
    found = Completion.objects.filter(provider_id=principal.organisation_id)
    if filters.nsn:
        found = found.filter(nsn=filters.nsn)
    if filters.listing_number:
        found = found.filter(micro_credential__listing_number=filters.listing_number)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.updated_since:
        since = filters.updated_since
        found = found.filter(Q(created_at__gte=since) | Q(changed_at__gte=since))
    found = found.select_related("micro_credential", "version", "superseded_by")
    rows, cursor = keyset_page(found, filters)
    latest = max((_updated(c) for c in rows), default=None)
    return page_body(request, response, [_completion_out(c) for c in rows], cursor, latest)


@router.get(
    "/completions/{completion_id}",
    auth=keyed(Scope.COMPLETIONS_READ),
    response=CompletionOut,
    summary="One completion you reported, with its lineage",
)
def completion_read(
    request: HttpRequest, response: HttpResponse, completion_id: int
) -> CompletionOut:
    """`replaces` and `replaced_by` link the records of one completion's corrections."""
    completion = _own_completion(request, completion_id)
    response["Last-Modified"] = http_date(_updated(completion).timestamp())
    return _completion_out(completion)


class CorrectionIn(InputSchema):
    """ROA-correct: the corrected date of achievement and why."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"date_of_achievement": "2026-04-28", "reason": "Typed the wrong day."}]
        }
    )

    date_of_achievement: str = Field(description="YYYY-MM-DD or DD/MM/YYYY.")
    reason: str = Field(min_length=1, max_length=2000)


class WithdrawalIn(InputSchema):
    """ROA-correct: why the completion was reported in error."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reason": "Reported for the wrong learner."}]}
    )

    reason: str = Field(min_length=1, max_length=2000)


def _own_completion(request: HttpRequest, completion_id: int) -> Completion:
    completion = selectors.completion_for(user=key_principal(request), completion_id=completion_id)
    return Completion.objects.select_related("micro_credential", "version", "superseded_by").get(
        pk=completion.pk
    )


@router.post(
    "/completions/{completion_id}/correct",
    auth=keyed(Scope.COMPLETIONS_WRITE),
    response={201: CompletionOut},
    summary="Correct the date of a completion (a new record replaces it)",
)
def completion_correct(
    request: HttpRequest, completion_id: int, payload: CorrectionIn
) -> Status[CompletionOut]:
    """The same service as the provider's page: the corrected date passes the rules of a new
    report; the new record `replaces` the old, which stays as `corrected` with `replaced_by`."""
    found = _own_completion(request, completion_id)
    try:
        day = parse_date(payload.date_of_achievement)
    except DateProblem as problem:
        raise InvalidInput(
            gettext("The request is not valid: date_of_achievement: %(problem)s")
            % {"problem": problem},
            field="date_of_achievement",
            rule_id="ROA-fields",
            problems=[Problem("ROA-fields", str(problem), field="date_of_achievement")],
        ) from None
    new = records.completion_correct(
        actor=key_principal(request),
        completion=found,
        date_of_achievement=day,
        reason=payload.reason,
    )
    return Status(201, _completion_out(_own_completion(request, new.pk)))


@router.post(
    "/completions/{completion_id}/withdraw",
    auth=keyed(Scope.COMPLETIONS_WRITE),
    response=CompletionOut,
    summary="Withdraw a completion reported in error (the record stays, with the reason)",
)
def completion_withdraw(
    request: HttpRequest, completion_id: int, payload: WithdrawalIn
) -> CompletionOut:
    found = _own_completion(request, completion_id)
    records.completion_withdraw(
        actor=key_principal(request), completion=found, reason=payload.reason
    )
    return _completion_out(_own_completion(request, completion_id))
