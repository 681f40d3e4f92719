"""Listing and version numbers: LOR-13.2 and VER-1."""

from itertools import islice

import pytest

from tohu.rulebook import listing_numbers_after, next_version_number


@pytest.mark.parametrize(
    ("last_issued", "expected"),
    [
        pytest.param(0, ["1000", "1001", "1002"], id="the first number has four digits"),
        pytest.param(12, ["1000", "1001", "1002"], id="never shorter than four digits"),
        pytest.param(5056, ["5057", "5058", "5059"], id="numbers follow the last one issued"),
        pytest.param(9998, ["9999", "10000", "10001"], id="numbers grow past four digits"),
    ],
)
def test_listing_numbers_follow_the_last_one_issued(last_issued: int, expected: list[str]) -> None:
    assert list(islice(listing_numbers_after(last_issued), 3)) == expected


def test_listing_numbers_are_never_reused() -> None:
    issued = list(islice(listing_numbers_after(999), 500))
    assert len(set(issued)) == len(issued)
    assert all(int(number) > 999 for number in issued)


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
