"""TRANS-2025: importing former training schemes, all or nothing; scope decisions; progress."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Persona
from tests.factories import OrganisationFactory, listed_micro_credential
from tests.properties import suppressed
from tests.reviews.conftest import PROVIDER_ANSWERS
from tohu.core.errors import DomainError, InvalidTransition, NotAllowed
from tohu.core.models import AuditEvent
from tohu.organisations.models import Organisation, OrganisationType
from tohu.register.models import MicroCredential
from tohu.reviews import selectors, services
from tohu.reviews.models import Review, ReviewKind, SchemeStatus, TrainingScheme
from tohu.reviews.services import transition
from tohu.rulebook import Problem

pytestmark = pytest.mark.django_db

HEADER = (
    "reference,title,provider,first_approved_on,cohort,duration_weeks,basic_first_aid,"
    "english_language,credits,level"
)
MISSING = (
    "first_approved_on, cohort, duration_weeks, basic_first_aid, english_language, credits, level"
)
GOOD_ROWS = [
    "TS1001,Forklift Operation,7001,2013-06-10,domestic,2,no,no,5,3",
    "TS1002,Workplace First Aid,Southern Skills Academy,2015-02-01,domestic,1,yes,no,2,2",
    "TS1003,Barista Skills,7001,2012-02-29,international,8,no,no,10,3",
    "TS1004,English for Work,7001,2016-09-01,international,8,no,yes,20,4",
    "TS1005,Hospitality Foundations,7001,2017-04-03,international,12,no,no,30,3",
    "TS1006,Tourism Operations,7001,2018-08-08,international,20,no,no,40,4",
]


@pytest.fixture
def southern(provider_org: Organisation) -> Organisation:
    provider_org.moe_number = "7001"
    provider_org.save()
    return provider_org


def _import(actor: Persona, *rows: str, header: str = HEADER) -> services.ImportResult:
    return services.schemes_import(
        actor=actor.user, stream=scheme_file(header, *rows), source="schemes.csv"
    )


def scheme_file(*lines: str) -> io.BytesIO:
    """A scheme file as a spreadsheet saves it: CRLF line ends."""
    return io.BytesIO("\r\n".join(lines).encode())


def test_a_good_file_is_imported_and_classified(
    quality_assurer: Persona, southern: Organisation, today: date
) -> None:
    result = _import(quality_assurer, *GOOD_ROWS)
    assert result.imported == 6
    assert result.by_scope == {"now": 2, "later": 3, "flagged": 1}
    assert result.reviews == 2
    schemes = {s.reference: s for s in TrainingScheme.objects.all()}
    assert schemes["TS1002"].provider == southern
    assert "first aid" in schemes["TS1002"].scope_reason
    due = dict(Review.objects.values_list("training_scheme__reference", "due_on"))
    assert due == {"TS1001": date(2025, 6, 10), "TS1003": date(2025, 2, 28)}
    assert AuditEvent.objects.filter(event="training_scheme.imported").count() == 1


@pytest.mark.parametrize(
    ("rows", "header", "expected"),
    [
        ([GOOD_ROWS[0]], "reference,title,provider", [(1, MISSING)]),
        (["TS1,A,7001,2013-13-10,domestic,2,no,no,5,3"], HEADER, [(2, "first_approved_on")]),
        (["TS1,A,7001,10 June 2013,domestic,2,no,no,5,3"], HEADER, [(2, "first_approved_on")]),
        (["TS1,A,9999,2013-06-10,domestic,2,no,no,5,3"], HEADER, [(2, "provider")]),
        (["TS1,A,Nowhere Academy,2013-06-10,domestic,2,no,no,5,3"], HEADER, [(2, "provider")]),
        ([GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]], HEADER, [(4, "reference")]),
        (["TS1,A,7001,2013-06-10,overseas,2,maybe,no,5,11"], HEADER, [(2, "cohort"), (2, "level")]),
        (["TS1,A,7001,2013-06-10,domestic,2,maybe,no,5,3"], HEADER, [(2, "basic_first_aid")]),
        ([], HEADER, [(2, "file")]),
        ([",,,2013-06-10,domestic,2,no,no,5,3"], HEADER,
         [(2, "reference"), (2, "title"), (2, "provider")]),
        (["TS1,A,7001,2099-06-10,domestic,2,no,no,5,3"], HEADER, [(2, "first_approved_on")]),
    ],
)  # fmt: skip
def test_a_bad_file_names_each_row_and_field_and_imports_nothing(
    quality_assurer: Persona,
    southern: Organisation,
    rows: list[str],
    header: str,
    expected: list[tuple[int, str]],
) -> None:
    with pytest.raises(services.SchemeFileRejected) as raised:
        _import(quality_assurer, *rows, GOOD_ROWS[5] if rows else "", header=header)
    found = [(p.row, p.field) for p in raised.value.problems]
    for problem in expected:
        assert problem in found
    assert TrainingScheme.objects.count() == 0
    assert Review.objects.count() == 0


def test_a_scheme_file_without_a_header_is_refused_at_its_first_line(
    quality_assurer: Persona, southern: Organisation
) -> None:
    with pytest.raises(services.SchemeFileRejected) as raised:
        services.schemes_import(actor=quality_assurer.user, stream=io.BytesIO(b""))
    (problem,) = raised.value.problems
    assert (problem.rule_id, problem.row) == ("TRANS-2025", 1)
    assert TrainingScheme.objects.count() == 0


def test_a_scheme_file_over_the_row_limit_is_refused_where_it_goes_over(
    quality_assurer: Persona, southern: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transition, "MAX_ROWS", 2)
    with pytest.raises(services.SchemeFileRejected) as raised:
        _import(quality_assurer, *GOOD_ROWS[:3])
    assert [(p.row, p.field, p.message) for p in raised.value.problems] == [
        (4, "file", "A file may hold at most 2 schemes.")
    ]
    assert TrainingScheme.objects.count() == 0


def test_a_scheme_file_reports_at_most_so_many_problems(
    quality_assurer: Persona, southern: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transition, "MAX_PROBLEMS", 3)
    bad = "TS1,A,7001,2013-06-10,overseas,2,maybe,maybe,5,11"  # four problems
    with pytest.raises(services.SchemeFileRejected) as raised:
        _import(quality_assurer, bad, bad)
    assert [(p.row, p.field) for p in raised.value.problems] == [
        (2, "cohort"),
        (2, "level"),
        (2, "basic_first_aid"),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfeTS1,A", (2, "reference", "not UTF-8")),
        (f"{GOOD_ROWS[0][:-1]}\xe9".encode("latin-1"), (2, "level", "not UTF-8")),
        (GOOD_ROWS[0].replace("Forklift", "Fork\x00lift").encode(), (2, "", "NUL")),
        (b"TS1,A,7001", (2, "", "has 3 values but the header has 10 columns")),
        (b'TS1,"A,7001', (2, "", "has 2 values but the header has 10 columns")),
        (
            "TS1,A,7001,２０１３-06-10,domestic,2,no,no,5,3".encode(),
            (2, "first_approved_on", "0 to 9"),
        ),
    ],
    ids=["not utf-8", "not utf-8 in a cell", "nul", "short row", "open quote", "full-width digits"],
)
def test_a_scheme_file_read_by_the_one_csv_reader_names_the_line_and_column(
    quality_assurer: Persona, southern: Organisation, content: bytes, expected: tuple[int, str, str]
) -> None:
    stream = io.BytesIO("\ufeff".encode() + HEADER.encode() + b"\r\n" + content + b"\r\n")
    with pytest.raises(services.SchemeFileRejected) as raised:
        services.schemes_import(actor=quality_assurer.user, stream=stream)
    row, column, words = expected
    found = raised.value.problems[0]
    assert (found.row, found.field, found.rule_id) == (row, column, "TRANS-2025")
    assert words in found.message
    assert TrainingScheme.objects.count() == 0


def test_a_scheme_files_rows_are_numbered_by_the_line_they_start_on(
    quality_assurer: Persona, southern: Organisation
) -> None:
    # a blank line 2, a title over lines 4 and 5, a level out of range on line 6
    quoted = GOOD_ROWS[1].replace("Workplace First Aid", '"Workplace\r\nFirst Aid"')
    bad = "TS1009,Welding,7001,2013-06-10,domestic,2,no,no,5,11"
    content = "\ufeff" + "\r\n".join([HEADER, "", GOOD_ROWS[0], quoted, bad, ",,,,,,,,,", ""])
    with pytest.raises(services.SchemeFileRejected) as raised:
        services.schemes_import(actor=quality_assurer.user, stream=io.BytesIO(content.encode()))
    assert [(p.row, p.field) for p in raised.value.problems] == [(6, "level")]
    fixed = content.replace(bad, bad[:-2] + "4")
    result = services.schemes_import(actor=quality_assurer.user, stream=io.BytesIO(fixed.encode()))
    assert result.imported == 3


def test_a_reference_imported_before_is_a_duplicate(
    quality_assurer: Persona, southern: Organisation
) -> None:
    _import(quality_assurer, GOOD_ROWS[0])
    with pytest.raises(services.SchemeFileRejected) as raised:
        _import(quality_assurer, GOOD_ROWS[1], GOOD_ROWS[0])
    assert [(p.row, p.field) for p in raised.value.problems] == [(3, "reference")]
    assert "imported before" in raised.value.problems[0].message
    assert raised.value.message == (
        "The file was not imported: 1 problem. Fix it and import the whole file again."
    )
    assert TrainingScheme.objects.count() == 1


def test_two_providers_with_one_name_need_the_moe_number(
    quality_assurer: Persona, southern: Organisation
) -> None:
    OrganisationFactory.create(
        name="Southern Skills Academy", slug="southern-2", org_type=OrganisationType.PTE
    )
    with pytest.raises(services.SchemeFileRejected) as raised:
        _import(quality_assurer, GOOD_ROWS[1])
    assert "use the MoE number" in raised.value.problems[0].message


def test_only_the_quality_assurer_imports(provider: Persona, southern: Organisation) -> None:
    with pytest.raises(NotAllowed):
        _import(provider, GOOD_ROWS[0])


def test_the_command_imports_a_file_and_reports_problems(
    quality_assurer: Persona, southern: Organisation, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, *GOOD_ROWS]) + "\n", encoding="utf-8")
    out = StringIO()
    call_command("reviews", "import-schemes", str(good), stdout=out)
    assert "Imported 6 scheme(s)" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nTS9,A,7001,2013-06-10,domestic,two,no,no,5,3\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="not imported"):
        call_command("reviews", "import-schemes", str(bad), stderr=err)
    assert "row 2, duration_weeks" in err.getvalue()


def test_a_flagged_scheme_is_decided_by_a_person(
    quality_assurer: Persona, southern: Organisation, today: date
) -> None:
    _import(quality_assurer, GOOD_ROWS[4])
    scheme = TrainingScheme.objects.get()
    decided = services.scheme_scope_decide(
        actor=quality_assurer.user,
        scheme=scheme,
        scope="now",
        note="Delivered as 11 weeks plus exams.",
    )
    assert decided.scope == "now"
    assert Review.objects.get().due_on == date(2025, 4, 3)
    with pytest.raises(InvalidTransition):
        services.scheme_scope_decide(
            actor=quality_assurer.user, scheme=decided, scope="later", note="x"
        )


def test_a_scope_decision_needs_a_choice_and_a_note(
    quality_assurer: Persona, southern: Organisation
) -> None:
    _import(quality_assurer, GOOD_ROWS[4])
    scheme = TrainingScheme.objects.get()
    with pytest.raises(DomainError):
        services.scheme_scope_decide(
            actor=quality_assurer.user, scheme=scheme, scope="flagged", note="x"
        )
    with pytest.raises(DomainError):
        services.scheme_scope_decide(
            actor=quality_assurer.user, scheme=scheme, scope="now", note=""
        )


def _scheme_review(quality_assurer: Persona) -> Review:
    _import(quality_assurer, GOOD_ROWS[0])
    return Review.objects.get(kind=ReviewKind.SCHEME)


@pytest.mark.parametrize(
    ("outcome", "status"),
    [("do_not_continue", SchemeStatus.RETIRED), ("continue_with_changes", SchemeStatus.CONVERTING)],
)
def test_the_provider_answers_continue_or_retire(
    quality_assurer: Persona,
    provider: Persona,
    southern: Organisation,
    today: date,
    outcome: str,
    status: str,
) -> None:
    review = _scheme_review(quality_assurer)
    services.review_submit(
        actor=provider.user, review=review, answers={**PROVIDER_ANSWERS, "outcome": outcome}
    )
    services.review_accept(actor=quality_assurer.user, review=review, today=today)
    scheme = TrainingScheme.objects.get()
    assert scheme.status == status
    review.refresh_from_db()
    if outcome == "continue_with_changes":
        assert review.change_application_due_on == date(2027, 4, 10)


def test_a_scheme_report_offers_only_continue_or_retire(
    quality_assurer: Persona, provider: Persona, southern: Organisation
) -> None:
    review = _scheme_review(quality_assurer)
    with pytest.raises(DomainError):
        services.review_report_save(
            actor=provider.user, review=review, answers={"outcome": "continue_unchanged"}
        )


def test_a_converting_scheme_is_converted_when_listed(
    quality_assurer: Persona,
    provider: Persona,
    southern: Organisation,
    isb: Organisation,
    today: date,
) -> None:
    review = _scheme_review(quality_assurer)
    services.review_submit(
        actor=provider.user,
        review=review,
        answers={**PROVIDER_ANSWERS, "outcome": "continue_with_changes"},
    )
    services.review_accept(actor=quality_assurer.user, review=review, today=today)
    listing = listed_micro_credential(developer=southern, listed_on=today)
    scheme = services.scheme_convert(
        actor=quality_assurer.user, scheme=TrainingScheme.objects.get(), micro_credential=listing
    )
    assert (scheme.status, scheme.micro_credential) == (SchemeStatus.CONVERTED, listing)
    with pytest.raises(InvalidTransition):
        services.scheme_convert(actor=quality_assurer.user, scheme=scheme, micro_credential=listing)


def test_progress_counts_the_whole_transition(
    quality_assurer: Persona,
    provider: Persona,
    southern: Organisation,
    isb: Organisation,
    today: date,
) -> None:
    _import(quality_assurer, *GOOD_ROWS)
    listed_micro_credential(
        developer=isb, listed_on=date(2022, 6, 30), approved_on=date(2022, 6, 1)
    )
    services.reviews_prompt(today=today)
    review = Review.objects.get(training_scheme__reference="TS1001")
    services.review_submit(
        actor=provider.user,
        review=review,
        answers={**PROVIDER_ANSWERS, "outcome": "do_not_continue"},
    )
    services.review_accept(actor=quality_assurer.user, review=review, today=today)
    progress = selectors.transition_progress(quality_assurer.user, today=today)
    assert progress.in_scope == 3
    assert progress.prompted == 3
    assert progress.answered == 1
    assert progress.retired == 1
    assert progress.overdue == 2
    assert (progress.later, progress.flagged) == (3, 1)
    assert next(bar.key for bar in progress.bars) == "in_scope"
    assert selectors.transition_progress(provider.user, today=today).in_scope == 0


def test_legacy_micro_credentials_are_listed_for_the_transition(
    quality_assurer: Persona, isb: Organisation, listed: MicroCredential
) -> None:
    older = listed_micro_credential(
        developer=isb, listed_on=date(2022, 6, 30), approved_on=date(2022, 6, 1)
    )
    assert list(selectors.legacy_micro_credentials(quality_assurer.user)) == [older]


@settings(max_examples=40, suppress_health_check=suppressed(HealthCheck.function_scoped_fixture))
@given(st.lists(st.text(max_size=60), max_size=4))
def test_any_scheme_file_is_imported_or_refused_with_reasons_never_a_crash(
    quality_assurer: Persona, southern: Organisation, rows: list[str]
) -> None:
    problems: Sequence[Problem] = []
    try:
        result = services.schemes_import(
            actor=quality_assurer.user, stream=scheme_file(HEADER, *rows)
        )
    except services.SchemeFileRejected as rejected:
        problems = rejected.problems
    else:
        assert result.imported >= 1
        return
    assert problems
    assert all(problem.message for problem in problems)


def test_the_start_of_the_transition_is_a_setting(
    quality_assurer: Persona, southern: Organisation, settings: Any
) -> None:
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, transition_review_start=date(2026, 1, 1))
    _import(quality_assurer, GOOD_ROWS[0])
    assert Review.objects.get().due_on == date(2026, 6, 10)
