"""Property-based tests: any file gives either a recorded batch or an error report, never an
exception; and the date parser either gives a date or says why not."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.achievements.conftest import import_file
from tests.conftest import Persona
from tests.properties import suppressed
from tohu.achievements.models import BatchStatus, Completion
from tohu.core.dates import DateProblem, parse_date
from tohu.learners.models import Learner
from tohu.register.models import MicroCredential

FIXTURES = settings(
    max_examples=40,
    suppress_health_check=suppressed(HealthCheck.function_scoped_fixture),
)

cells = st.one_of(
    st.sampled_from(["0000012345", "0000067890", "123456789", "12a", "", " ", "4321", "9999"]),
    st.sampled_from(
        ["2025-05-01", "01/05/2025", "31/02/2025", "2025-13-01", "1/1/1", "2030-01-01"]
    ),
    st.sampled_from(["Ngātā", "Mere Ānahera", "Smith, Jo", '"', "\x00", "\r", "1", "99999"]),
    st.text(max_size=12),
)
headers = st.lists(
    st.sampled_from(
        ["nsn", "listing_number", "date_of_achievement", "version", "family_name", "grade", ""]
    ),
    min_size=0,
    max_size=6,
)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def _holds(imported_status: str, problems: int, report: str) -> None:
    assert imported_status in (BatchStatus.RECORDED, BatchStatus.REJECTED)
    lines = list(csv.reader(io.StringIO(report)))
    assert lines[0] == ["line", "column", "value", "rule_id", "message"]
    assert len(lines) - 1 == problems
    assert all(line[3] and line[4] for line in lines[1:])


@FIXTURES
@given(content=st.binary(max_size=400))
def test_any_bytes_give_a_batch_or_an_error_report(
    provider: Persona, forklift: MicroCredential, learners: list[Learner], content: bytes
) -> None:
    imported = import_file(provider, content)
    _holds(imported.outcome.status, imported.outcome.problems_total, imported.report)


@FIXTURES
@given(
    header=headers,
    rows=st.lists(st.lists(cells, min_size=0, max_size=7), max_size=8),
    partial=st.booleans(),
)
def test_any_csv_gives_a_batch_or_an_error_report(
    provider: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
    header: list[str],
    rows: list[list[str]],
    partial: bool,
) -> None:
    before = Completion.objects.count()
    try:
        content = _csv(header, rows)
    except UnicodeEncodeError:
        return
    imported = import_file(provider, content, partial=partial)
    outcome = imported.outcome
    _holds(outcome.status, outcome.problems_total, imported.report)
    added = Completion.objects.count() - before
    assert added == outcome.rows_recorded
    if outcome.problems_total and not partial:
        assert added == 0


@given(st.text(max_size=12))
def test_parse_date_gives_a_date_or_a_reason(text: str) -> None:
    try:
        parsed: date | str = parse_date(text)
    except DateProblem as problem:
        parsed = str(problem)
    assert isinstance(parsed, date) or parsed.startswith(f"“{text}”")


@given(st.dates(min_value=date(1000, 1, 1)))
def test_both_date_formats_read_back_every_date(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d/%m/%Y")) == day
