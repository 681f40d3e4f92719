"""Listing and version numbers (LOR-13.2, VER-1)."""

import re
from collections.abc import Iterable

# Today's listing numbers (the "reporting code") have four digits; new ones never have fewer,
# and grow past four digits when they must.
FIRST_LISTING_NUMBER = 1000

_LISTING_NUMBER = re.compile(r"[0-9]+")


def next_listing_number(existing: Iterable[str]) -> str:
    """Return a new listing number, one past the highest numeric one in use (LOR-13.2).

    Pass every listing number in use, for qualifications and micro-credentials alike. Numbers
    are never reused, so gaps are not filled; entries that are not all digits are ignored.
    """
    numbers = (int(number) for number in existing if _LISTING_NUMBER.fullmatch(number))
    return str(max(max(numbers, default=0) + 1, FIRST_LISTING_NUMBER))


def next_version_number(existing: Iterable[int]) -> int:
    """Return the number of a new version under the same listing number: 1 for the first (VER-1)."""
    return max([0, *existing]) + 1
