"""Rules on the title (LOR r6.1(a) and r6.2)."""

import re

from tohu.rulebook.listing import ListingDetails, fold_dashes, title_without_suffix
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes

# Every dash is folded into a hyphen before matching (`fold_dashes`): "Post–graduate" with an en
# dash is "Post-graduate". Words joined by a hyphen, a space or nothing are the same word.
_JOINED = r"[-\s]*"

# Words a title must not use where they could be confused with a qualification (LOR-6.2a).
# Each matches as a whole word, in any case, with a simple plural: "Diplomas", "masters".
# Possessives need nothing more, since the apostrophe ends the word: "Master's" matches.
# A longer word that merely contains one is a different word and is not flagged:
# "masterclass", "remastered", "international", "nationally", "nationality", "doctoral",
# "degreed". A hyphen (or any dash) does end a word, so "master-class" is flagged: NZQA judges it.
_CONFUSABLE_WORDS: dict[str, re.Pattern[str]] = {
    label: re.compile(rf"\b{pattern}\b", re.IGNORECASE)
    for label, pattern in {
        "New Zealand": rf"new{_JOINED}zealand",
        "national": r"nationals?",
        "diploma": r"diplomas?",
        "degree": r"degrees?",
        "bachelor": r"bachelors?",
        "master": r"masters?",
        "doctor": r"doctors?",
        "undergraduate": rf"under{_JOINED}graduates?",
        "postgraduate": rf"post{_JOINED}graduates?",
    }.items()
}


@computes("LOR-6.1a")
def check_title(details: ListingDetails) -> list[Problem]:
    """Check that there is a title beyond the "(Micro-credential)" suffix (LOR-6.1a).

    A title without the suffix is not at fault: `listed_title` adds it when listing.
    """
    if title_without_suffix(details.title):
        return []
    message = "The title is missing; a micro-credential needs a suitable title."
    if details.title.strip():
        message = f'The title "{details.title.strip()}" has no words before the suffix.'
    return [Problem("LOR-6.1a", message, field="title", severity=Severity.BLOCK)]


@computes("LOR-6.2a")
def confusable_words(title: str) -> list[str]:
    """Return the words in the title, as written, that could suggest a qualification."""
    folded = fold_dashes(title)
    found = (pattern.search(folded) for pattern in _CONFUSABLE_WORDS.values())
    # folding keeps every character's place, so the word is sliced from the title as written
    return [title[match.start() : match.end()] for match in found if match]


@computes("LOR-6.2a")
def check_title_words(details: ListingDetails) -> list[Problem]:
    """Flag each word in the English title that could be confused with a qualification.

    LOR-6.2a. Only the English title is checked: the listed words are English words, and a te
    reo Māori title is judged by NZQA with the rest of the listing.
    """
    return [
        Problem(
            "LOR-6.2a",
            f'The title uses "{word}", which could be confused with a qualification; '
            "NZQA decides whether it may stay.",
            field="title",
            severity=Severity.FLAG,
        )
        for word in confusable_words(details.title)
    ]


@computes("LOR-6.2b")
def check_title_names(details: ListingDetails) -> list[Problem]:
    """Flag a title declared to contain a person, organisation or product name (LOR-6.2b).

    NZQA (Universities New Zealand for universities) decides whether the justification is
    sound, so a justified name is a flag; a declared name without justification blocks.
    """
    if not details.title_names_declared:
        return []
    justification = details.title_names_justification.strip()
    if not justification:
        message = (
            "The title is declared to contain a person, organisation or product name; "
            "give the justification for it."
        )
        return [
            Problem("LOR-6.2b", message, field="title_names_justification", severity=Severity.BLOCK)
        ]
    message = (
        f'The title "{details.title}" contains a person, organisation or product name; '
        f'the justification given is: "{justification}".'
    )
    return [Problem("LOR-6.2b", message, field="title_names_justification", severity=Severity.FLAG)]
