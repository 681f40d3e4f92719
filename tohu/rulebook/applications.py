"""Who may apply for what, and the criteria an evaluator judges (APP-who, APP-types, MAAR, EQV-who).

Organisation types are the plain strings of `tohu.organisations.models.OrganisationType`; this
module stays free of Django.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tohu.rulebook.dates import day_text
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes

# WDCs and Te Pūkenga stopped at the end of 2025; Industry Skills Boards took over from 2026.
WDC_LAST_DAY = date(2025, 12, 31)
TE_PUKENGA_LAST_DAY = date(2025, 12, 31)
ISB_FIRST_DAY = date(2026, 1, 1)


@computes("APP-types")
class ApplicationType(StrEnum):
    """APP-types, and the statement of equivalency (EQV)."""

    LISTING_APPROVAL = "listing_approval"
    LISTING_APPROVAL_ACCREDITATION = "listing_approval_accreditation"
    ACCREDITATION = "accreditation"
    CHANGE = "change"
    EQUIVALENCY = "equivalency"


TYPE_LABELS: dict[ApplicationType, str] = {
    ApplicationType.LISTING_APPROVAL: "Listing and approval",
    ApplicationType.LISTING_APPROVAL_ACCREDITATION: "Listing, approval and accreditation",
    ApplicationType.ACCREDITATION: "Accreditation only",
    ApplicationType.CHANGE: "Change to a listed micro-credential",
    ApplicationType.EQUIVALENCY: "Statement of equivalency",
}

# Tertiary education organisations that develop and deliver (ITPs, wānanga, PTEs, GTEs).
_TEOS = frozenset({"itp", "wananga", "pte", "gte"})
_NON_TERTIARY = frozenset({"employer", "professional_body", "overseas_provider", "other"})


def _dated(org_type: str, on: date) -> bool:
    """Say whether an organisation type that exists only for a while may act on the day."""
    if org_type in ("wdc", "te_pukenga"):
        return on <= (WDC_LAST_DAY if org_type == "wdc" else TE_PUKENGA_LAST_DAY)
    if org_type == "isb":
        return on >= ISB_FIRST_DAY
    return True


@computes("APP-who", "EQV-who")
def who_may_apply(application_type: ApplicationType, on: date) -> frozenset[str]:
    """Return the organisation types that may make the application on the day (APP-who, EQV-who)."""
    developers = _TEOS | {"te_pukenga", "university", "nzqa", "wdc", "isb"}
    providers = _TEOS | {"te_pukenga", "university"}
    allowed: dict[ApplicationType, frozenset[str]] = {
        ApplicationType.LISTING_APPROVAL: frozenset(developers),
        ApplicationType.LISTING_APPROVAL_ACCREDITATION: frozenset(providers),
        # standard-setting bodies can't deliver; schools and kura can be accredited
        ApplicationType.ACCREDITATION: frozenset(providers | {"school"}),
        ApplicationType.CHANGE: frozenset(developers),
        ApplicationType.EQUIVALENCY: _NON_TERTIARY,
    }
    return frozenset(t for t in allowed[application_type] if _dated(t, on))


def _refusal_reason(application_type: ApplicationType, org_type: str, on: date) -> str:
    if application_type is ApplicationType.EQUIVALENCY:
        return (
            "Only organisations that are not New Zealand tertiary education organisations "
            "(employers, professional and regulatory bodies, overseas providers) may ask for a "
            "statement of equivalency."
        )
    if org_type in ("wdc", "isb") and application_type in (
        ApplicationType.ACCREDITATION,
        ApplicationType.LISTING_APPROVAL_ACCREDITATION,
    ):
        return "Standard-setting bodies cannot deliver micro-credentials, so are never accredited."
    if org_type == "wdc":
        return f"Workforce Development Councils could apply until {day_text(WDC_LAST_DAY)}."
    if org_type == "te_pukenga":
        return f"Te Pūkenga could apply until {day_text(TE_PUKENGA_LAST_DAY)}."
    if org_type == "isb":
        return f"Industry Skills Boards apply from {day_text(ISB_FIRST_DAY)}."
    label = TYPE_LABELS[application_type].lower()
    return f"This kind of organisation may not apply for {label}."


@computes("APP-who", "EQV-who", "EQV-window")
def check_may_apply(
    application_type: ApplicationType,
    org_type: str,
    *,
    on: date,
    equivalency_last_day: date | None = None,
) -> list[Problem]:
    """Check that the organisation type may make the application on the day (APP-who, EQV-who).

    Universities may apply: NZQA lists, and Universities New Zealand approves and accredits, so
    the finding for them is a flag naming who decides. Equivalency applications close after
    `equivalency_last_day` (EQV-window, a policy date).
    """
    rule_id = "EQV-who" if application_type is ApplicationType.EQUIVALENCY else "APP-who"
    if org_type not in who_may_apply(application_type, on):
        message = _refusal_reason(application_type, org_type, on)
        return [Problem(rule_id, message, field="application_type", severity=Severity.BLOCK)]
    findings: list[Problem] = []
    if (
        application_type is ApplicationType.EQUIVALENCY
        and equivalency_last_day is not None
        and on > equivalency_last_day
    ):
        closed = day_text(equivalency_last_day)
        message = f"Applications for statements of equivalency closed on {closed}."
        findings.append(
            Problem("EQV-window", message, field="application_type", severity=Severity.BLOCK)
        )
    if org_type == "university" and application_type is not ApplicationType.EQUIVALENCY:
        message = (
            "NZQA lists a university's micro-credential; Universities New Zealand approves and "
            "accredits it, and only after it is listed."
        )
        findings.append(
            Problem("APP-who", message, field="application_type", severity=Severity.FLAG)
        )
    return findings


@computes("APP-who")
def decided_by_universities_nz(org_type: str) -> bool:
    """Universities New Zealand, not NZQA, decides a university's approval and accreditation."""
    return org_type == "university"


class Judgement(StrEnum):
    """An evaluator's verdict on one criterion (MAAR)."""

    MET = "met"
    NOT_MET = "not_met"
    MET_WITH_CONDITIONS = "met_with_conditions"


@dataclass(frozen=True)
class Criterion:
    """One criterion an evaluator judges, with the rule it comes from."""

    code: str
    rule_id: str
    title: str


APPROVAL_CRITERIA: tuple[Criterion, ...] = (
    Criterion("approval-1", "MAAR-approval", "1 Title and learning outcomes"),
    Criterion("approval-2", "MAAR-approval", "2 Need and acceptability"),
    Criterion("approval-3", "MAAR-approval", "3 Requirements and assessment"),
    Criterion("approval-4", "MAAR-approval", "4 Review arrangements"),
)
ACCREDITATION_CRITERIA: tuple[Criterion, ...] = (
    Criterion("accreditation-1", "MAAR-accreditation", "1 Delivery"),
    Criterion("accreditation-2", "MAAR-accreditation", "2 Assessment and moderation"),
    Criterion("accreditation-3", "MAAR-accreditation", "3 Resources and staff capability"),
    Criterion("accreditation-4", "MAAR-accreditation", "4 Learner support and administration"),
)
APPROVAL_HOLDER_SUPPORT = Criterion(
    "accreditation-5", "MAAR-accreditation", "5 Support from the approval holder"
)
EQUIVALENCY_CRITERIA: tuple[Criterion, ...] = (
    Criterion("equivalency-level", "EQV-out", "NZQCF level"),
    Criterion("equivalency-credits", "EQV-out", "Credit value from notional hours"),
)


@computes("MAAR-approval", "MAAR-accreditation")
def criteria_for(
    application_type: ApplicationType, *, holds_approval: bool = True
) -> tuple[Criterion, ...]:
    """Return the criteria an evaluator judges for the application type.

    An accreditation applicant who does not hold the approval also needs the holder's support.
    """
    accreditation = ACCREDITATION_CRITERIA + (() if holds_approval else (APPROVAL_HOLDER_SUPPORT,))
    by_type: dict[ApplicationType, tuple[Criterion, ...]] = {
        ApplicationType.LISTING_APPROVAL: APPROVAL_CRITERIA,
        ApplicationType.LISTING_APPROVAL_ACCREDITATION: APPROVAL_CRITERIA + ACCREDITATION_CRITERIA,
        ApplicationType.ACCREDITATION: accreditation,
        ApplicationType.CHANGE: APPROVAL_CRITERIA,
        ApplicationType.EQUIVALENCY: EQUIVALENCY_CRITERIA,
    }
    return by_type[application_type]


@computes("MAAR-approval", "MAAR-accreditation")
def check_decision_ready(
    criteria: tuple[Criterion, ...], judgements: dict[str, Judgement], *, approve: bool
) -> list[Problem]:
    """Check an approval can be made: every criterion judged, none not met (LOR-13.2, 13.3)."""
    if not approve:
        return []
    findings = []
    for criterion in criteria:
        judgement = judgements.get(criterion.code)
        if judgement is None:
            message = f"Criterion {criterion.title} has not been judged."
        elif judgement is Judgement.NOT_MET:
            message = f"Criterion {criterion.title} is not met: the application cannot be approved."
        else:
            continue
        findings.append(
            Problem(criterion.rule_id, message, field=criterion.code, severity=Severity.BLOCK)
        )
    return findings


@computes("WDC-support")
def check_support_letter(
    application_type: ApplicationType,
    *,
    org_type: str,
    support: str,
    listed_on: date | None,
    cutover_2022: date,
) -> list[Problem]:
    """Flag an application by a provider that needs a WDC/ISB support letter (WDC-support).

    A new listing needs one; so does a change to a micro-credential first listed before the
    2022 rules took effect (`listed_on` before the cut-over), while a change to one listed since
    does not. Accreditation only needs none (consultation is recommended). `support` is
    "provided", "declined", "not_sought" or ""; a declined letter does not stop submission.
    """
    new_listing = application_type in (
        ApplicationType.LISTING_APPROVAL,
        ApplicationType.LISTING_APPROVAL_ACCREDITATION,
    )
    older_listing = (
        application_type is ApplicationType.CHANGE
        and listed_on is not None
        and listed_on < cutover_2022
    )
    if not (new_listing or older_listing) or org_type in ("wdc", "isb", "nzqa"):
        return []
    if support == "provided":
        return []
    if support == "declined":
        message = "The WDC/ISB declined to support this application; the evaluator will weigh that."
    elif new_listing:
        message = "A new listing by a provider needs a support letter from the relevant WDC/ISB."
    else:
        assert listed_on is not None  # an older listing has its listing date
        message = (
            f"This micro-credential was listed on {day_text(listed_on)}, before the 2022 rules "
            "took effect: a change to it needs a support letter from the relevant WDC/ISB."
        )
    return [Problem("WDC-support", message, field="isb_support", severity=Severity.FLAG)]


@computes("APP-acc-only", "VER-1")
def check_accreditation_target(
    application_type: ApplicationType, *, listing_status: str | None
) -> list[Problem]:
    """Accreditation only, and changes, need a listed micro-credential (APP-acc-only, VER-1)."""
    if application_type is ApplicationType.ACCREDITATION:
        if listing_status == "current":
            return []
        message = (
            "Accreditation only needs a listed, approved micro-credential in current status"
            + ("." if listing_status is None else f"; this one is {listing_status}.")
        )
        return [Problem("APP-acc-only", message, field="listing_number", severity=Severity.BLOCK)]
    if application_type is ApplicationType.CHANGE and listing_status not in ("current", "expiring"):
        message = "A change needs a listed micro-credential that is current or expiring."
        return [Problem("VER-1", message, field="listing_number", severity=Severity.BLOCK)]
    return []


@computes("MAAR-consent")
def check_consent_to_assess(standards_used: Sequence[str]) -> list[Problem]:
    """Flag an accreditation whose micro-credential uses standards on the Directory of
    Assessment and Skill Standards: accreditation grants consent to assess them, so the
    applicant shows how it meets the consent and moderation requirements (MAAR-consent)."""
    if not standards_used:
        return []
    message = (
        "It uses standards on the Directory of Assessment and Skill Standards: show how you "
        "meet the consent and moderation requirements; accreditation grants consent to assess."
    )
    return [
        Problem("MAAR-consent", message, field="accreditation_assessment", severity=Severity.FLAG)
    ]


@computes("CONDITIONS")
def check_conditions(
    judgements: Iterable[Judgement], conditions: Sequence[tuple[str, date]], *, today: date
) -> list[Problem]:
    """Check the conditions of an approval: stated when a criterion is met with conditions, and
    none due before today. `conditions` are (text, due date) pairs (CONDITIONS)."""
    findings = []
    if Judgement.MET_WITH_CONDITIONS in judgements and not conditions:
        message = "A criterion is met with conditions: state them."
        findings.append(Problem("CONDITIONS", message, field="conditions", severity=Severity.BLOCK))
    findings += [
        Problem(
            "CONDITIONS",
            f"Condition “{text}” is due before today.",
            field="conditions",
            severity=Severity.BLOCK,
        )
        for text, due_on in conditions
        if due_on < today
    ]
    return findings


@computes("LOR-13.1")
def check_information_request(questions: str, *, due_on: date, today: date) -> list[Problem]:
    """Check a request for further information: it says what is needed, and the reply is due
    after today; the application then waits for the reply (LOR-13.1)."""
    findings = []
    if not questions.strip():
        message = "Say what information is needed."
        findings.append(Problem("LOR-13.1", message, field="questions", severity=Severity.BLOCK))
    if due_on <= today:
        message = "The reply must be due after today."
        findings.append(Problem("LOR-13.1", message, field="due_on", severity=Severity.BLOCK))
    return findings


@computes("LOR-13.3")
def check_decline(reasons: str) -> list[Problem]:
    """Check that a declined application carries the reasons for declining it (LOR-13.3)."""
    if reasons.strip():
        return []
    return [
        Problem(
            "LOR-13.3", "Give the reasons for declining.", field="reasons", severity=Severity.BLOCK
        )
    ]


@computes("EQV-window")
def statements_archived(on: date, *, archived_from: date) -> bool:
    """Say whether the public register of statements of equivalency is archived (read-only) on
    the day: from `archived_from` (policy) on (EQV-window)."""
    return on >= archived_from
