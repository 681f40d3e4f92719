"""The table of bad (and awkward but good) results files, each with the exact outcome expected."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from tests.achievements.conftest import HEADER, csv_bytes, import_file
from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential
from tohu.achievements.models import Completion
from tohu.core.principal import SYSTEM
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.register.models import MicroCredential

ALL_COLUMNS = (
    "nsn, listing_number, date_of_achievement, version, provider_reference, family_name, "
    "given_names, date_of_birth"
)
WIDTH = "This line has {n} values but the header has {w} columns. Put quotes around any value "
WIDTH += "with a comma in it."
LETTERS = "“{v}” is not an NSN: an NSN is digits only (no letters or spaces)."

# (id, lines, problems expected: (line, column, rule id, message), completions recorded)
CASES = [
    (
        "missing column",
        ["nsn,date_of_achievement", "0000012345,2025-05-01"],
        [(1, "listing_number", "ROA-fields", "The required column “listing_number” is missing.")],
        0,
    ),
    (
        "unknown column",
        [HEADER + ",grade", "0000012345,4321,2025-05-01,A"],
        [
            (
                1,
                "grade",
                "ROA-fields",
                f"Unknown column “grade”: a results file has the columns {ALL_COLUMNS}.",
            )
        ],
        0,
    ),
    (
        "column named twice",
        ["nsn,listing_number,date_of_achievement,nsn", "0000012345,4321,2025-05-01,0000012345"],
        [(1, "nsn", "ROA-fields", "The column “nsn” appears twice.")],
        0,
    ),
    ("empty file", [""], [(1, "", "ROA-fields", "The file is empty: it needs a header row.")], 0),
    (
        "a NUL byte",
        [HEADER, "0000012345,4321,2025-05-01\x00"],
        [
            (
                2,
                "",
                "ROA-fields",
                "This line holds a NUL character (byte 0): save the file as text, “CSV UTF-8”.",
            )
        ],
        0,
    ),
    (
        "a header and no rows",
        [HEADER, "", ",,"],
        [
            (
                2,
                "",
                "ROA-fields",
                "The file has no completions in it: put one on each line under the header.",
            )
        ],
        0,
    ),
    (
        "full-width digits in a date",
        [HEADER, "0000012345,4321,２０２５-０５-０１"],
        [
            (
                2,
                "date_of_achievement",
                "ROA-fields",
                "“２０２５-０５-０１” is not a date: write its digits as 0 to 9.",
            )
        ],
        0,
    ),
    (
        "superscript digits in a date",
        [HEADER, "0000012345,4321,²²²²-01-01"],
        [
            (
                2,
                "date_of_achievement",
                "ROA-fields",
                "“²²²²-01-01” is not a date: write its digits as 0 to 9.",
            )
        ],
        0,
    ),
    (
        "full-width digits in an NSN",
        [HEADER, "０００００１２３４５,4321,2025-05-01"],
        [(2, "nsn", "ROA-nsn", LETTERS.format(v="０００００１２３４５"))],
        0,
    ),
    (
        "a problem in a quoted value over several lines is on the line the row starts",
        [
            HEADER + ",provider_reference",
            '0000012345,4321,2025-05-01,"first',
            'second"',
            '0000067890,4321,2025-13-01,"one',
            "two",
            'three"',
        ],
        [
            (
                4,
                "date_of_achievement",
                "ROA-fields",
                "“2025-13-01” is not a real date: there is no month 13.",
            )
        ],
        0,
    ),
    (
        "a row of the wrong width over several lines is on the line it starts",
        [HEADER, '0000012345,4321,"2025-05-01', '",extra'],
        [(2, "", "ROA-fields", WIDTH.format(n=4, w=3))],
        0,
    ),
    ("blank lines are skipped", [HEADER, "", "0000012345,4321,2025-05-01", "", ",,"], [], 1),
    (
        "extra values on a row",
        [HEADER, "0000012345,4321,2025-05-01,surplus"],
        [(2, "", "ROA-fields", WIDTH.format(n=4, w=3))],
        0,
    ),
    (
        "too few values on a row",
        [HEADER, "0000012345,4321"],
        [(2, "", "ROA-fields", WIDTH.format(n=2, w=3))],
        0,
    ),
    (
        "quoted comma",
        [HEADER + ",provider_reference", '0000012345,4321,2025-05-01,"Smith, Jo"'],
        [],
        1,
    ),
    (
        "unquoted comma",
        [HEADER + ",provider_reference", "0000012345,4321,2025-05-01,Smith, Jo"],
        [(2, "", "ROA-fields", WIDTH.format(n=5, w=4))],
        0,
    ),
    (
        "macrons in names that match",
        [HEADER + ",family_name,given_names", "0000012345,4321,2025-05-01,Ngātā,Mere Ānahera"],
        [],
        1,
    ),
    (
        "names without macrons still match",
        [HEADER + ",family_name,given_names", "0000012345,4321,2025-05-01,NGATA,mere anahera"],
        [],
        1,
    ),
    (
        "a family name that does not match",
        [HEADER + ",family_name", "0000012345,4321,2025-05-01,Ngāti"],
        [
            (
                2,
                "family_name",
                "ROA-nsn",
                "The family name does not match the learner index for NSN 0000012345.",
            )
        ],
        0,
    ),
    (
        "a date of birth that does not match",
        [HEADER + ",date_of_birth", "0000012345,4321,2025-05-01,04/02/1999"],
        [
            (
                2,
                "date_of_birth",
                "ROA-nsn",
                "The date of birth does not match the learner index for NSN 0000012345.",
            )
        ],
        0,
    ),
    (
        "dates in both formats",
        [HEADER, "0000012345,4321,2025-05-01", "0000067890,4321,01/05/2025"],
        [],
        2,
    ),
    (
        "31 February",
        [HEADER, "0000012345,4321,31/02/2025"],
        [
            (
                2,
                "date_of_achievement",
                "ROA-fields",
                "“31/02/2025” is not a real date: February 2025 has 28 days, not 31.",
            )
        ],
        0,
    ),
    (
        "month 13",
        [HEADER, "0000012345,4321,2025-13-01"],
        [
            (
                2,
                "date_of_achievement",
                "ROA-fields",
                "“2025-13-01” is not a real date: there is no month 13.",
            )
        ],
        0,
    ),
    (
        "an American date",
        [HEADER, "0000012345,4321,5/1/25"],
        [
            (
                2,
                "date_of_achievement",
                "ROA-fields",
                "“5/1/25” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.",
            )
        ],
        0,
    ),
    (
        "a blank date",
        [HEADER, "0000012345,4321,"],
        [(2, "date_of_achievement", "ROA-fields", "Give the date of achievement.")],
        0,
    ),
    ("an NSN with leading zeros", [HEADER, "0000012345,4321,2025-05-01"], [], 1),
    (
        "an NSN whose leading zeros were dropped",
        [HEADER, "12345,4321,2025-05-01"],
        [
            (
                2,
                "nsn",
                "ROA-nsn",
                "NSN 12345 is not in the learner index. Spreadsheets often drop leading zeros: "
                "check the NSN kept them.",
            )
        ],
        0,
    ),
    (
        "an NSN with letters",
        [HEADER, "00000A2345,4321,2025-05-01"],
        [(2, "nsn", "ROA-nsn", LETTERS.format(v="00000A2345"))],
        0,
    ),
    (
        "an NSN with spaces",
        [HEADER, "00000 12345,4321,2025-05-01"],
        [(2, "nsn", "ROA-nsn", LETTERS.format(v="00000 12345"))],
        0,
    ),
    (
        "an NSN too long",
        [HEADER, "000001234567,4321,2025-05-01"],
        [(2, "nsn", "ROA-nsn", "“000001234567” is not an NSN: an NSN has at most 10 digits.")],
        0,
    ),
    (
        "the same row twice",
        [HEADER, "0000012345,4321,2025-05-01", "0000012345,4321,2025-05-01"],
        [(3, "nsn", "ROA-dup", "This completion is already on line 2 of the file.")],
        0,
    ),
    (
        "an unknown listing number",
        [HEADER, "0000012345,9999,2025-05-01"],
        [
            (
                2,
                "listing_number",
                "ROA-fields",
                "No micro-credential has the listing number 9999.",
            )
        ],
        0,
    ),
    (
        "a date in the future",
        [HEADER, "0000012345,4321,2025-06-17"],
        [
            (
                2,
                "date_of_achievement",
                "ROA-date",
                "The date of achievement 2025-06-17 is in the future.",
            )
        ],
        0,
    ),
    (
        "a date before the first listing",
        [HEADER, "0000012345,4321,29/02/2024"],
        [
            (
                2,
                "date_of_achievement",
                "ROA-date",
                "The date of achievement 2024-02-29 is before 4321 was first listed on 2024-03-01.",
            )
        ],
        0,
    ),
    (
        "a version that does not exist",
        [HEADER + ",version", "0000012345,4321,2025-05-01,7"],
        [(2, "version", "VER-1", "4321 has no version 7.")],
        0,
    ),
    (
        "a version that is not a number",
        [HEADER + ",version", "0000012345,4321,2025-05-01,two"],
        [
            (
                2,
                "version",
                "ROA-fields",
                "“two” is not a version number: give a whole number such as 1 or 2.",
            )
        ],
        0,
    ),
    (
        "a provider not accredited on that date",
        [HEADER, "0000012345,5555,2024-12-31", "0000067890,5555,2025-01-01"],
        [
            (
                2,
                "listing_number",
                "LOR-18.2",
                "Southern Skills Academy was not accredited for 5555 on 2024-12-31, so it cannot "
                "award it. Its accreditation runs 2025-01-01 to now.",
            )
        ],
        0,
    ),
    (
        "a discontinued micro-credential completed before discontinuation",
        [HEADER, "0000012345,6666,2025-02-28"],
        [],
        1,
    ),
    (
        "a discontinued micro-credential completed after discontinuation",
        [HEADER, "0000012345,6666,2025-03-01"],
        [
            (
                2,
                "date_of_achievement",
                "LOR-8.5",
                "6666: Completed on 2025-03-01, after the micro-credential was discontinued on "
                "2025-03-01.",
            )
        ],
        0,
    ),
    (
        "every problem on a row is reported",
        [HEADER, "12a,,2025-02-30"],
        [
            (2, "nsn", "ROA-nsn", LETTERS.format(v="12a")),
            (2, "listing_number", "ROA-fields", "Give the micro-credential's listing number."),
            (
                2,
                "date_of_achievement",
                "ROA-fields",
                "“2025-02-30” is not a real date: February 2025 has 28 days, not 30.",
            ),
        ],
        0,
    ),
]


@pytest.fixture
def register(isb: Organisation, provider_org: Organisation, forklift: MicroCredential) -> None:
    """5555 is accredited to the provider only from 2025; 6666 was discontinued on 1 March 2025."""
    later = listed_micro_credential(developer=isb, listing_number="5555")
    accredit(provider_org, later, granted_on=date(2025, 1, 1))
    ended = listed_micro_credential(developer=isb, listing_number="6666")
    accredit(provider_org, ended)
    register_services.micro_credential_status_set(
        actor=SYSTEM,
        micro_credential=ended,
        status="discontinued",
        effective_on=date(2025, 3, 1),
    )


@pytest.mark.parametrize(
    ("lines", "problems", "recorded"),
    [pytest.param(lines, problems, recorded, id=name) for name, lines, problems, recorded in CASES],
)
def test_results_file_gives_exactly_the_expected_problems(
    provider: Persona,
    register: None,
    learners: list[Learner],
    lines: list[str],
    problems: list[tuple[int, str, str, str]],
    recorded: int,
) -> None:
    imported = import_file(provider, csv_bytes(*lines))
    assert imported.problems == problems
    assert imported.outcome.ok is (not problems)
    assert imported.outcome.rows_recorded == recorded
    assert Completion.objects.count() == recorded


def test_a_byte_order_mark_and_crlf_line_ends_are_tolerated(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    content = csv_bytes(HEADER, "0000012345,4321,2025-05-01", bom=True, newline="\r\n")
    imported = import_file(provider, content)
    assert imported.problems == []
    assert Completion.objects.get().nsn == "0000012345"


def test_columns_may_come_in_any_order_with_any_case(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    content = csv_bytes(" Date_Of_Achievement ,NSN,listing_number", "01/05/2025,0000012345,4321")
    imported = import_file(provider, content)
    assert imported.problems == []
    assert Completion.objects.get().date_of_achievement == date(2025, 5, 1)


def test_a_file_that_is_not_utf8_is_refused_with_advice(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    content = (HEADER + ",family_name\r\n0000012345,4321,2025-05-01,Ng\xe2t\xe2\r\n").encode(
        "latin-1"
    )
    imported = import_file(provider, content)
    assert imported.problems == [
        (
            2,
            "family_name",
            "ROA-fields",
            "This line is not UTF-8 text. Save the file from your spreadsheet as “CSV UTF-8”.",
        )
    ]
    assert Completion.objects.count() == 0


def test_a_value_too_long_for_a_field_is_reported_on_the_line_its_row_starts(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    huge = "x" * 200_000
    content = csv_bytes(HEADER + ",provider_reference", f'0000012345,4321,2025-05-01,"a\n{huge}"')
    imported = import_file(provider, content)
    assert [(line, rule) for line, _, rule, _ in imported.problems] == [(2, "ROA-fields")]
    assert "field larger than field limit" in imported.problems[0][3]


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+1", "-1", "@SUM(1)", "\t=1", "\r=1"])
def test_values_echoed_in_the_error_report_cannot_run_as_formulas(
    provider: Persona, forklift: MicroCredential, learners: list[Learner], value: str
) -> None:
    content = csv_bytes(HEADER, f'"{value}",4321,2025-05-01')
    imported = import_file(provider, content)
    (row,) = list(csv.reader(io.StringIO(imported.report)))[1:]
    assert row[:2] == ["2", "nsn"]
    assert row[2] == "'" + value.strip()


def test_a_partial_import_of_a_file_with_no_good_row_is_rejected(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    garbage = csv_bytes(HEADER, "hello,world,again", "\x01\x02,3,4")
    imported = import_file(provider, garbage, partial=True)
    assert not imported.outcome.ok
    assert imported.outcome.summary.startswith("Nothing was recorded: 4 problems in 2 of 2 rows")
    assert Completion.objects.count() == 0


def test_the_error_report_has_its_documented_columns(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    imported = import_file(provider, csv_bytes(HEADER, "bad,4321,2025-05-01"))
    assert imported.header == ["line", "column", "value", "rule_id", "message"]
    assert imported.report.splitlines()[1].startswith("2,nsn,bad,ROA-nsn,")
