"""The status lifecycle: LOR-8.1, LOR-8.3, LOR-8.4a, LOR-8.5 and LOR-10."""

from datetime import date

import pytest

from tohu.rulebook import (
    ALLOWED_TRANSITIONS,
    ListingDates,
    ListingStatus,
    Severity,
    check_award,
    check_enrolment,
    check_status_transition,
    default_expiring_end_date,
    may_enrol,
    status_on,
)

CURRENT, EXPIRING = ListingStatus.CURRENT, ListingStatus.EXPIRING
DISCONTINUED, REMOVED = ListingStatus.DISCONTINUED, ListingStatus.REMOVED
BLOCK = Severity.BLOCK
TODAY = date(2025, 6, 30)

ALLOWED = {
    (CURRENT, EXPIRING),
    (CURRENT, DISCONTINUED),
    (CURRENT, REMOVED),
    (EXPIRING, CURRENT),
    (EXPIRING, DISCONTINUED),
    (EXPIRING, REMOVED),
    (DISCONTINUED, REMOVED),
}
RULE_KEEPING = {CURRENT: "LOR-8.1", EXPIRING: "LOR-8.3", DISCONTINUED: "LOR-8.5", REMOVED: "LOR-10"}


def test_the_transition_table_is_the_documented_one() -> None:
    table = {(old, new) for old, targets in ALLOWED_TRANSITIONS.items() for new in targets}
    assert table == ALLOWED
    assert set(ALLOWED_TRANSITIONS) == set(ListingStatus)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        pytest.param(
            old,
            new,
            id=f"{old} to {new} is {'allowed' if (old, new) in ALLOWED else 'refused'}",
        )
        for old in ListingStatus
        for new in ListingStatus
    ],
)
def test_status_moves_only_as_the_table_allows(
    current: ListingStatus, target: ListingStatus
) -> None:
    findings = check_status_transition(
        current, target, today=TODAY, end_date=date(2027, 6, 30), reason="Listed in error."
    )
    outcome = [(f.rule_id, f.severity, f.field) for f in findings]
    if (current, target) in ALLOWED:
        assert outcome == []
    else:
        assert outcome == [(RULE_KEEPING[current], BLOCK, "status")]


@pytest.mark.parametrize(
    ("end_date", "refused"),
    [
        pytest.param(None, True, id="expiring without an end date is refused"),
        pytest.param(date(2025, 6, 29), True, id="an end date yesterday is refused"),
        pytest.param(TODAY, True, id="an end date today is refused"),
        pytest.param(date(2025, 7, 1), False, id="an end date tomorrow is allowed"),
        pytest.param(date(2027, 6, 30), False, id="the default two years is allowed"),
    ],
)
def test_expiring_needs_an_end_date_after_today(end_date: date | None, refused: bool) -> None:
    findings = check_status_transition(CURRENT, EXPIRING, today=TODAY, end_date=end_date)
    expected = [("LOR-8.3", BLOCK, "end_date")] if refused else []
    assert [(f.rule_id, f.severity, f.field) for f in findings] == expected


def test_a_missing_end_date_is_refused() -> None:
    # the register gives a listing made expiring without one default_expiring_end_date's day
    (finding,) = check_status_transition(CURRENT, EXPIRING, today=TODAY)
    assert (finding.rule_id, finding.field) == ("LOR-8.3", "end_date")


@pytest.mark.parametrize(
    ("current", "reason", "refused"),
    [
        pytest.param(CURRENT, "", True, id="removing without a reason is refused"),
        pytest.param(EXPIRING, "  ", True, id="removing with a blank reason is refused"),
        pytest.param(DISCONTINUED, "Duplicate listing.", False, id="removing with a reason"),
    ],
)
def test_removal_needs_a_reason(current: ListingStatus, reason: str, refused: bool) -> None:
    findings = check_status_transition(current, REMOVED, today=TODAY, reason=reason)
    expected = [("LOR-10", BLOCK, "reason")] if refused else []
    assert [(f.rule_id, f.severity, f.field) for f in findings] == expected


@pytest.mark.parametrize(
    ("today", "years", "end"),
    [
        pytest.param(date(2025, 6, 30), 2, date(2027, 6, 30), id="two years on the same day"),
        pytest.param(date(2024, 2, 29), 2, date(2026, 2, 28), id="29 February ends on the 28th"),
        pytest.param(date(2024, 2, 29), 4, date(2028, 2, 29), id="29 February to a leap year"),
        pytest.param(date(2025, 1, 1), 1, date(2026, 1, 1), id="a configured one year"),
        pytest.param(date(9999, 1, 1), 2, date.max, id="the calendar's end stops the period"),
    ],
)
def test_default_expiring_end_date(today: date, years: int, end: date) -> None:
    assert default_expiring_end_date(today, years=years) == end


LIFE = ListingDates(
    listed_on=date(2023, 3, 1),
    expiring_from=date(2024, 7, 1),
    end_date=date(2026, 6, 30),
)


@pytest.mark.parametrize(
    ("day", "dates", "status"),
    [
        pytest.param(date(2023, 2, 28), LIFE, None, id="not listed the day before listing"),
        pytest.param(date(2023, 3, 1), LIFE, CURRENT, id="current from the listing day"),
        pytest.param(date(2024, 6, 30), LIFE, CURRENT, id="current the day before expiring"),
        pytest.param(date(2024, 7, 1), LIFE, EXPIRING, id="expiring from its first day"),
        pytest.param(date(2026, 6, 30), LIFE, EXPIRING, id="expiring on the end date"),
        pytest.param(
            date(2026, 7, 1), LIFE, DISCONTINUED, id="discontinued the day after the end date"
        ),
        pytest.param(
            date(2024, 9, 1),
            ListingDates(listed_on=date(2023, 3, 1), discontinued_on=date(2024, 9, 1)),
            DISCONTINUED,
            id="discontinued from the day NZQA discontinues it",
        ),
        pytest.param(
            date(2025, 1, 1),
            ListingDates(
                listed_on=date(2023, 3, 1),
                expiring_from=date(2024, 7, 1),
                end_date=date(2026, 6, 30),
                discontinued_on=date(2024, 12, 1),
            ),
            DISCONTINUED,
            id="discontinued early while expiring",
        ),
        pytest.param(
            date.max,
            ListingDates(listed_on=date(2023, 3, 1), expiring_from=date.max, end_date=date.max),
            EXPIRING,
            id="an expiring period ending on the calendar's last day never ends",
        ),
        pytest.param(
            date(2023, 5, 1),
            ListingDates(listed_on=date(2023, 3, 1), removed_on=date(2023, 5, 1)),
            REMOVED,
            id="removed from the day of removal",
        ),
    ],
)
def test_status_on_a_day(day: date, dates: ListingDates, status: ListingStatus | None) -> None:
    assert status_on(day, dates) == status


@pytest.mark.parametrize(
    ("status", "rule_id"),
    [
        pytest.param(CURRENT, None, id="a current listing takes enrolments"),
        pytest.param(EXPIRING, "LOR-8.4a", id="an expiring listing takes no new enrolments"),
        pytest.param(DISCONTINUED, "LOR-8.5", id="a discontinued listing is not offered"),
        pytest.param(REMOVED, "LOR-10", id="a removed listing takes no enrolments"),
        pytest.param(None, "LOR-8.1", id="an unlisted micro-credential takes no enrolments"),
    ],
)
def test_only_current_listings_take_new_enrolments(
    status: ListingStatus | None, rule_id: str | None
) -> None:
    findings = check_enrolment(status)
    assert [f.rule_id for f in findings] == ([rule_id] if rule_id else [])
    assert all(f.severity is BLOCK for f in findings)
    assert may_enrol(status) is (rule_id is None)


DISCONTINUED_LIFE = ListingDates(listed_on=date(2023, 3, 1), discontinued_on=date(2025, 3, 1))


@pytest.mark.parametrize(
    ("completed", "dates", "rule_id"),
    [
        pytest.param(date(2023, 2, 28), LIFE, "ROA-status", id="completed before listing"),
        pytest.param(date(2023, 3, 1), LIFE, None, id="completed on the listing day"),
        pytest.param(date(2025, 1, 1), LIFE, None, id="completed while expiring"),
        pytest.param(date(2026, 6, 30), LIFE, None, id="completed on the last expiring day"),
        pytest.param(date(2026, 7, 1), LIFE, "LOR-8.5", id="completed after the end date"),
        pytest.param(
            date(2025, 2, 28), DISCONTINUED_LIFE, None, id="completed the day before discontinuing"
        ),
        pytest.param(
            date(2025, 3, 1),
            DISCONTINUED_LIFE,
            "LOR-8.5",
            id="completed on the day of discontinuing",
        ),
        pytest.param(
            date(2025, 3, 2), DISCONTINUED_LIFE, "LOR-8.5", id="completed after discontinuing"
        ),
        pytest.param(
            date(2023, 4, 1),
            ListingDates(listed_on=date(2023, 3, 1), removed_on=date(2024, 1, 1)),
            "LOR-10",
            id="completed before a removal is still not awarded",
        ),
    ],
)
def test_award_depends_on_the_status_when_completed(
    completed: date, dates: ListingDates, rule_id: str | None
) -> None:
    today = date(2026, 12, 1)
    findings = check_award(completed, dates, today=today)
    assert [(f.rule_id, f.severity) for f in findings] == ([(rule_id, BLOCK)] if rule_id else [])


def test_a_listing_discontinued_today_still_awards_earlier_completions() -> None:
    today = DISCONTINUED_LIFE.discontinued_on
    assert today is not None
    assert status_on(today, DISCONTINUED_LIFE) is DISCONTINUED
    assert check_award(date(2024, 11, 5), DISCONTINUED_LIFE, today=today) == []
