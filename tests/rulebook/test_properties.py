"""Property tests: any input gives findings, never a crash."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tohu.rulebook import (
    DEFAULTS,
    RULES,
    ListingDates,
    ListingDetails,
    ListingStatus,
    Problem,
    Severity,
    check_award,
    check_listing,
    check_status_transition,
    listed_title,
    listing_numbers_after,
    status_on,
)

maybe_int = st.none() | st.integers()
text = st.text()

listing_details = st.builds(
    ListingDetails,
    title=text,
    title_mi=text,
    level=maybe_int,
    credits=maybe_int,
    notional_hours=maybe_int,
    nzsced_code=text,
    purpose_i=text,
    purpose_ii=text,
    purpose_iii=text,
    purpose_iv=text,
    purpose_v=text,
    purpose_mi=text,
    in_te_reo_maori=st.booleans(),
    developer_name=text,
    standards_used=st.lists(text).map(tuple),
    review_period_years=maybe_int,
    review_period_set_by_quality_assurer=st.booleans(),
    title_names_declared=st.booleans(),
    title_names_justification=text,
    te_hono=st.booleans(),
    te_hono_summary=text,
    legacy=st.booleans(),
    approved_on=st.none() | st.dates(),
)


def _well_formed(findings: list[Problem]) -> bool:
    return all(
        isinstance(finding, Problem)
        and finding.rule_id in RULES
        and isinstance(finding.severity, Severity)
        and finding.message
        for finding in findings
    )


@given(
    details=listing_details,
    on=st.dates(),
    known=st.none() | st.frozensets(st.text(alphabet="0123456789", min_size=6, max_size=6)),
)
def test_any_listing_gives_well_formed_findings(
    details: ListingDetails, on: date, known: frozenset[str] | None
) -> None:
    findings = check_listing(
        details, on=on, known_nzsced_codes=known, cutover_2022=DEFAULTS.rules_2022_cutover
    )
    assert _well_formed(findings)


@given(title=text)
def test_listed_title_adds_the_suffix_exactly_once(title: str) -> None:
    listed = listed_title(title)
    assert listed.endswith("(Micro-credential)")
    assert listed_title(listed) == listed


@given(last_issued=st.integers(min_value=0, max_value=10**12))
def test_listing_numbers_are_new_numeric_and_at_least_four_digits(last_issued: int) -> None:
    number = next(listing_numbers_after(last_issued))
    assert number.isascii()
    assert number.isdigit()
    assert len(number) >= 4
    assert int(number) > last_issued


@given(
    current=st.sampled_from(ListingStatus),
    target=st.sampled_from(ListingStatus),
    today=st.dates(),
    end_date=st.none() | st.dates(),
    reason=text,
)
def test_any_status_transition_gives_well_formed_findings(
    current: ListingStatus,
    target: ListingStatus,
    today: date,
    end_date: date | None,
    reason: str,
) -> None:
    findings = check_status_transition(
        current, target, today=today, end_date=end_date, reason=reason
    )
    assert _well_formed(findings)


@given(
    completed=st.dates(),
    today=st.dates(),
    listed_on=st.dates(),
    others=st.lists(st.none() | st.dates(), min_size=4, max_size=4),
)
def test_any_award_gives_well_formed_findings(
    completed: date, today: date, listed_on: date, others: list[date | None]
) -> None:
    expiring_from, end_date, discontinued_on, removed_on = others
    dates = ListingDates(
        listed_on=listed_on,
        expiring_from=expiring_from,
        end_date=end_date,
        discontinued_on=discontinued_on,
        removed_on=removed_on,
    )
    assert _well_formed(check_award(completed, dates, today=today))
    assert status_on(completed, dates) in {*ListingStatus, None}
