"""Read a results file as a stream: UTF-8 CSV, one header row, the columns of
docs/results-file.md in any order. Nothing here holds more than one row in memory; the reading
is the one CSV reader's (`tohu.core.csv_files.CsvReader`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from tohu.core.csv_files import HAS_NUL, CsvReader, RawRow
from tohu.rulebook import Problem

REQUIRED_COLUMNS = ("nsn", "listing_number", "date_of_achievement")
OPTIONAL_COLUMNS = (
    "version",
    "provider_reference",
    "family_name",
    "given_names",
    "date_of_birth",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
FORMAT_RULE = "ROA-fields"


def check_header(names: Iterable[str], *, line: int = 1) -> list[Problem]:
    """Name every missing, unknown, unnamed or repeated column."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if not name:
            message = f"Column {position} has no name: give every column a heading."
            problems.append(Problem(FORMAT_RULE, message, field="", row=line, value=""))
        elif name in seen:
            message = f"The column “{name}” appears twice."
            problems.append(Problem(FORMAT_RULE, message, field=name, row=line, value=name))
        elif name not in COLUMNS:
            message = (
                f"Unknown column “{name}”: a results file has the columns {', '.join(COLUMNS)}."
            )
            problems.append(Problem(FORMAT_RULE, message, field=name, row=line, value=name))
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            message = f"The required column “{name}” is missing."
            problems.append(Problem(FORMAT_RULE, message, field=name, row=line, value=""))
    return problems


@dataclass
class CsvSource:
    """A results file read from a binary stream by the one CSV reader (`tohu.core.csv_files`)."""

    stream: BinaryIO
    name: str = ""
    size: int = 0
    header: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._csv = CsvReader(self.stream, rule_id=FORMAT_RULE)

    @property
    def bytes_read(self) -> int:
        return self._csv.bytes_read

    @property
    def sha256(self) -> str:
        return self._csv.sha256

    def read_header(self) -> list[Problem]:
        """Read the header row and check its columns."""
        found = self._csv.read_header()
        if isinstance(found, Problem):
            return [found]
        self.header = found
        return check_header(found, line=self._csv.header_line)

    def rows(self) -> Iterator[RawRow | Problem]:
        """Yield each row's values, or the problem with its shape; blank lines are skipped."""
        return self._csv.rows()


@dataclass
class RowsSource:
    """Rows already split into columns (a form, an API call), numbered from 1."""

    items: Sequence[Mapping[str, str | None]]
    name: str = ""
    size: int = 0
    sha256: str = ""
    bytes_read: int = 0
    header: list[str] = field(default_factory=list)

    def read_header(self) -> list[Problem]:
        names: set[str] = set()
        for item in self.items:
            names.update(key for key, value in item.items() if value is not None)
        problems = [p for p in check_header(sorted(names)) if p.field not in REQUIRED_COLUMNS]
        self.header = [name for name in COLUMNS if name in names]
        return [replace(p, row=0) for p in problems]

    def rows(self) -> Iterator[RawRow | Problem]:
        for number, item in enumerate(self.items, start=1):
            values = {k: (v or "").strip() for k, v in item.items() if k in COLUMNS}
            if any("\x00" in value for value in values.values()):
                yield Problem(FORMAT_RULE, HAS_NUL, field="", row=number, value="")
            else:
                yield RawRow(number, values)
