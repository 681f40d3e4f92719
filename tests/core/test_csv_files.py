"""The one CSV writer: a text cell that a spreadsheet would run as a formula is kept inert."""

from __future__ import annotations

import csv
import io

import pytest

from tohu.core.csv_files import CsvWriter, safe_cell, stream_csv


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+64 21 123", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")'],
)
def test_a_text_cell_starting_like_a_formula_gets_an_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Forklift basics", "", "1=1", "a-b", 5, -3, 1.5, None, True])
def test_other_cells_are_written_as_they_are(value: object) -> None:
    assert safe_cell(value) == value


def test_the_streamed_file_reads_back_with_every_cell_made_safe() -> None:
    lines = list(stream_csv(["title", "credits"], [["=cmd|' /C calc'!A0", -5]], bom=True))
    assert lines[0] == "\ufefftitle,credits\r\n"
    rows = list(csv.reader(io.StringIO("".join(lines)[1:])))
    assert rows == [["title", "credits"], ["'=cmd|' /C calc'!A0", "-5"]]


def test_a_file_gets_the_same_safe_rows() -> None:
    out = io.StringIO()
    CsvWriter(out).writerow(["@x", "ok"])
    assert out.getvalue() == "'@x,ok\r\n"
