"""Every rule id of domain/rules.md, with its usual severity and a short title.

`docs/rules.md` says what each rule requires, where it comes from and which function computes
it; a test keeps that table, this catalogue and the registry (`tohu.rulebook.registry`) in step.
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from tohu.rulebook.problems import Severity


class RuleSummary(NamedTuple):
    """A rule's usual severity and a short title to show beside its findings."""

    severity: Severity
    title: str


_BLOCK, _FLAG, _INFO = Severity.BLOCK, Severity.FLAG, Severity.INFO

RULES: Mapping[str, RuleSummary] = MappingProxyType(
    {
        # 1. Units, level, size
        "LOR-3-credit": RuleSummary(_BLOCK, "One credit is 10 notional learning hours"),
        "LOR-3-level": RuleSummary(_BLOCK, "Level is an NZQCF level, 1 to 10"),
        "MC-size": RuleSummary(_BLOCK, "A micro-credential is 1 to 40 credits"),
        "MC-size-pre2022": RuleSummary(_INFO, "Before the 2022 rules the range was 5 to 40"),
        # 2. Listing details
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
        # 3. Status lifecycle
        "LOR-8.1": RuleSummary(_BLOCK, "Only the quality assurer assigns a status"),
        "LOR-8.3": RuleSummary(_BLOCK, "Expiring status carries an end date"),
        "LOR-8.4a": RuleSummary(_BLOCK, "No new enrolments while expiring"),
        "LOR-8.5": RuleSummary(_BLOCK, "Discontinued: awarded only if completed before"),
        "LOR-10": RuleSummary(_BLOCK, "A listing made by mistake is removed, with the reason"),
        "LOR-13.2": RuleSummary(_BLOCK, "A unique listing number"),
        "VER-1": RuleSummary(_BLOCK, "A change makes a new version under the same number"),
        # 4. Who may apply, approval, accreditation
        "APP-who": RuleSummary(_BLOCK, "Who may apply for what"),
        "APP-types": RuleSummary(_INFO, "The four kinds of application"),
        "APP-acc-only": RuleSummary(_BLOCK, "Accreditation only needs a current listing"),
        "LOR-13.1": RuleSummary(_INFO, "A request for further information waits for the reply"),
        "LOR-13.3": RuleSummary(_INFO, "Declined with reasons"),
        "MAAR-approval": RuleSummary(_INFO, "The approval criteria"),
        "MAAR-accreditation": RuleSummary(_INFO, "The accreditation criteria"),
        "MAAR-consent": RuleSummary(_FLAG, "Accreditation grants consent to assess its standards"),
        "WDC-support": RuleSummary(_FLAG, "A support letter from the WDC or ISB"),
        "TEHONO": RuleSummary(_BLOCK, "Te Hono o Te Kahurangi needs a self-reflective summary"),
        "FEE-hourly": RuleSummary(_INFO, "Evaluation is charged by the hour"),
        "CONDITIONS": RuleSummary(_BLOCK, "Conditions have due dates; endings have reasons"),
        # 5. Reviews
        "REV-period": RuleSummary(_BLOCK, "The next review is due one review period on"),
        "REV-dev": RuleSummary(_BLOCK, "What a developer's review answers"),
        "REV-prov": RuleSummary(_BLOCK, "What a provider's review answers"),
        "REV-form": RuleSummary(_BLOCK, "One review report; its outcome drives the status"),
        "REV-remind": RuleSummary(_FLAG, "Prompts before a review is due; overdue is flagged"),
        "TRANS-2025": RuleSummary(_BLOCK, "The 2025 review of older micro-credentials and schemes"),
        # 6. Reporting achievement
        "ROA-fields": RuleSummary(_BLOCK, "What a completion report carries"),
        "ROA-nsn": RuleSummary(_BLOCK, "A National Student Number the learner index knows"),
        "LOR-18.2": RuleSummary(_BLOCK, "Who may award"),
        "ROA-status": RuleSummary(_BLOCK, "Achieved while the micro-credential could be awarded"),
        "ROA-date": RuleSummary(_BLOCK, "Not in the future, not before the first listing"),
        "ROA-3m": RuleSummary(_FLAG, "Reported within 3 months of completion"),
        "ROA-dup": RuleSummary(_BLOCK, "One completion per learner, listing and version"),
        "ROA-total": RuleSummary(_INFO, "Each micro-credential counts once in a learner's totals"),
        "ROA-correct": RuleSummary(_BLOCK, "Corrections keep the earlier record, with a reason"),
        "ROA-fee": RuleSummary(_INFO, "The credit reporting fee on completions"),
        # 7. Statements of equivalency
        "EQV-who": RuleSummary(_BLOCK, "Only organisations outside the tertiary system apply"),
        "EQV-out": RuleSummary(_BLOCK, "A statement gives a level and a credit value"),
        "EQV-fee": RuleSummary(_INFO, "The fee for one statement or a bundle"),
        "EQV-time": RuleSummary(_FLAG, "A decision within 20 working days"),
        "EQV-window": RuleSummary(_BLOCK, "Applications closed; the register is archived"),
    }
)
