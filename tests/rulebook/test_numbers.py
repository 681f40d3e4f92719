"""Listing and version numbers: LOR-13.2 and VER-1."""

import pytest

from tohu.rulebook import next_listing_number, next_version_number


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        pytest.param([], "1000", id="the first number has four digits"),
        pytest.param(["5056"], "5057", id="the number after 5056 is 5057"),
        pytest.param(["3047", "5056", "4401"], "5057", id="numbers follow the highest"),
        pytest.param(["1000", "1003"], "1004", id="gaps are not reused"),
        pytest.param(["9999"], "10000", id="numbers grow past four digits"),
        pytest.param(["10000", "9999"], "10001", id="five-digit numbers compare as numbers"),
        pytest.param(["12"], "1000", id="numbers are never shorter than four digits"),
        pytest.param(["0042"], "1000", id="leading zeros are read as numbers"),
        pytest.param(["QA-7000", "abc", "", " 8000", "5056"], "5057", id="non-numeric are ignored"),
        pytest.param(["٥٠٥٦"], "1000", id="non-ASCII digits are ignored"),
    ],
)
def test_next_listing_number(existing: list[str], expected: str) -> None:
    number = next_listing_number(existing)
    assert number == expected
    assert number not in existing


def test_listing_numbers_accept_any_iterable() -> None:
    assert next_listing_number(str(n) for n in range(1000, 1010)) == "1010"


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        pytest.param([], 1, id="the first version is 1"),
        pytest.param([1], 2, id="the second version is 2"),
        pytest.param([1, 3, 2], 4, id="versions follow the highest"),
        pytest.param([1, 4], 5, id="version gaps are not reused"),
        pytest.param([-2], 1, id="nonsense versions are ignored"),
    ],
)
def test_next_version_number(existing: list[int], expected: int) -> None:
    assert next_version_number(existing) == expected
