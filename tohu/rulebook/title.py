"""Rules on the title (LOR r6.1(a) and r6.2)."""

import re

from tohu.rulebook.findings import Finding, Severity
from tohu.rulebook.listing import ListingDetails, title_without_suffix

_HYPHEN = r"[-\u2010\u2011\s]?"

# Words a title must not use where they could be confused with a qualification (LOR-6.2a).
# Each matches as a whole word, in any case, with a simple plural: "Diplomas", "masters".
# Possessives need nothing more, since the apostrophe ends the word: "Master's" matches.
# A longer word that merely contains one is a different word and is not flagged:
# "masterclass", "remastered", "international", "nationally", "nationality", "doctoral",
# "degreed". A hyphen does end a word, so "master-class" is flagged: NZQA judges it.
_CONFUSABLE_WORDS: dict[str, re.Pattern[str]] = {
    label: re.compile(rf"\b{pattern}\b", re.IGNORECASE)
    for label, pattern in {
        "New Zealand": r"new\s+zealand",
        "national": r"nationals?",
        "diploma": r"diplomas?",
        "degree": r"degrees?",
        "bachelor": r"bachelors?",
        "master": r"masters?",
        "doctor": r"doctors?",
        "undergraduate": rf"under{_HYPHEN}graduates?",
        "postgraduate": rf"post{_HYPHEN}graduates?",
    }.items()
}


def check_title(details: ListingDetails) -> list[Finding]:
    """Check that there is a title beyond the "(Micro-credential)" suffix (LOR-6.1a).

    A title without the suffix is not at fault: `listed_title` adds it when listing.
    """
    if title_without_suffix(details.title):
        return []
    message = "The title is missing; a micro-credential needs a suitable title."
    if details.title.strip():
        message = f'The title "{details.title.strip()}" has no words before the suffix.'
    return [Finding("LOR-6.1a", Severity.BLOCK, "title", message)]


def confusable_words(title: str) -> list[str]:
    """Return the words in the title, as written, that could suggest a qualification."""
    found = (pattern.search(title) for pattern in _CONFUSABLE_WORDS.values())
    return [match.group(0) for match in found if match]


def check_title_words(details: ListingDetails) -> list[Finding]:
    """Flag each word in the English title that could be confused with a qualification.

    LOR-6.2a. Only the English title is checked: the listed words are English words, and a te
    reo Māori title is judged by NZQA with the rest of the listing.
    """
    return [
        Finding(
            "LOR-6.2a",
            Severity.FLAG,
            "title",
            f'The title uses "{word}", which could be confused with a qualification; '
            "NZQA decides whether it may stay.",
        )
        for word in confusable_words(details.title)
    ]


def check_title_names(details: ListingDetails) -> list[Finding]:
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
        return [Finding("LOR-6.2b", Severity.BLOCK, "title_names_justification", message)]
    message = (
        f'The title "{details.title}" contains a person, organisation or product name; '
        f'the justification given is: "{justification}".'
    )
    return [Finding("LOR-6.2b", Severity.FLAG, "title_names_justification", message)]
