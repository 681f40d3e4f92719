"""The listing details an application proposes, as the rules see them (LOR r6.1)."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from tohu.rulebook.credits import credits_from_hours
from tohu.rulebook.registry import computes

LISTED_TITLE_SUFFIX = "(Micro-credential)"

# Applicants write the suffix in several ways: "(micro-credential)", "(Micro credential)", ...
# A title pasted from a listing may even carry it twice.
_SUFFIX = re.compile(r"(?:\s*\(\s*micro[-\s]?credential\s*\))+\s*$", re.IGNORECASE)

# Besides Unicode's dash punctuation: the minus sign and the soft hyphen word processors insert.
_OTHER_DASHES = frozenset("\u2212\u00ad")


def fold_dashes(text: str) -> str:
    """Return the text with every kind of dash written as a hyphen, one character for one.

    Titles arrive with en dashes, non-breaking hyphens and minus signs from word processors
    ("Post–graduate"); the rules read them all as the hyphen.
    """
    if text.isascii():
        return text
    return "".join(
        "-" if char in _OTHER_DASHES or unicodedata.category(char) == "Pd" else char
        for char in text
    )


@dataclass(frozen=True, kw_only=True)
class ListingDetails:
    """The details of a proposed listing or change, free of any storage concern.

    The five purpose parts are the English purpose and outcome statement (LOR r6.1(d)); part (iv),
    education pathways, may be "none" or empty. `purpose_mi` is the statement in te reo Māori.
    """

    title: str
    title_mi: str = ""
    level: int | None
    credits: int | None
    notional_hours: int | None = None
    nzsced_code: str
    purpose_i: str
    purpose_ii: str
    purpose_iii: str
    purpose_iv: str
    purpose_v: str
    purpose_mi: str = ""
    in_te_reo_maori: bool = False
    developer_name: str
    standards_used: tuple[str, ...] = ()
    review_period_years: int | None
    review_period_set_by_quality_assurer: bool = False
    title_names_declared: bool = False
    title_names_justification: str = ""
    te_hono: bool = False
    te_hono_summary: str = ""
    legacy: bool = False
    approved_on: date | None = None

    @property
    def credit_value(self) -> int | None:
        """Return the credits given, or those the notional hours give when credits are absent.

        Hours that give no whole number of credits give no credit value (LOR-3-credit).
        """
        if self.credits is not None:
            return self.credits
        return credits_from_hours(self.notional_hours)


@computes("LOR-6.1a")
def title_without_suffix(title: str) -> str:
    """Return the title without any "(Micro-credential)" suffix, however it was written."""
    match = _SUFFIX.search(fold_dashes(title))
    return (title[: match.start()] if match else title).strip()


@computes("LOR-6.1a")
def listed_title(title: str) -> str:
    """Return the title as listed: ending in "(Micro-credential)" exactly once (LOR-6.1a).

    A suffix already there, in any capitalisation or spacing, is replaced by the standard one.
    """
    base = title_without_suffix(title)
    return f"{base} {LISTED_TITLE_SUFFIX}" if base else LISTED_TITLE_SUFFIX
