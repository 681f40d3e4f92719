"""The one CSV writer for every file Tohu hands out: the register download, the reviews and
completions exports and the results-file error report.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and treats a
leading tab or carriage return as a way to the same (CSV injection, OWASP). Every text cell that
starts with one of them is written with a leading apostrophe, which spreadsheets show as text and
hide. Numbers, dates and booleans are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

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
