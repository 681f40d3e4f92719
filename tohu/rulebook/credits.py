"""Credits and notional learning hours (LOR-3-credit): one credit is 10 hours."""

from tohu.rulebook.registry import computes

HOURS_PER_CREDIT = 10


@computes("LOR-3-credit")
def credits_from_hours(notional_hours: int | None) -> int | None:
    """Return the credits the notional hours give, or None when they give no whole number.

    LOR-3-credit: hours must make whole credits; hours that leave a part credit give none.
    """
    if notional_hours is None or notional_hours % HOURS_PER_CREDIT:
        return None
    return notional_hours // HOURS_PER_CREDIT


@computes("LOR-3-credit")
def hours_for_credits(credits: int) -> int:
    """Return the notional learning hours a credit value stands for (LOR-3-credit)."""
    return credits * HOURS_PER_CREDIT
