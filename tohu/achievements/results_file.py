"""Read a results file as a stream: UTF-8 CSV, one header row, the columns of
docs/results-file.md in any order. Nothing here holds more than one row in memory."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from tohu.achievements.problems import Problem

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
NOT_UTF8 = "This line is not UTF-8 text. Save the file from your spreadsheet as “CSV UTF-8”."
HAS_NUL = "This line holds a NUL character (byte 0): save the file as text, “CSV UTF-8”."


@dataclass(frozen=True, slots=True)
class RawRow:
    """One row's values by column name (stripped), and where it is: its line, or item number."""

    line: int
    values: Mapping[str, str]


def check_header(names: Iterable[str], *, line: int = 1) -> list[Problem]:
    """Name every missing, unknown, unnamed or repeated column."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if not name:
            message = f"Column {position} has no name: give every column a heading."
            problems.append(Problem(line, "", "", FORMAT_RULE, message))
        elif name in seen:
            message = f"The column “{name}” appears twice."
            problems.append(Problem(line, name, name, FORMAT_RULE, message))
        elif name not in COLUMNS:
            message = (
                f"Unknown column “{name}”: a results file has the columns {', '.join(COLUMNS)}."
            )
            problems.append(Problem(line, name, name, FORMAT_RULE, message))
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            message = f"The required column “{name}” is missing."
            problems.append(Problem(line, name, "", FORMAT_RULE, message))
    return problems


class _CountingReader(io.RawIOBase):
    """Pass bytes through, counting them and hashing them for the batch's fingerprint."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.bytes_read = 0
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self.source.read(len(buffer))
        size = len(chunk)
        buffer[:size] = chunk
        self.bytes_read += size
        self.sha256.update(chunk)
        return size


@dataclass
class CsvSource:
    """A results file read from a binary stream: a byte-order mark and CRLF are tolerated."""

    stream: BinaryIO
    name: str = ""
    size: int = 0
    header: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._counter = _CountingReader(self.stream)
        buffered = io.BufferedReader(self._counter, buffer_size=1 << 16)
        self._text = io.TextIOWrapper(
            buffered, encoding="utf-8-sig", newline="", errors="surrogateescape"
        )
        self._reader = csv.reader(self._text)

    @property
    def bytes_read(self) -> int:
        return self._counter.bytes_read

    @property
    def sha256(self) -> str:
        return self._counter.sha256.hexdigest()

    def _broken(self, error: Exception, line: int) -> Problem:
        return Problem(line, "", "", FORMAT_RULE, f"The file cannot be read as CSV: {error}.")

    @staticmethod
    def _not_utf8(line: int, header: list[str], cells: list[str]) -> Problem:
        """Name the first cell holding bytes that are not UTF-8 (decoded as surrogates)."""
        if any("\x00" in cell for cell in cells):
            return Problem(line, "", "", FORMAT_RULE, HAS_NUL)
        for position, cell in enumerate(cells):
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError:
                column = header[position] if position < len(header) else ""
                shown = cell.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                return Problem(line, column, shown, FORMAT_RULE, NOT_UTF8)
        return Problem(line, "", "", FORMAT_RULE, NOT_UTF8)  # pragma: no cover

    @staticmethod
    def _has_bad_bytes(cells: list[str]) -> bool:
        joined = "".join(cells)
        if "\x00" in joined:
            return True
        if joined.isascii():
            return False
        try:
            joined.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False

    def read_header(self) -> list[Problem]:
        """Read the header row and check its columns."""
        reader = self._reader
        start = 1
        try:
            for cells in reader:
                if self._has_bad_bytes(cells):
                    return [self._not_utf8(start, [], cells)]
                if any(cell.strip() for cell in cells):
                    self.header = [cell.strip().lower() for cell in cells]
                    return check_header(self.header, line=start)
                start = reader.line_num + 1
        except csv.Error as error:
            return [self._broken(error, start)]
        return [Problem(1, "", "", FORMAT_RULE, "The file is empty: it needs a header row.")]

    def rows(self) -> Iterator[RawRow | Problem]:
        """Yield each row's values, or the problem with its shape; blank lines are skipped.

        A row is numbered by the line it starts on: a quoted value may run over several lines.
        """
        header = self.header
        width = len(header)
        reader = self._reader
        start = reader.line_num + 1
        try:
            for cells in reader:
                if self._has_bad_bytes(cells):
                    yield self._not_utf8(start, header, cells)
                elif len(cells) == width:
                    values = dict(zip(header, map(str.strip, cells), strict=True))
                    if any(values.values()):
                        yield RawRow(start, values)
                elif any(cell.strip() for cell in cells):
                    yield self._wrong_width(start, len(cells), width)
                start = reader.line_num + 1
        except csv.Error as error:
            yield self._broken(error, start)

    @staticmethod
    def _wrong_width(line: int, count: int, width: int) -> Problem:
        message = (
            f"This line has {count} values but the header has {width} columns. "
            "Put quotes around any value with a comma in it."
        )
        return Problem(line, "", "", FORMAT_RULE, message)


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
        problems = [p for p in check_header(sorted(names)) if p.column not in REQUIRED_COLUMNS]
        self.header = [name for name in COLUMNS if name in names]
        return [Problem(0, p.column, p.value, p.rule_id, p.message) for p in problems]

    def rows(self) -> Iterator[RawRow | Problem]:
        for number, item in enumerate(self.items, start=1):
            values = {k: (v or "").strip() for k, v in item.items() if k in COLUMNS}
            if any("\x00" in value for value in values.values()):
                yield Problem(number, "", "", FORMAT_RULE, HAS_NUL)
            else:
                yield RawRow(number, values)
