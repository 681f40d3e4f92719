"""The one CSV reader for every file people send Tohu (results files, former training schemes)
and the one CSV writer for every file Tohu hands out (the register download, the reviews and
completions exports and the results-file error report).

Reading: UTF-8 (a byte-order mark and CRLF tolerated), one header row, a row numbered by the line
it starts on (a quoted value may run over several lines), blank lines skipped, nothing held but
the row being read. A line that is not UTF-8, holds a NUL, breaks CSV quoting or has another
number of values than the header is a `Problem` naming its line (and its column where one can be
named) with the caller's rule id, never an exception.

Writing:
A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and treats a
leading tab or carriage return as a way to the same (CSV injection, OWASP). Every text cell that
starts with one of them is written with a leading apostrophe, which spreadsheets show as text and
hide. Numbers, dates and booleans are written as they are.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

from tohu.rulebook.problems import Problem

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: Any) -> Any:
    """Keep a text cell inert in a spreadsheet; leave other values alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """A file-like object that hands back what the csv writer writes (Django's streaming idiom)."""

    def write(self, value: str) -> str:
        return value


class CsvWriter:
    """Write rows with every cell made safe: to a text file, or (without one) as lines."""

    def __init__(self, destination: IO[str] | None = None) -> None:
        self._writer = csv.writer(destination if destination is not None else _Line())

    def writerow(self, cells: Iterable[Any]) -> Any:
        """Write one row; without a file, return the line."""
        return self._writer.writerow([safe_cell(cell) for cell in cells])


def stream_csv(
    header: Sequence[str], rows: Iterable[Iterable[Any]], *, bom: bool = False
) -> Iterator[str]:
    """Yield a CSV file line by line, header first, for a StreamingHttpResponse."""
    writer = CsvWriter()
    yield (BOM if bom else "") + str(writer.writerow(header))
    for row in rows:
        yield str(writer.writerow(row))


NOT_UTF8 = "This line is not UTF-8 text. Save the file from your spreadsheet as “CSV UTF-8”."
HAS_NUL = "This line holds a NUL character (byte 0): save the file as text, “CSV UTF-8”."
EMPTY = "The file is empty: it needs a header row."


@dataclass(frozen=True, slots=True)
class RawRow:
    """One row's values by column name (stripped), and where it is: its line, or item number."""

    line: int
    values: Mapping[str, str]


class _CountingReader(io.RawIOBase):
    """Pass bytes through, counting them and hashing them for the file's fingerprint."""

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


class CsvReader:
    """A CSV file people sent, read as a stream of rows or problems (see the module's words).

    `rule_id` is the rule each problem with the file's shape cites (ROA-fields, TRANS-2025).
    """

    def __init__(self, stream: BinaryIO, *, rule_id: str) -> None:
        self.rule_id = rule_id
        self.header: list[str] = []
        self.header_line = 1
        self._counter = _CountingReader(stream)
        buffered = io.BufferedReader(self._counter, buffer_size=1 << 16)
        text = io.TextIOWrapper(
            buffered, encoding="utf-8-sig", newline="", errors="surrogateescape"
        )
        self._reader = csv.reader(text)

    @property
    def bytes_read(self) -> int:
        return self._counter.bytes_read

    @property
    def sha256(self) -> str:
        return self._counter.sha256.hexdigest()

    def _problem(self, line: int, message: str, column: str = "", value: str = "") -> Problem:
        return Problem(self.rule_id, message, field=column, row=line, value=value)

    def _broken(self, error: Exception, line: int) -> Problem:
        return self._problem(line, f"The file cannot be read as CSV: {error}.")

    def _not_utf8(self, line: int, cells: list[str]) -> Problem:
        """Name the first cell holding bytes that are not UTF-8 (decoded as surrogates)."""
        if any("\x00" in cell for cell in cells):
            return self._problem(line, HAS_NUL)
        for position, cell in enumerate(cells):
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError:
                column = self.header[position] if position < len(self.header) else ""
                shown = cell.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                return self._problem(line, NOT_UTF8, column, shown)
        return self._problem(line, NOT_UTF8)  # pragma: no cover

    def read_header(self) -> list[str] | Problem:
        """Read the first row that is not blank: its names stripped and in lower case."""
        reader = self._reader
        start = 1
        try:
            for cells in reader:
                if _has_bad_bytes(cells):
                    return self._not_utf8(start, cells)
                if any(cell.strip() for cell in cells):
                    self.header = [cell.strip().lower() for cell in cells]
                    self.header_line = start
                    return self.header
                start = reader.line_num + 1
        except csv.Error as error:
            return self._broken(error, start)
        return self._problem(1, EMPTY)

    def rows(self) -> Iterator[RawRow | Problem]:
        """Yield each row's values after the header, or the problem with its line."""
        header = self.header
        width = len(header)
        reader = self._reader
        start = reader.line_num + 1
        try:
            for cells in reader:
                if _has_bad_bytes(cells):
                    yield self._not_utf8(start, cells)
                elif len(cells) == width:
                    values = dict(zip(header, map(str.strip, cells), strict=True))
                    if any(values.values()):
                        yield RawRow(start, values)
                elif any(cell.strip() for cell in cells):
                    message = (
                        f"This line has {len(cells)} values but the header has {width} columns. "
                        "Put quotes around any value with a comma in it."
                    )
                    yield self._problem(start, message)
                start = reader.line_num + 1
        except csv.Error as error:
            yield self._broken(error, start)
