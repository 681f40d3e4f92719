"""TRANS-2025: the classifier of the 2025 review and the schemes' due dates."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tohu.rulebook import (
    Cohort,
    SchemeFacts,
    Scope,
    classify_micro_credential,
    classify_scheme,
    scheme_review_due,
)

DOMESTIC, INTERNATIONAL = Cohort.DOMESTIC, Cohort.INTERNATIONAL
CUTOVER = date(2023, 1, 16)
START = date(2025, 1, 1)


def _domestic(weeks: int, **topics: bool) -> SchemeFacts:
    return SchemeFacts(DOMESTIC, weeks, **topics)


def _international(weeks: int, **topics: bool) -> SchemeFacts:
    return SchemeFacts(INTERNATIONAL, weeks, **topics)


FIRST_AID, ENGLISH = {"basic_first_aid": True}, {"english_language": True}

CLASSIFIED = [
    ("domestic first aid", _domestic(1, **FIRST_AID), Scope.LATER, "first aid"),
    ("domestic forklift", _domestic(2), Scope.NOW, "domestic learners"),
    ("domestic long course", _domestic(40), Scope.NOW, "domestic learners"),
    ("domestic English", _domestic(8, **ENGLISH), Scope.NOW, "domestic"),
    ("international 8 weeks English", _international(8, **ENGLISH), Scope.LATER, "English"),
    ("international 8 weeks barista", _international(8), Scope.NOW, "shorter than 12"),
    ("international 11 weeks", _international(11), Scope.NOW, "shorter than 12"),
    ("international 12 weeks", _international(12), Scope.FLAGGED, "a person decides"),
    ("international 13 weeks", _international(13), Scope.LATER, "longer than 12"),
    ("international 20 weeks", _international(20), Scope.LATER, "longer than 12"),
    ("international first aid", _international(4, **FIRST_AID), Scope.NOW, "shorter"),
    ("international 12 weeks English", _international(12, **ENGLISH), Scope.LATER, "English"),
]


@pytest.mark.parametrize(("name", "facts", "scope", "words"), CLASSIFIED)
def test_each_scheme_is_classified_with_its_reason_and_rule(
    name: str, facts: SchemeFacts, scope: Scope, words: str
) -> None:
    found = classify_scheme(facts)
    assert found.scope is scope, name
    assert found.rule_id == "TRANS-2025"
    assert words in found.reason
    assert "TRANS-2025" in found.reason


@pytest.mark.parametrize(
    ("approved_on", "scope"),
    [
        (date(2022, 6, 1), Scope.NOW),
        (date(2023, 1, 15), Scope.NOW),
        (date(2023, 1, 16), Scope.NOT_IN_REVIEW),
        (date(2024, 5, 1), Scope.NOT_IN_REVIEW),
    ],
)
def test_a_micro_credential_is_in_the_review_only_if_approved_under_older_rules(
    approved_on: date, scope: Scope
) -> None:
    found = classify_micro_credential(first_approved_on=approved_on, cutover_2022=CUTOVER)
    assert found.scope is scope
    assert "TRANS-2025 (c)" in found.reason


def test_labels_say_the_classification_in_words() -> None:
    assert classify_scheme(SchemeFacts(DOMESTIC, 2)).label == "Review now"
    assert classify_scheme(SchemeFacts(INTERNATIONAL, 20)).label == "Later review"


@pytest.mark.parametrize(
    ("first_approved_on", "due_on"),
    [
        (date(2013, 6, 10), date(2025, 6, 10)),  # NZQA's own example
        (date(2019, 1, 1), date(2025, 1, 1)),  # on the first day itself
        (date(2018, 12, 31), date(2025, 12, 31)),
        (date(2012, 2, 29), date(2025, 2, 28)),  # a leap-day anniversary in a common year
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2024, 11, 5), date(2025, 11, 5)),
        (date(2025, 3, 1), date(2026, 3, 1)),  # approved during the review: a year on
    ],
)
def test_a_scheme_is_due_on_the_first_anniversary_of_its_approval_in_the_review(
    first_approved_on: date, due_on: date
) -> None:
    assert scheme_review_due(first_approved_on, start=START) == due_on


def test_a_leap_day_anniversary_stays_on_29_february_in_a_leap_year() -> None:
    assert scheme_review_due(date(2016, 2, 29), start=date(2028, 1, 1)) == date(2028, 2, 29)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_every_scheme_falls_due_within_a_year_of_the_start_and_after_approval(day: date) -> None:
    due = scheme_review_due(day, start=START)
    assert due >= date(2025, 1, 1)
    assert due > day
    assert (due.month, due.day) in {(day.month, day.day), (2, 28)}


@given(st.sampled_from(list(Cohort)), st.integers(1, 520), st.booleans(), st.booleans())
def test_the_classifier_always_answers_with_a_reason(
    cohort: Cohort, weeks: int, first_aid: bool, english: bool
) -> None:
    found = classify_scheme(SchemeFacts(cohort, weeks, first_aid, english))
    assert found.scope in {Scope.NOW, Scope.LATER, Scope.FLAGGED}
    assert found.reason


@pytest.mark.parametrize(
    ("first_approved_on", "start", "due_on"),
    [
        # the anniversary in the start's year fell before the review began: the next one
        (date(2013, 6, 10), date(2025, 7, 1), date(2026, 6, 10)),
        (date(2012, 2, 29), date(2025, 3, 1), date(2026, 2, 28)),
        # on the start day itself it is that day, not a year on
        (date(2013, 7, 1), date(2025, 7, 1), date(2025, 7, 1)),
    ],
)
def test_a_review_that_begins_after_this_year_s_anniversary_is_due_on_the_next(
    first_approved_on: date, start: date, due_on: date
) -> None:
    assert scheme_review_due(first_approved_on, start=start) == due_on
