"""Listing and version numbers (LOR-13.2, VER-1)."""

from collections.abc import Iterable, Iterator

from tohu.rulebook.registry import computes

# Today's listing numbers (the "reporting code") have four digits; new ones never have fewer,
# and grow past four digits when they must.
FIRST_LISTING_NUMBER = 1000


@computes("LOR-13.2")
def listing_numbers_after(last_issued: int) -> Iterator[str]:
    """Yield, in order, the listing numbers that may be issued after the last one (LOR-13.2).

    Numbers are never reused: each follows the last one issued, and none is shorter than four
    digits. The caller takes the first that no qualification or micro-credential holds.
    """
    number = max(last_issued + 1, FIRST_LISTING_NUMBER)
    while True:
        yield str(number)
        number += 1


@computes("VER-1")
def next_version_number(existing: Iterable[int]) -> int:
    """Return the number of a new version under the same listing number: 1 for the first (VER-1)."""
    return max([0, *existing]) + 1
