"""The content check of uploads: any bytes under any name give a kind or a clear refusal."""

from __future__ import annotations

import io

import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.applications.conftest import office_bytes, pdf_bytes
from tohu.applications.files import CheckedFile, check_upload
from tohu.core.errors import InvalidInput


def _check(content: bytes, name: str) -> CheckedFile | InvalidInput:
    try:
        return check_upload(io.BytesIO(content), name=name, size=len(content))
    except InvalidInput as refused:
        return refused


NAMES = st.sampled_from(["a.pdf", "a.docx", "a.xlsx", "a.exe", "noextension", "a.PDF"])


@settings(max_examples=200)
@given(content=st.binary(min_size=0, max_size=2048), name=NAMES)
def test_any_bytes_give_a_kind_or_a_clear_refusal(content: bytes, name: str) -> None:
    outcome = _check(content, name)
    if isinstance(outcome, InvalidInput):
        assert outcome.field == "file"
        assert outcome.message
    else:
        assert outcome.kind in ("pdf", "docx", "xlsx")
        assert name.lower().endswith(outcome.kind)


@settings(max_examples=50)
@given(cut=st.integers(min_value=1, max_value=400))
def test_a_truncated_office_file_is_refused_not_crashed(cut: int) -> None:
    outcome = _check(office_bytes("docx")[:-cut], "a.docx")
    if isinstance(outcome, InvalidInput):
        assert outcome.message
    else:
        assert outcome.kind == "docx"


def test_the_stream_is_rewound_for_storage() -> None:
    stream = io.BytesIO(pdf_bytes())
    check_upload(stream, name="a.pdf", size=len(pdf_bytes()))
    assert stream.tell() == 0


def test_the_test_documents_are_the_same_bytes_whenever_they_are_made() -> None:
    # a download is compared with the document uploaded; a zip's entries carry the time made
    with time_machine.travel("2026-03-02 10:00:00.9 +13:00", tick=False):
        earlier = office_bytes("xlsx")
    with time_machine.travel("2026-03-02 10:00:03 +13:00", tick=False):
        later = office_bytes("xlsx")
    assert earlier == later
    assert _check(later, "a.xlsx").kind == "xlsx"  # type: ignore[union-attr]
