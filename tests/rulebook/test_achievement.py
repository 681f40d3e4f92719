"""The reporting rules' messages (ROA-nsn)."""

from __future__ import annotations

from tohu.rulebook.achievement import NSN_MAX_DIGITS, unknown_nsn_message


def test_an_unknown_nsn_shorter_than_ten_digits_is_told_its_leading_zeros_may_be_lost() -> None:
    message = unknown_nsn_message("12345678")
    assert message.startswith("NSN 12345678 is not in the learner index.")
    assert "leading zeros" in message


def test_an_unknown_nsn_of_full_length_is_told_only_that_it_is_unknown() -> None:
    nsn = "1" * NSN_MAX_DIGITS
    assert unknown_nsn_message(nsn) == f"NSN {nsn} is not in the learner index."
