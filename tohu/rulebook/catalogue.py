"""The rules this package applies, by id, as domain/rules.md names them."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from tohu.rulebook.findings import Severity


class RuleSummary(NamedTuple):
    """A rule's usual severity and a short title to show beside its findings."""

    severity: Severity
    title: str


_BLOCK, _FLAG, _INFO = Severity.BLOCK, Severity.FLAG, Severity.INFO

# Sections 1 to 3 of domain/rules.md, and the rules from later sections that findings here cite.
RULES: Mapping[str, RuleSummary] = MappingProxyType(
    {
        "LOR-3-credit": RuleSummary(_BLOCK, "One credit is 10 notional learning hours"),
        "LOR-3-level": RuleSummary(_BLOCK, "Level is an NZQCF level, 1 to 10"),
        "MC-size": RuleSummary(_BLOCK, "A micro-credential is 1 to 40 credits"),
        "MC-size-pre2022": RuleSummary(_INFO, "Before the 2022 rules the range was 5 to 40"),
        "LOR-6.1a": RuleSummary(_BLOCK, "A suitable title"),
        "LOR-6.1b": RuleSummary(_BLOCK, "Credit value and level"),
        "LOR-6.1c": RuleSummary(_BLOCK, "A six-digit NZSCED field-of-study code"),
        "LOR-6.1d": RuleSummary(_BLOCK, "A purpose and outcome statement"),
        "LOR-6.1e": RuleSummary(_BLOCK, "The name of the appointed developer"),
        "LOR-6.1f": RuleSummary(_BLOCK, "Any standards used"),
        "LOR-6.1g": RuleSummary(_BLOCK, "A review period of 1, 2 or 3 years"),
        "LOR-6.2a": RuleSummary(_FLAG, "No title words that suggest a qualification"),
        "LOR-6.2b": RuleSummary(_FLAG, "No names in the title without sound justification"),
        "LOR-7": RuleSummary(_BLOCK, "A listing in te reo Māori also has an English description"),
        "LOR-14.2": RuleSummary(_BLOCK, "The listing says if Te Hono o Te Kahurangi was used"),
        "TEHONO": RuleSummary(_BLOCK, "Te Hono o Te Kahurangi needs a self-reflective summary"),
        "LOR-8.1": RuleSummary(_BLOCK, "Only the quality assurer assigns a status"),
        "LOR-8.3": RuleSummary(_BLOCK, "Expiring status carries an end date"),
        "LOR-8.4a": RuleSummary(_BLOCK, "No new enrolments while expiring"),
        "LOR-8.5": RuleSummary(_BLOCK, "Discontinued: awarded only if completed before"),
        "LOR-10": RuleSummary(_BLOCK, "A listing made by mistake is removed, with the reason"),
        "LOR-13.2": RuleSummary(_BLOCK, "A unique listing number"),
        "VER-1": RuleSummary(_BLOCK, "A change makes a new version under the same number"),
        "ROA-status": RuleSummary(_BLOCK, "Achieved while the micro-credential could be awarded"),
    }
)
