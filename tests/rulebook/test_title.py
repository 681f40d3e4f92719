"""The title: LOR-6.1a, the listed suffix, LOR-6.2a and LOR-6.2b."""

from collections.abc import Callable
from typing import Any

import pytest

from tohu.rulebook import (
    ListingDetails,
    Severity,
    check_title,
    check_title_names,
    check_title_words,
    listed_title,
)

MakeDetails = Callable[..., ListingDetails]
BLOCK, FLAG = Severity.BLOCK, Severity.FLAG


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param("Growsafe Basic", [], id="a plain title is fine"),
        pytest.param("Growsafe Basic (Micro-credential)", [], id="a suffixed title is fine"),
        pytest.param("", [("LOR-6.1a", BLOCK)], id="an empty title is refused"),
        pytest.param("   ", [("LOR-6.1a", BLOCK)], id="a blank title is refused"),
        pytest.param(
            "(Micro-credential)", [("LOR-6.1a", BLOCK)], id="a suffix alone is not a title"
        ),
    ],
)
def test_a_listing_needs_a_title(
    make_details: MakeDetails, title: str, expected: list[tuple[str, Severity]]
) -> None:
    findings = check_title(make_details(title=title))
    assert [(f.rule_id, f.severity) for f in findings] == expected


@pytest.mark.parametrize(
    ("title", "listed"),
    [
        pytest.param("Growsafe Basic", "Growsafe Basic (Micro-credential)", id="suffix is added"),
        pytest.param(
            "Growsafe Basic (Micro-credential)",
            "Growsafe Basic (Micro-credential)",
            id="suffix is not added twice",
        ),
        pytest.param(
            "Manage first aid (micro-credential)",
            "Manage first aid (Micro-credential)",
            id="a lower-case suffix is standardised",
        ),
        pytest.param(
            "He Pātaka Reo ( Micro credential ) ",
            "He Pātaka Reo (Micro-credential)",
            id="a loosely written suffix is standardised",
        ),
        pytest.param(
            "Growsafe (Micro-credential) (Micro-credential)",
            "Growsafe (Micro-credential)",
            id="a doubled suffix is made single",
        ),
        pytest.param(
            "  Growsafe Basic  ", "Growsafe Basic (Micro-credential)", id="edges are trimmed"
        ),
    ],
)
def test_listed_titles_carry_the_suffix_once(title: str, listed: str) -> None:
    # any dash in the suffix is the hyphen too
    assert listed_title(title.replace("Micro-credential", "Micro\u2013credential")) == listed
    assert listed_title(title) == listed
    assert listed_title(listed_title(title)) == listed


CONFUSABLE_TITLES = [
    ("New Zealand Barista Skills", "New Zealand"),
    ("NEW ZEALAND barista skills", "NEW ZEALAND"),
    ("Barista skills for new  zealand cafés", "new  zealand"),
    ("National Barista Skills", "National"),
    ("Barista Nationals preparation", "Nationals"),
    ("Diploma of Coffee", "Diploma"),
    ("Two Diplomas in Coffee", "Diplomas"),
    ("Degree-level Coffee", "Degree"),
    ("Coffee for degrees", "degrees"),
    ("Bachelor of Beans", "Bachelor"),
    ("A Bachelor's Coffee", "Bachelor"),
    ("Master Barista", "Master"),
    ("master barista", "master"),
    ("MASTER BARISTA", "MASTER"),
    ("Master's Coffee", "Master"),
    ("Masters of Coffee", "Masters"),
    ("Coffee Doctor", "Doctor"),
    ("Undergraduate Coffee", "Undergraduate"),
    ("Under-graduate Coffee", "Under-graduate"),
    ("Postgraduate Coffee", "Postgraduate"),
    ("Post-graduate Coffee", "Post-graduate"),
    ("Postgraduates' Coffee", "Postgraduates"),
    ("post graduate coffee", "post graduate"),
    # every dash is read as a hyphen, and "New Zealand" however it is joined
    ("Post\u2013graduate Coffee", "Post\u2013graduate"),  # en dash
    ("Post\u2014graduate Coffee", "Post\u2014graduate"),  # em dash
    ("Under\u2011graduate Coffee", "Under\u2011graduate"),  # non-breaking hyphen
    ("Under\u2212graduate Coffee", "Under\u2212graduate"),  # minus sign
    ("Post\u00adgraduate Coffee", "Post\u00adgraduate"),  # soft hyphen
    ("Post\ufe63graduate Coffee", "Post\ufe63graduate"),  # small hyphen-minus
    ("New-Zealand Barista Skills", "New-Zealand"),
    ("New\u2013Zealand Barista Skills", "New\u2013Zealand"),
    ("NewZealand Barista Skills", "NewZealand"),
    ("Master\u2013class in pastry", "Master"),
]


@pytest.mark.parametrize(
    ("title", "word"),
    [
        pytest.param(title, word, id=f"{title!r} is flagged for {word!r}")
        for title, word in CONFUSABLE_TITLES
    ],
)
def test_title_words_that_suggest_a_qualification_are_flagged(
    make_details: MakeDetails, title: str, word: str
) -> None:
    findings = check_title_words(make_details(title=title))
    assert [(f.rule_id, f.severity) for f in findings] == [("LOR-6.2a", FLAG)]
    assert f'"{word}"' in findings[0].message


@pytest.mark.parametrize(
    "title",
    [
        pytest.param(title, id=f"{title!r} is not flagged")
        for title in [
            "Barista Skills",
            "masterclass",
            "Masterclass in pastry",
            "International Barista Skills",
            "Nationality and citizenship law",
            "Working internationally",
            "Remastered Recordings",
            "Headmaster Leadership",
            "Doctoral supervision",
            "Degreed engineering support",
            "Zealandia guiding",
            "Renewed Zealand-grown produce",
            "News \u2013 Zealandia tours",
        ]
    ],
)
def test_words_that_only_contain_a_listed_word_are_not_flagged(
    make_details: MakeDetails, title: str
) -> None:
    assert check_title_words(make_details(title=title)) == []


def test_each_confusable_word_in_a_title_is_flagged_once(make_details: MakeDetails) -> None:
    details = make_details(title="National Diploma in Master Brewing, Master Class")
    findings = check_title_words(details)
    assert [f.message.split('"')[1] for f in findings] == ["National", "Diploma", "Master"]


def test_the_te_reo_title_is_not_checked_for_english_words(make_details: MakeDetails) -> None:
    assert check_title_words(make_details(title="Coffee", title_mi="Diploma Kawhe")) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, [], id="no declared name is fine"),
        pytest.param(
            {"title_names_declared": True},
            [("LOR-6.2b", BLOCK)],
            id="a declared name without justification is refused",
        ),
        pytest.param(
            {"title_names_declared": True, "title_names_justification": "  "},
            [("LOR-6.2b", BLOCK)],
            id="a blank justification is no justification",
        ),
        pytest.param(
            {"title_names_declared": True, "title_names_justification": "Industry brand."},
            [("LOR-6.2b", FLAG)],
            id="a declared name with justification is flagged for NZQA",
        ),
        pytest.param(
            {"title_names_justification": "Not needed."},
            [],
            id="a justification without a declared name is ignored",
        ),
    ],
)
def test_names_in_titles_need_justification(
    make_details: MakeDetails, changes: dict[str, Any], expected: list[tuple[str, Severity]]
) -> None:
    findings = check_title_names(make_details(**changes))
    assert [(f.rule_id, f.severity) for f in findings] == expected
